import crypto from 'node:crypto'
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { parseAnswer, publicQuestion, type PublicQuestion } from '~/domain/exam/answers.ts'
import type { Question } from '~/domain/exam/bank.ts'
import type { Answer } from '~/domain/exam/scoring.ts'
import { attemptTokens, decodeFields, encodeAnswer, questionOfToken, type AnswerFields } from '~/domain/exam/tokens.ts'

const t = (s: string) => ({ ru: s, kk: s, en: s })
const base = { topic: 'a', text: t('?'), explanation: t('!') }
const single: Question = { ...base, id: 'single-q', type: 'single', options: ['a', 'b', 'c'].map((id) => ({ id, text: t(`S${id}`), correct: id === 'a' })) }
const multiple: Question = { ...base, id: 'multi-q', type: 'multiple', options: ['a', 'b', 'c', 'd'].map((id) => ({ id, text: t(`M${id}`), correct: id !== 'd' })) }
const truefalse: Question = { ...base, id: 'tf-q', type: 'truefalse', answer: true }
const ordering: Question = { ...base, id: 'order-q', type: 'ordering', items: ['open', 'vote', 'count'].map((id) => ({ id, text: t(`Step ${id}`) })) }
const matching: Question = { ...base, id: 'match-q', type: 'matching', pairs: ['p1', 'p2', 'p3'].map((id) => ({ id, left: t(`L${id}`), right: t(`R${id}`) })) }
const short: Question = { ...base, id: 'short-q', type: 'short', accepted: { ru: ['протокол'], kk: ['хаттама'], en: ['protocol'] } }
const questions = [single, multiple, truefalse, ordering, matching, short]

/** What the server does: HMAC-SHA256 under the attempt's salt, 12 base64url characters. */
const tokensFor = (salt: string) => attemptTokens((message) => crypto.createHmac('sha256', salt).update(message).digest('base64url').slice(0, 12))
const fields = (values: string[] = [], positions: Record<string, string> = {}, matches: Record<string, string> = {}): AnswerFields => ({ values, positions, matches })

const bankIds = new Set(questions.flatMap((q) => [q.id, ...(q.type === 'single' || q.type === 'multiple' ? q.options.map((o) => o.id) : q.type === 'ordering' ? q.items.map((i) => i.id) : q.type === 'matching' ? q.pairs.map((p) => p.id) : []), 'true', 'false']))

/** Every string in a question's page data: ids, names, texts. */
function strings(value: unknown): string[] {
  if (typeof value === 'string') return [value]
  if (Array.isArray(value)) return value.flatMap(strings)
  if (value && typeof value === 'object') return Object.entries(value).flatMap(([k, v]) => [k, ...strings(v)])
  return []
}

const answers: Array<[Question, Answer]> = [
  [single, { type: 'single', optionId: 'a' }],
  [multiple, { type: 'multiple', optionIds: ['a', 'c'] }],
  [truefalse, { type: 'truefalse', value: false }],
  [ordering, { type: 'ordering', itemIds: ['vote', 'open', 'count'] }],
  [matching, { type: 'matching', pairs: { p1: 'p2', p3: 'p3' } }],
  [short, { type: 'short', text: 'протокол' }],
]

describe('per-attempt tokens', () => {
  const tokens = tokensFor('salt-one')

  it('carry no bank id, in the question the page gets or in a saved answer', () => {
    for (const q of questions) {
      const view = publicQuestion(q, 'en', 'seed', true, tokens)
      for (const s of strings(view)) expect(bankIds.has(s), `${q.id}: ${s}`).toBe(false)
    }
    for (const [q, answer] of answers.slice(0, 5)) for (const s of strings(encodeAnswer(q, answer, tokens))) expect(bankIds.has(s), `${q.id}: ${s}`).toBe(false)
  })

  it('differ between attempts, and between the two sides of a matching pair', () => {
    const other = tokensFor('salt-two')
    for (const q of questions) {
      const a = strings(publicQuestion(q, 'en', 'seed', true, tokens))
      const b = new Set(strings(publicQuestion(q, 'en', 'seed', true, other)))
      expect(a.filter((s) => s.length === 12 && b.has(s))).toEqual([])
    }
    const view = publicQuestion(matching, 'en', 'seed', true, tokens)
    if (view.type !== 'matching') throw new Error('matching')
    expect(new Set([...view.left, ...view.right].map((c) => c.id)).size).toBe(6)
  })

  it('map back to the same answer: a saved answer pre-fills the form, and the form reads as that answer', () => {
    for (const [q, answer] of answers) {
      const decoded = decodeFields(q, encodeAnswer(q, answer, tokens), tokens)
      expect(decoded.ok).toBe(true)
      if (decoded.ok) expect(parseAnswer(q, decoded.fields)).toEqual({ ok: true, answer })
    }
  })

  it('find the question a token names among the attempt’s questions only', () => {
    const ids = questions.map((q) => q.id)
    expect(questionOfToken(ids, tokens.question('order-q'), tokens)).toBe('order-q')
    expect(questionOfToken(ids, 'order-q', tokens)).toBeUndefined()
    expect(questionOfToken(ids, tokensFor('salt-two').question('order-q'), tokens)).toBeUndefined()
  })

  it('refuse a bank id, another attempt’s token or a foreign field name in place of a token', () => {
    const other = tokensFor('salt-two')
    expect(decodeFields(single, fields(['a']), tokens)).toEqual({ ok: false, error: 'invalid' })
    expect(decodeFields(single, fields([other.option('single-q', 'a')]), tokens)).toEqual({ ok: false, error: 'invalid' })
    expect(decodeFields(multiple, fields([tokens.option('multi-q', 'a'), 'b']), tokens)).toEqual({ ok: false, error: 'invalid' })
    expect(decodeFields(truefalse, fields(['true']), tokens)).toEqual({ ok: false, error: 'invalid' })
    expect(decodeFields(ordering, fields([], { open: '1' }), tokens)).toEqual({ ok: false, error: 'invalid' })
    expect(decodeFields(matching, fields([], {}, { p1: tokens.option('match-q', 'p1') }), tokens)).toEqual({ ok: false, error: 'invalid' })
    expect(decodeFields(matching, fields([], {}, { [tokens.left('match-q', 'p1')]: 'p1' }), tokens)).toEqual({ ok: false, error: 'invalid' })
    // An option of one question is not an option of another.
    expect(decodeFields(multiple, fields([tokens.option('single-q', 'a')]), tokens)).toEqual({ ok: false, error: 'invalid' })
    // Empty choices stay empty (a matching select left on "choose").
    expect(decodeFields(matching, fields([], {}, { [tokens.left('match-q', 'p1')]: '' }), tokens)).toEqual({ ok: true, fields: fields([], {}, { p1: '' }) })
    expect(decodeFields(single, fields(['']), tokens)).toEqual({ ok: true, fields: fields([]) })
  })

  it('round-trip any ordering the learner gives', () => {
    fc.assert(
      fc.property(fc.shuffledSubarray(['open', 'vote', 'count'], { minLength: 3, maxLength: 3 }), fc.string({ minLength: 1, maxLength: 20 }), (itemIds, salt) => {
        const tk = tokensFor(salt)
        const decoded = decodeFields(ordering, encodeAnswer(ordering, { type: 'ordering', itemIds }, tk), tk)
        return decoded.ok && JSON.stringify(parseAnswer(ordering, decoded.fields)) === JSON.stringify({ ok: true, answer: { type: 'ordering', itemIds } })
      }),
    )
  })
})

describe('the order an attempt shows', () => {
  const tokens = tokensFor('salt')
  const shown = (view: PublicQuestion) => (view.type === 'ordering' ? view.items.map((i) => i.text) : view.type === 'matching' ? view.right.map((r) => r.text) : [])

  it('is never the written order of ordering items (the key) or the left side’s order for matching', () => {
    const orders = new Set<string>()
    for (let i = 0; i < 200; i++) {
      const items = shown(publicQuestion(ordering, 'en', `seed-${i}`, false, tokens))
      expect(items).not.toEqual(['Step open', 'Step vote', 'Step count'])
      orders.add(items.join())
      expect(shown(publicQuestion(matching, 'en', `seed-${i}`, true, tokens))).not.toEqual(['Rp1', 'Rp2', 'Rp3'])
    }
    // Still varies between attempts: every other order of the three items appears.
    expect(orders.size).toBe(5)
  })
})
