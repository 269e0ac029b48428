/**
 * Whether a text's %-codes decode (`decodeURIComponent` does not throw): every `%` followed by two hex
 * digits, and the bytes they make UTF-8. An address path or a cookie that does not is someone's typing
 * or another application's: the HTTP edge answers such a path with its 400 page, and the session
 * reader leaves such a cookie out (app/cli/http-edge.ts, app/server/accounts/session.server.ts).
 */
export function percentDecodes(text: string): boolean {
  try {
    decodeURIComponent(text)
    return true
  } catch {
    return false
  }
}
