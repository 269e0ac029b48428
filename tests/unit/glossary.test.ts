/**
 * One glossary per language: the interface says a thing one way. A text in a locale file with the
 * other spelling fails here, with its key, so a new text cannot bring the mix back.
 */
import { describe, expect, it } from 'vitest'
import en from '~/i18n/locales/en.json'
import kk from '~/i18n/locales/kk.json'
import ru from '~/i18n/locales/ru.json'

type Tree = { [key: string]: string | Tree }

function texts(tree: Tree, prefix = ''): Array<[string, string]> {
  return Object.entries(tree).flatMap(([key, value]) => (typeof value === 'string' ? [[`${prefix}${key}`, value] as [string, string]] : texts(value, `${prefix}${key}.`)))
}

/** The word the interface uses, and the spellings it does not. */
const glossary: Record<'ru' | 'kk' | 'en', Array<{ use: string; not: RegExp }>> = {
  ru: [
    // "НПО" (неправительственная организация), as the NGO workspace has always been called.
    { use: 'НПО', not: /НКО/ },
    // The product's name in the reader's language.
    { use: 'Школа наблюдателя', not: /Observer School/ },
  ],
  kk: [
    // An application is «өтінім»; «өтініш» is a written statement (to a commission), another thing.
    { use: 'өтінім', not: /өтініш/i },
    { use: 'Бақылаушы мектебі', not: /Observer School/ },
    // An observer is «байқаушы», the word of the Kazakh election law («халықаралық байқаушылар»);
    // «Бақылаушы мектебі» is the product's name and stays as it is.
    { use: 'байқаушы', not: /бақылаушы(?!\s+мектеб)/i },
    // «қабылданды» reads as "accepted": a received application has only been sent.
    { use: 'жіберілді', not: /қабылданып алынды/i },
  ],
  en: [{ use: 'NGO', not: /\bNPO\b|non-?profit/i }],
}

const resources = { ru: texts(ru), kk: texts(kk), en: texts(en) }

describe('glossary', () => {
  for (const locale of ['ru', 'kk', 'en'] as const) {
    for (const { use, not } of glossary[locale]) {
      it(`${locale}: "${use}", never ${String(not)}`, () => {
        expect(resources[locale].filter(([, text]) => not.test(text)).map(([key, text]) => `${key}: ${text}`)).toEqual([])
        expect(resources[locale].some(([, text]) => text.includes(use))).toBe(true)
      })
    }
  }

  it('flags the other spelling (the check can fail)', () => {
    const sample = texts({ admin: { created: 'НКО создана.' } })
    expect(sample.filter(([, text]) => glossary.ru[0]!.not.test(text))).toHaveLength(1)
  })

  it('flags «бақылаушы» in any case form, but not in the product name', () => {
    const observer = glossary.kk.find((entry) => entry.use === 'байқаушы')!.not
    const sample = texts({ a: 'Бақылаушыға жолдама', b: 'бақылаушылардың тізімі', c: 'Бақылаушы мектебінде есептік жазба', d: 'байқаушыны қосу' })
    expect(sample.filter(([, text]) => observer.test(text)).map(([key]) => key)).toEqual(['a', 'b'])
  })
})
