import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { attachment } from '~/http/downloads.server.ts'

/** The name a client that reads `filename*` takes from the header (RFC 8187: UTF-8, percent-encoded). */
const extended = (header: string) => decodeURIComponent(/filename\*=UTF-8''([^;\s]+)/.exec(header)?.[1] ?? '')
/** The name a client that reads only `filename` takes. */
const plain = (header: string) => /filename="([^"]*)"/.exec(header)?.[1] ?? null

describe('a download’s Content-Disposition', () => {
  it('gives an ASCII name as it is, both ways', () => {
    const header = attachment('roster_my-ngo_kurultai-2027_KZ-75_by-region_2027-03-01.xlsx')
    expect(header).toBe(`attachment; filename="roster_my-ngo_kurultai-2027_KZ-75_by-region_2027-03-01.xlsx"; filename*=UTF-8''roster_my-ngo_kurultai-2027_KZ-75_by-region_2027-03-01.xlsx`)
  })

  it('gives any other name whole in filename*, and an ASCII stand-in without quotes in filename', () => {
    const header = attachment('Тізім "Қамқор" (1).xlsx')
    expect(plain(header)).toBe('_____ ________ (1).xlsx')
    expect(extended(header)).toBe('Тізім "Қамқор" (1).xlsx')
    expect(header).toContain("filename*=UTF-8''%D0%A2")
    // RFC 8187 leaves no ' ( ) * unencoded in the value.
    expect(/filename\*=UTF-8''(.*)$/.exec(header)?.[1]).not.toMatch(/['()*" ]/)
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme', maxLength: 40 }), (name) => {
        const value = attachment(name)
        expect(value).toMatch(/^[\x20-\x7e]*$/)
        expect(plain(value)).toHaveLength(name.length)
        expect(extended(value)).toBe(name)
      }),
    )
  })
})
