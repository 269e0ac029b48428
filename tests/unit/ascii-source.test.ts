import { describe, expect, it } from 'vitest'
import { asciiSource } from '../../app/cli/ascii-source.ts'

/** What a module's code evaluates to (its last expression, `result`). */
function run(code: string): unknown {
  return new Function(`${code}\nreturn result`)() as unknown
}

const nonAscii = /[^\u0020-\u007e\n]/

describe('the server bundle in ASCII', () => {
  it('escapes regular expressions, names and comments, and they mean the same', () => {
    const code = [
      '// Қазақша түсініктеме: «ё»',
      'const kazakh = { ә: "а", ғ: "г" }',
      'const fold = (t) => t.toLowerCase().replace(/[әғ]/g, (c) => kazakh[c] ?? c)',
      'const names = /^(каз|kazakh|қаз)/',
      'const unicode = /[\\p{L}№]+/u',
      'const ranges = /^[а-яё]+$/i',
      'const astral = /😀+/u',
      'const identity = /\\й/',
      'const escaped = /\\\\й/',
      'let счёт = 2',
      'const result = [fold("ӘҒ"), names.test("қазақша"), unicode.exec("№ 12 Алматы")?.[0], ranges.test("ЁЖИК"), astral.test("😀😀"), identity.test("й"), escaped.test("\\\\й"), счёт, `шаблон ${счёт}`]',
    ].join('\n')
    const ascii = asciiSource(code)
    expect(ascii).not.toMatch(nonAscii)
    expect(ascii).toContain('/[\\u04d9\\u0493]/g')
    expect(run(ascii)).toEqual(run(code))
    expect(run(ascii)).toEqual(['аг', true, '№', true, true, true, true, 2, 'шаблон 2'])
  })

  it('leaves a tagged template as it is, since its tag may read the raw text', () => {
    const code = 'const tag = (strings) => strings.raw[0]\nconst result = [tag`сырой\\n`, String.raw`ә`, /ә/.source]'
    const ascii = asciiSource(code)
    expect(ascii).toContain('tag`сырой\\n`')
    expect(ascii).toContain('String.raw`ә`')
    expect(ascii).toContain('/\\u04d9/.source')
    expect(run(ascii)).toEqual(['сырой\\n', 'ә', '\\u04d9'])
  })

  it('returns ASCII code as it is, and fails on what would not parse once escaped', () => {
    const plain = 'const result = /abc/.test("abc")'
    expect(asciiSource(plain)).toBe(plain)
    // A no-break space between tokens is whitespace; escaped, it is not.
    expect(() => asciiSource('const\u00a0result = 1')).toThrow()
    // A line separator ends a line comment: kept, so the code after it still runs.
    const separated = '// comment\u2028const result = 3'
    expect(run(asciiSource(separated))).toBe(3)
  })
})
