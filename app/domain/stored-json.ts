/** JSON the app stored itself (an upload's headers, rows, mapping or result; a job's payload) read back: null when missing or unreadable. */
export function parseStoredJson(json: string | null): unknown {
  if (!json) return null
  try {
    return JSON.parse(json)
  } catch {
    return null
  }
}
