import { describe, expect, it } from 'vitest'
import { idField } from '~/domain/validation/fields.ts'
import { newId } from '~/server/platform/new-id.server.ts'

describe('newId (ids of rows written by plain statements)', () => {
  it('makes ids a form may post back: letters and digits, under the field’s bound', () => {
    const id = newId()
    expect(id).toMatch(/^c[0-9a-z]{28}$/)
    expect(idField.safeParse(id).success).toBe(true)
  })

  it('never makes the same id twice, within one millisecond or across many', () => {
    const now = Date.now()
    const ids = new Set<string>()
    for (let i = 0; i < 20_000; i++) ids.add(newId(now))
    for (let i = 0; i < 20_000; i++) ids.add(newId())
    expect(ids.size).toBe(40_000)
  })

  it('sorts its ids in the order they were made, also within one millisecond', () => {
    const now = Date.now()
    const made = Array.from({ length: 1000 }, (_, i) => newId(now + Math.floor(i / 300)))
    expect([...made].sort()).toEqual(made)
  })

  it('sorts among Prisma’s cuids by time: after one made a millisecond earlier, before one made a millisecond later', () => {
    const now = Date.UTC(2026, 11, 5, 12, 0, 0)
    // A cuid as Prisma's client makes it: "c", 8 characters of time, then counter, fingerprint and random ones.
    const prismaCuid = (at: number) => `c${at.toString(36)}0000abcdefghijkl`
    const id = newId(now)
    expect([prismaCuid(now + 1), id, prismaCuid(now - 1)].sort()).toEqual([prismaCuid(now - 1), id, prismaCuid(now + 1)])
  })
})
