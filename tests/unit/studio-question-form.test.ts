/** The question editor's pure rules: form fields ↔ bank question, checks, and the one-question YAML rewrite. */
import fs from 'node:fs'
import { parseWithZod } from '@conform-to/zod/v4'
import { describe, expect, it } from 'vitest'
import { parse } from 'yaml'
import { examBankSchema, questionSchema } from '~/domain/exam/bank.ts'
import {
  addRow,
  checkQuestion,
  deleteQuestion,
  draftToQuestion,
  emptyDraft,
  missingTranslations,
  moveItem,
  nextRowId,
  questionToDraft,
  questionFieldsSchema,
  readQuestionForm,
  removeRow,
  writeQuestion,
  type QuestionDraft,
  type QuestionFields,
} from '~/domain/studio/question-form.ts'

const REAL_BANK = fs.readFileSync('content/courses/observer-basics/exam/basics-final.yaml', 'utf8')
const realQuestions = (parse(REAL_BANK) as { questions: Array<Record<string, unknown>> }).questions

const tri = (s: string) => ({ ru: `${s} ru`, kk: `${s} kk`, en: `${s} en` })

function singleDraft(): QuestionDraft {
  const d = emptyDraft('single')
  d.id = 'q-new'
  d.topic = 'rights'
  d.text = tri('Question')
  d.explanation = tri('Because')
  d.options = [
    { id: 'a', text: tri('Yes'), correct: true, feedback: { ru: '', kk: '', en: '' } },
    { id: 'b', text: tri('No'), correct: false, feedback: tri('Not so') },
  ]
  return d
}

/** The editor's fields as conform parses the posted form (raw, as the route reads it). */
function formOf(fields: Record<string, string>): QuestionFields {
  const submission = parseWithZod(new URLSearchParams(fields), { schema: questionFieldsSchema, disableAutoCoercion: true })
  if (submission.status !== 'success') throw new Error(JSON.stringify(submission.error))
  return submission.value
}

describe('bank question ↔ draft', () => {
  it('round-trips every question of the real bank unchanged, with nothing missing and nothing wrong', () => {
    const ids = realQuestions.map((q) => String(q.id))
    for (const raw of realQuestions) {
      const draft = questionToDraft(raw)
      expect(draftToQuestion(draft)).toEqual(raw)
      const check = checkQuestion(draft, ids.filter((id) => id !== raw.id))
      expect(check.ok, String(raw.id)).toBe(true)
      expect(check.missing).toEqual([])
    }
  })

  it('reads a tolerant draft from junk without throwing', () => {
    const draft = questionToDraft({ id: 3, type: 'nonsense', options: 'x', text: { ru: 'Вопрос' } })
    expect(draft).toMatchObject({ id: '3', type: 'single', options: [], text: { ru: 'Вопрос', kk: '', en: '' } })
  })

  it('writes short answers one per line, dropping blank lines', () => {
    const d = emptyDraft('short')
    d.accepted = { ru: 'ящик\n\n  урна  \n', kk: 'жәшік', en: 'box' }
    expect(draftToQuestion(d).accepted).toEqual({ ru: ['ящик', 'урна'], kk: ['жәшік'], en: ['box'] })
  })
})

describe('reading the form', () => {
  it('reads texts, options with a correct box, and drops wholly blank rows', () => {
    const d = readQuestionForm(
      formOf({
        id: ' q-x ',
        topic: 'rights',
        'text.ru': 'Вопрос\r\nвторая строка',
        'text.kk': 'Сұрақ',
        'text.en': 'Question',
        'option.0.id': 'a',
        'option.0.text.ru': 'Да',
        'option.0.correct': 'yes',
        'option.1.id': '',
        'option.1.text.en': 'No',
        'option.2.id': '',
        'option.3.id': 'd',
      }),
      'single',
    )
    expect(d.id).toBe('q-x')
    expect(d.text.ru).toBe('Вопрос\nвторая строка')
    expect(d.options.map((o) => [o.id, o.correct])).toEqual([
      ['a', true],
      ['b', false],
      ['d', false],
    ])
  })

  it('reads the true/false answer and the ordering items in the order written', () => {
    expect(readQuestionForm(formOf({ answer: 'false' }), 'truefalse').answer).toBe(false)
    expect(readQuestionForm(formOf({}), 'truefalse').answer).toBeNull()
    const d = readQuestionForm(formOf({ 'item.0.id': 'first', 'item.0.text.ru': '1', 'item.2.id': 'third', 'item.2.text.ru': '3' }), 'ordering')
    expect(d.items.map((i) => i.id)).toEqual(['first', 'third'])
  })
})

describe('rows', () => {
  it('adds rows with fresh ids up to the limit, removes and moves them', () => {
    const d = emptyDraft('single')
    expect(d.options.map((o) => o.id)).toEqual(['a', 'b', 'c', 'd'])
    for (let i = 0; i < 10; i++) addRow(d, 'option')
    expect(d.options).toHaveLength(8)
    removeRow(d, 'option', 0)
    expect(d.options[0]?.id).toBe('b')
    expect(nextRowId('option', ['b', 'c'])).toBe('a')
    expect(nextRowId('pair', ['pair-1'])).toBe('pair-2')
    const o = emptyDraft('ordering')
    moveItem(o, 0, 1)
    expect(o.items.map((i) => i.id)).toEqual(['item-2', 'item-1', 'item-3'])
    moveItem(o, 0, -1)
    expect(o.items.map((i) => i.id)).toEqual(['item-2', 'item-1', 'item-3'])
  })
})

describe('checking a question', () => {
  it('accepts a valid question and returns what the bank schema accepts', () => {
    const check = checkQuestion(singleDraft(), ['other'])
    expect(check.ok).toBe(true)
    if (check.ok) expect(questionSchema.safeParse(check.value).success).toBe(true)
  })

  it('lets a question with missing translations through, naming each missing field', () => {
    const d = singleDraft()
    d.text.kk = ''
    d.options[1]!.feedback.en = ''
    d.explanation = { ru: 'Так', kk: '', en: '' }
    const check = checkQuestion(d, [])
    expect(check.ok).toBe(true)
    expect(check.missing).toEqual([
      { field: 'text', locale: 'kk' },
      { field: 'feedback', row: 1, locale: 'en' },
      { field: 'explanation', locale: 'kk' },
      { field: 'explanation', locale: 'en' },
    ])
    // …and the bank schema (what publishing runs) refuses it.
    if (check.ok) expect(questionSchema.safeParse(check.value).success).toBe(false)
  })

  it('refuses structure the bank refuses, as field errors', () => {
    const two = singleDraft()
    two.options[1]!.correct = true
    expect(checkQuestion(two, [])).toMatchObject({ ok: false, errors: [{ field: 'options', code: 'oneCorrect' }] })

    const few = singleDraft()
    few.options = few.options.slice(0, 1)
    expect(checkQuestion(few, [])).toMatchObject({ ok: false, errors: [{ field: 'options', code: 'tooFew', values: { min: 2 } }] })

    const multiple = { ...singleDraft(), type: 'multiple' as const }
    multiple.options = [...multiple.options, { id: 'c', text: tri('Maybe'), correct: false, feedback: { ru: '', kk: '', en: '' } }]
    expect(checkQuestion(multiple, [])).toMatchObject({ ok: false, errors: [{ field: 'options', code: 'twoCorrect' }] })

    const bad = singleDraft()
    bad.id = 'Bad Id'
    bad.options[1]!.id = 'a'
    const check = checkQuestion(bad, [])
    expect(check.ok).toBe(false)
    if (!check.ok) expect(check.errors.map((e) => `${e.field}:${e.code}`)).toEqual(['id:id', 'options.1.id:rowIdRepeated'])

    expect(checkQuestion(singleDraft(), ['q-new'])).toMatchObject({ ok: false, errors: [{ field: 'id', code: 'idTaken' }] })
    expect(checkQuestion({ ...emptyDraft('truefalse'), id: 'tf', topic: 't', answer: null }, [])).toMatchObject({ ok: false, errors: [{ field: 'answer', code: 'answer' }] })

    const long = singleDraft()
    long.text.ru = 'x'.repeat(1001)
    expect(checkQuestion(long, [])).toMatchObject({ ok: false, errors: [{ field: 'text.ru', code: 'tooLong' }] })
  })

  it('refuses accepted answers longer than the field allows rather than saving them without their last line', () => {
    const short = (kk: string) => ({ ...emptyDraft('short'), id: 'q-short', topic: 'rights', text: tri('Question'), explanation: tri('Because'), accepted: { ru: 'урна', kk, en: 'box' } })
    // 999 characters of answers, a line break and one more answer: 1,001 as posted, cut to 1,001 as read.
    const posted = readQuestionForm(formOf({ type: 'short', id: 'q-short', topic: 'rights', 'accepted.ru': 'урна', 'accepted.kk': `${'ә'.repeat(999)}\r\nb`, 'accepted.en': 'box' }), 'short')
    expect(posted.accepted.kk).toHaveLength(1001)
    expect(checkQuestion({ ...posted, text: tri('Question'), explanation: tri('Because') }, [])).toMatchObject({ ok: false, errors: [{ field: 'accepted.kk', code: 'tooLong' }] })
    // At the limit, every line is kept.
    const atLimit = checkQuestion(short(`${'ә'.repeat(998)}\nb`), [])
    expect(atLimit.ok).toBe(true)
    if (atLimit.ok) expect(atLimit.value.accepted).toEqual({ ru: ['урна'], kk: ['ә'.repeat(998), 'b'], en: ['box'] })
    // A bank written by hand: one answer past the limit is the schema's to refuse.
    expect(questionSchema.safeParse(draftToQuestion(short('ә'.repeat(1001)))).success).toBe(false)
  })

  it('needs a translation of feedback only once some feedback is written', () => {
    expect(missingTranslations(singleDraft())).toEqual([])
  })
})

describe('rewriting the bank', () => {
  const bank = `# The final exam of the basics course.
id: "final"
title: { ru: "Экзамен", kk: "Емтихан", en: "Exam" }
rules: { draw: 1, passPercent: 80, timeLimitMinutes: 30, maxAttempts: 3, cooldownMinutes: 60 }
questions:
  # The first question stays exactly as written.
  - id: "q-one"
    topic: "rights"
    type: "truefalse"
    answer: true
    text: { ru: "Верно?", kk: "Дұрыс па?", en: "True?" }
    explanation: { ru: "Так.", kk: "Солай.", en: "So." }

  # A comment before the second question.
  - id: "q-two"
    topic: "rights"
    type: "truefalse"
    answer: false
    text: { ru: "Неверно?", kk: "Бұрыс па?", en: "False?" }
    explanation: { ru: "Так.", kk: "Солай.", en: "So." }
`

  it('replaces one question and leaves every other line, comments included, as it was', () => {
    const d = questionToDraft((parse(bank) as { questions: Array<Record<string, unknown>> }).questions[1]!)
    d.text.ru = 'Новый текст?'
    const result = writeQuestion(bank, 'q-two', draftToQuestion(d))
    expect(result.ok).toBe(true)
    if (!result.ok) return
    const [before, after] = [bank.split('q-two')[0], result.source.split('q-two')[0]]
    expect(after).toBe(before)
    expect(result.source).toContain('  # A comment before the second question.\n  - id: "q-two"')
    expect(result.source).toContain('ru: "Новый текст?"')
    expect(examBankSchema.safeParse(parse(result.source)).success).toBe(true)
  })

  it('rewrites a question of each type in the real bank byte for byte when nothing changed', () => {
    // One of each type: parsing the whole bank per question is slow under a loaded test run.
    const oneOfEachType = [...new Map(realQuestions.map((q) => [q.type, q])).values()]
    expect(oneOfEachType).toHaveLength(6)
    for (const raw of oneOfEachType) {
      const result = writeQuestion(REAL_BANK, String(raw.id), draftToQuestion(questionToDraft(raw)))
      expect(result).toEqual({ ok: true, source: REAL_BANK })
    }
  }, 20_000)

  it('appends a new question and deletes one', () => {
    const added = writeQuestion(bank, null, draftToQuestion(singleDraft()))
    expect(added.ok).toBe(true)
    if (!added.ok) return
    expect((parse(added.source) as { questions: unknown[] }).questions).toHaveLength(3)
    expect(added.source.startsWith(bank)).toBe(true)
    const removed = deleteQuestion(added.source, 'q-one')
    expect(removed.ok).toBe(true)
    if (removed.ok) expect((parse(removed.source) as { questions: Array<{ id: string }> }).questions.map((q) => q.id)).toEqual(['q-two', 'q-new'])
    expect(deleteQuestion(bank, 'nope')).toEqual({ ok: false, reason: 'unknownQuestion' })
    expect(writeQuestion('questions: [oops', 'q-one', {})).toEqual({ ok: false, reason: 'unreadable' })
  })
})
