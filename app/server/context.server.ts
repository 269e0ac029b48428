import type { AppLoadContext } from '@remix-run/node'

declare module '@remix-run/node' {
  interface AppLoadContext {
    clientIp?: string
  }
}

/** The client's address as the HTTP server saw it (behind a proxy: set TRUST_PROXY). */
export function clientIp(context: AppLoadContext | undefined): string {
  return context?.clientIp ?? 'unknown'
}
