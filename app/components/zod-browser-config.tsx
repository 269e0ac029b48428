/**
 * zod without its just-in-time parsers in the browser. zod 4 compiles object parsers with
 * `new Function` where it may, and finds out whether it may by trying `new Function("")` once. This
 * app's Content-Security-Policy has no 'unsafe-eval' (README, Security notes): the try throws, zod
 * catches it, and the browser still reports a `securitypolicyviolation` for it. With `jitless` zod
 * neither tries nor compiles.
 *
 * zod reads its settings from `globalThis.__zod_globalConfig` when its core module loads, and a
 * schema decides at creation; route modules load (and make schemas) before the entry runs, so the
 * setting is a classic script parsed before the page's module scripts. The server keeps the compiled
 * parsers (no such policy there). tests/e2e/fixtures.ts fails any browser test on a
 * `securitypolicyviolation`.
 */
export const ZOD_BROWSER_CONFIG = 'window.__zod_globalConfig=Object.assign(window.__zod_globalConfig||{},{jitless:true})'

export function ZodBrowserConfig({ nonce }: { nonce: string }) {
  return <script nonce={nonce} suppressHydrationWarning dangerouslySetInnerHTML={{ __html: ZOD_BROWSER_CONFIG }} />
}
