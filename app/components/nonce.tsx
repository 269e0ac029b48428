/**
 * The Content-Security-Policy nonce of this response (made per request by app/cli/http-edge.ts,
 * passed through the load context), for the inline scripts Remix renders. Empty in the browser,
 * which hides nonces from the page after parsing, and in development, which sends no CSP.
 */
import { createContext, useContext } from 'react'

const NonceContext = createContext<string>('')

export const NonceProvider = NonceContext.Provider

export function useNonce(): string {
  return useContext(NonceContext)
}
