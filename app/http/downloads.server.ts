/**
 * The Content-Disposition of every download: `filename` in plain ASCII for any client (other
 * characters, quotes and backslashes as "_"), and `filename*` (RFC 6266 with RFC 8187's encoding) with
 * the exact name in UTF-8 for those that read it, as every current browser does. The app's own names
 * are ASCII slugs (rosterFileName), so both say the same; a name with Cyrillic in it still arrives whole.
 */
export function attachment(fileName: string): string {
  const ascii = fileName.replace(/[^\x20-\x7e]|["\\]/g, '_')
  // encodeURIComponent leaves ' ( ) * as they are, which RFC 8187 does not allow; a lone surrogate would make it throw.
  const encoded = encodeURIComponent(fileName.replace(/\p{Cs}/gu, '_')).replace(/['()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`)
  return `attachment; filename="${ascii}"; filename*=UTF-8''${encoded}`
}
