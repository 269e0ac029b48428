import { vitePlugin as remix } from '@remix-run/dev'
import { defineConfig, type Plugin } from 'vite'
import tsconfigPaths from 'vite-tsconfig-paths'
import { asciiSource } from './app/cli/ascii-source.ts'

declare module '@remix-run/node' {
  interface Future {
    v3_singleFetch: true
  }
}

/**
 * The browser's chunks, fewer and larger: a phone's link pays a round trip per file and a browser
 * opens six connections per server, so the lesson page's twelve scripts arrived in waves (issue 15).
 * React, React DOM and Remix make one file every page needs; the small modules the root route pulls
 * in on every page (translations, locale, error view) make another. Route modules stay their own.
 */
function clientChunk(id: string): string | undefined {
  if (/\/node_modules\/(react|react-dom|scheduler|react-router|react-router-dom|@remix-run|turbo-stream)\//.test(id)) return 'framework'
  if (/\/node_modules\/(react-i18next|i18next|remix-i18next|html-parse-stringify|void-elements)\//.test(id)) return 'app-shell'
  if (/\/app\/(i18n\/(locale-urls|light-i18n|config)\.ts|domain\/locale\.ts|components\/(route-error|page-translations|progress-bar|nonce|toast|site-header|focus-first-invalid)\.tsx)$/.test(id)) return 'app-shell'
  return undefined
}

/**
 * The browser's scripts are minified by terser rather than esbuild: on a phone's link the bytes are
 * the load time (issue 15), and terser's output of the same code is about 5% smaller once Brotli has
 * compressed it (the framework chunk 74.1 → 70.7 KB), at the cost of a few seconds of build. Only
 * compress options that keep the code's meaning (no `unsafe*`, no `pure_getters`); otherwise terser's
 * defaults, which tests/e2e exercise (with `collapse_vars` off, the recruit list failed to hydrate).
 * The server build is not minified.
 */
const browserMinify = { minify: 'terser' as const, terserOptions: { module: true, ecma: 2020 as const, compress: { passes: 2 } } }

/**
 * The server bundle's source in ASCII, so V8 keeps it as a one-byte string: one Cyrillic letter in a
 * regular expression made the whole 1.6 million characters two-byte (3.2 instead of 1.6 MB in every
 * worker; issue 15). The browser's chunks stay UTF-8 (fewer bytes over the wire).
 */
function asciiServerBundle(): Plugin {
  return {
    name: 'observer-school:ascii-server-bundle',
    enforce: 'post',
    generateBundle(_, bundle) {
      for (const file of Object.values(bundle)) if (file.type === 'chunk') file.code = asciiSource(file.code)
    },
  }
}

export default defineConfig(({ isSsrBuild }) => ({
  server: { port: Number(process.env.PORT ?? 3000) },
  build: { target: 'es2022', ...(isSsrBuild ? {} : browserMinify), rollupOptions: isSsrBuild ? {} : { output: { manualChunks: clientChunk } } },
  // Crash points (app/server/jobs/crash-points.server.ts) exist only in the test command's build.
  define: { __CRASH_POINTS__: JSON.stringify(process.env.CRASH_POINTS === 'on') },
  ssr: {
    // Prisma's runtime, its driver adapters and native modules stay in node_modules.
    external: ['@prisma/client', '@prisma/adapter-better-sqlite3', '@prisma/adapter-pg', 'better-sqlite3', 'pg', '@node-rs/argon2', 'nodemailer', 'pdfkit', 'qrcode'],
  },
  plugins: [
    !process.env.VITEST &&
      remix({
        future: {
          v3_fetcherPersist: true,
          v3_relativeSplatPath: true,
          v3_throwAbortReason: true,
          v3_lazyRouteDiscovery: true,
          v3_singleFetch: true,
          v3_routeConfig: true,
        },
      }),
    tsconfigPaths(),
    isSsrBuild && asciiServerBundle(),
  ],
}))
