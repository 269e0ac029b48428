/** How a lead's search is matched: the stored text of a recruit, and the needle made of a query. */
import { describe, expect, it } from 'vitest'
import { foldForSearch, indexProbe, recruitSearchText, searchNeedle } from '~/domain/recruits.ts'

describe('recruit search', () => {
  it('keeps a name folded (lower case, ё as е, one space), the phone with 7 and with 8, and the IIN', () => {
    expect(recruitSearchText({ fullName: '  Пётр   СЕМЁНОВ ', phone: '+7 701 103-08-09', iin: '870607443024' })).toBe('петр семенов | 77011030809 | 87011030809 | 870607443024')
    expect(foldForSearch('Әсел  ҚАСЫМОВА')).toBe('әсел қасымова')
  })

  it('makes a number of what looks like one, and folds the rest as names are', () => {
    expect(searchNeedle('8 (701) 103-08-09')).toBe('87011030809')
    expect(searchNeedle('+7 701 103 08 09')).toBe('77011030809')
    expect(searchNeedle('СемЁнов')).toBe('семенов')
  })

  it('leaves out LIKE’s wildcards and escape, which would otherwise match every recruit', () => {
    expect(searchNeedle('%')).toBe('')
    expect(searchNeedle('___')).toBe('')
    expect(searchNeedle('сем%нов')).toBe('семнов')
    expect(searchNeedle('a\\_b')).toBe('ab')
  })

  it('asks the trigram index for a long number by its last seven digits, and for anything else whole', () => {
    expect(indexProbe('87011030809')).toBe('1030809')
    expect(indexProbe('870607443024')).toBe('7443024')
    expect(indexProbe('1030809')).toBe('1030809')
    expect(indexProbe('семенов')).toBe('семенов')
    expect(indexProbe('семенов 87011030809')).toBe('семенов 87011030809')
    // Whatever it asks is inside the needle, so every recruit the needle finds is among the index's candidates.
    for (const needle of ['87011030809', '77011030809', '870607443024', 'петр', 'a"b']) expect(needle.includes(indexProbe(needle))).toBe(true)
  })
})
