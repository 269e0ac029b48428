/** `?page=` as a page number from 1; anything else (missing, 0, "abc", huge) is clamped, never an error. */
export function parsePage(searchParams: URLSearchParams, max = 100_000): number {
  const value = Number.parseInt(searchParams.get('page') ?? '1', 10)
  if (!Number.isFinite(value) || value < 1) return 1
  return Math.min(value, max)
}

/** A search box's value: trimmed, bounded, empty as undefined. */
export function parseQuery(searchParams: URLSearchParams, name = 'q'): string | undefined {
  const value = (searchParams.get(name) ?? '').trim().slice(0, 100)
  return value || undefined
}

/** How many pages `total` rows fill at `pageSize` a page: at least one, so an empty list has a page 1. */
export function pageCount(total: number, pageSize: number): number {
  return Math.max(1, Math.ceil(total / pageSize))
}
