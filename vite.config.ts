import { vitePlugin as remix } from '@remix-run/dev'
import { defineConfig } from 'vite'
import tsconfigPaths from 'vite-tsconfig-paths'

declare module '@remix-run/node' {
  interface Future {
    v3_singleFetch: true
  }
}

export default defineConfig({
  server: { port: Number(process.env.PORT ?? 3000) },
  build: { target: 'es2022' },
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
  ],
})
