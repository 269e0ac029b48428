import { db } from '../platform/db.server.ts'

let cache: Promise<Array<{ code: string; nameRu: string; nameKk: string; nameEn: string; isCity: boolean }>> | undefined

/** The 20 first-level units, in the order of their ISO codes. Cached: they change by migration or seed only. */
export function listRegions() {
  cache ??= db.region
    .findMany({ orderBy: { sortOrder: 'asc' }, select: { code: true, nameRu: true, nameKk: true, nameEn: true, isCity: true } })
    .catch((error: unknown) => {
      cache = undefined
      throw error
    })
  return cache
}
