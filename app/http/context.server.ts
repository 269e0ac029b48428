import type { AppLoadContext } from '@remix-run/node'

declare module '@remix-run/node' {
  interface AppLoadContext {
    clientIp?: string
    /** The Content-Security-Policy nonce of this response (production server only). */
    cspNonce?: string
  }
}

/** The client's address as the HTTP server saw it (behind a proxy: set TRUST_PROXY). */
export function clientIp(context: AppLoadContext | undefined): string {
  return context?.clientIp ?? 'unknown'
}
