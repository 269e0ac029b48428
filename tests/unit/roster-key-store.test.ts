/** A roster's keys held as bytes (app/server/rosters/roster-key-store.server.ts): what goes in comes out, key by key. */
import { describe, expect, it } from 'vitest'
import { KeyStore, NO_KEYS } from '~/server/rosters/roster-key-store.server.ts'
import type { RosterKey } from '~/server/rosters/roster-read.server.ts'

const names = ['Тулегенов Сергей', 'Әбішев Нұрлан', 'Ёлкина Анна', 'O’Brien, Mary "May"', '=HYPERLINK("x")', 'Lee', '', 'Жан\nЖол', '𝔘nicode 😀 Ұлы']

function keyAt(i: number, refs: 'number' | 'string'): RosterKey {
  return {
    ref: refs === 'number' ? 1_000_000_000_000 + i : `cmx${i.toString(36).padStart(8, '0')}`,
    fullName: `${names[i % names.length]} ${i}`,
    ngoId: `ngo-${i % 3}`,
    codes: i % 2 ? `BR${i}-OBS, BR${i}-CNT` : `BR${i}-OBS`,
    validUntil: refs === 'number' ? `2027-0${1 + (i % 9)}-01T00:00:00.000+00:00` : new Date(Date.UTC(2027, i % 12, 1)),
  }
}

describe('the roster key store', () => {
  for (const refs of ['number', 'string'] as const) {
    it(`gives back every key as it was added, across chunks of numbers and of text (${refs} references)`, () => {
      const store = new KeyStore()
      // More keys than a chunk of numbers holds (4,096) and more text than a chunk of text (256 KB).
      const count = 12_000
      const long = { ...keyAt(0, refs), fullName: 'Ы'.repeat(100_000) }
      const added = [...Array.from({ length: count }, (_, i) => keyAt(i, refs)), long]
      const positions = added.map((key) => store.add(key))
      expect(positions).toEqual(added.map((_, i) => i))
      expect(store.size).toBe(count + 1)
      for (const [i, key] of added.entries()) {
        expect(store.key(i)).toEqual(key)
        expect(store.name(i)).toBe(key.fullName)
      }
      // One object per NGO and per expiry, shared by the keys.
      expect(store.key(3).ngoId).toBe(store.key(6).ngoId)
      const order = [5, 2, count, 0]
      const list = store.list(order)
      expect(list.length).toBe(4)
      expect(list.slice()).toEqual(order.map((i) => added[i]))
      expect(list.slice(1, 3)).toEqual([added[2], added[count]])
      expect(list.at(3)).toEqual(added[0])
      expect(list.at(4)).toBeUndefined()
      expect(list.at(-1)).toBeUndefined()
      // Each object is new: changing one changes nothing kept.
      const taken = list.at(0)
      if (taken) taken.fullName = 'changed'
      expect(list.at(0)?.fullName).toBe(added[5]?.fullName)
    })
  }

  it('has an empty list for a region without keys', () => {
    expect(NO_KEYS.length).toBe(0)
    expect(NO_KEYS.slice(0, 100)).toEqual([])
    expect(NO_KEYS.at(0)).toBeUndefined()
  })
})
