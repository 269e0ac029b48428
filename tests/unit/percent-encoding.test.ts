/** Whether a text's %-codes decode (app/domain/percent-encoding.ts). */
import { describe, expect, it } from 'vitest'
import { percentDecodes } from '~/domain/percent-encoding.ts'

describe('percentDecodes', () => {
  it('accepts text without codes and well-formed codes, Cyrillic and Kazakh letters included', () => {
    for (const text of ['', '/courses/observer-basics', '/a%20b', '/%D2%9B%D0%B0%D0%B7', 'lng=InJ1Ig%3D%3D', '/%25']) expect(percentDecodes(text), text).toBe(true)
  })

  it('refuses a % without two hex digits and bytes that are not UTF-8', () => {
    for (const text of ['/a%', '%zz', '50%', '/courses/%E0%A4%A', '/%C0%AF', '/%FF', 'x=%E2%82']) expect(percentDecodes(text), text).toBe(false)
  })
})
