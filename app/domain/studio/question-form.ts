/**
 * The studio's question editor as pure rules: a bank question as flat form fields and back, which
 * translations are missing, which structural rules a question breaks (as translatable codes), and
 * the rewrite of that one question inside the bank's YAML (comments and other questions untouched).
 *
 * A question with missing translations is still a valid draft here; publishing refuses it through
 * the bank's own schema, which is the point: trainers save work in progress, learners never see it.
 */
import { isMap, isSeq, parseDocument, type Node } from 'yaml'
import { z } from 'zod'
import { QUIZ_ID } from '../content/course-schema.ts'
import { bankErrors, QUESTION_TEXT_MAX, questionSchema, questionTypes, type Question, type QuestionType } from '../exam/bank.ts'
import { locales, type Locale } from '../locale.ts'

export type Texts = Record<Locale, string>

export interface OptionRow {
  id: string
  text: Texts
  correct: boolean
  feedback: Texts
}
export interface ItemRow {
  id: string
  text: Texts
}
export interface PairRow {
  id: string
  left: Texts
  right: Texts
  /** The right-hand side's own id, kept as the bank has it (see rightIdOf); empty when the bank gives none. */
  rightId?: string
}

/** Every field any question type has; a type uses its own rows and ignores the others. */
export interface QuestionDraft {
  id: string
  topic: string
  type: QuestionType
  text: Texts
  explanation: Texts
  options: OptionRow[]
  answer: boolean | null
  items: ItemRow[]
  pairs: PairRow[]
  /** Accepted short answers per language, one per line. */
  accepted: Texts
}

export type RowKind = 'option' | 'item' | 'pair'

/** The bank's limits on rows, mirrored so the editor can offer (or stop offering) another row. */
export const MAX_ROWS = 8

const emptyTexts = (): Texts => ({ ru: '', kk: '', en: '' })

export function isQuestionType(value: unknown): value is QuestionType {
  return typeof value === 'string' && (questionTypes as readonly string[]).includes(value)
}

/** The row kind a question type edits, if any. */
export function rowKindOf(type: QuestionType): RowKind | null {
  if (type === 'single' || type === 'multiple') return 'option'
  if (type === 'ordering') return 'item'
  if (type === 'matching') return 'pair'
  return null
}

const LETTERS = 'abcdefghijklmnopqrstuvwxyz'

/** A row id not used yet: letters for options, item-N / pair-N otherwise. */
export function nextRowId(kind: RowKind, used: readonly string[]): string {
  if (kind === 'option') {
    for (const letter of LETTERS) if (!used.includes(letter)) return letter
  }
  for (let n = 1; ; n++) if (!used.includes(`${kind}-${n}`)) return `${kind}-${n}`
}

function emptyRow(kind: RowKind, used: readonly string[]) {
  const id = nextRowId(kind, used)
  if (kind === 'option') return { id, text: emptyTexts(), correct: false, feedback: emptyTexts() }
  if (kind === 'item') return { id, text: emptyTexts() }
  return { id, left: emptyTexts(), right: emptyTexts() }
}

const ROWS_OF_NEW: Record<QuestionType, number> = { single: 4, multiple: 4, truefalse: 0, ordering: 3, matching: 3, short: 0 }

/** A blank question of a type, with as many rows as such a question usually has. */
export function emptyDraft(type: QuestionType): QuestionDraft {
  const draft: QuestionDraft = { id: '', topic: '', type, text: emptyTexts(), explanation: emptyTexts(), options: [], answer: type === 'truefalse' ? true : null, items: [], pairs: [], accepted: emptyTexts() }
  const kind = rowKindOf(type)
  for (let i = 0; kind && i < ROWS_OF_NEW[type]; i++) addRow(draft, kind)
  return draft
}

export function addRow(draft: QuestionDraft, kind: RowKind): QuestionDraft {
  if (kind === 'option' && draft.options.length < MAX_ROWS) draft.options.push(emptyRow('option', draft.options.map((o) => o.id)) as OptionRow)
  if (kind === 'item' && draft.items.length < MAX_ROWS) draft.items.push(emptyRow('item', draft.items.map((o) => o.id)) as ItemRow)
  if (kind === 'pair' && draft.pairs.length < MAX_ROWS) draft.pairs.push(emptyRow('pair', draft.pairs.map((o) => o.id)) as PairRow)
  return draft
}

export function removeRow(draft: QuestionDraft, kind: RowKind, index: number): QuestionDraft {
  if (kind === 'option') draft.options.splice(index, 1)
  if (kind === 'item') draft.items.splice(index, 1)
  if (kind === 'pair') draft.pairs.splice(index, 1)
  return draft
}

/** Moves an ordering item (the written order is the answer) one place up or down. */
export function moveItem(draft: QuestionDraft, index: number, by: -1 | 1): QuestionDraft {
  const target = index + by
  const item = draft.items[index]
  const other = draft.items[target]
  if (item && other) {
    draft.items[target] = item
    draft.items[index] = other
  }
  return draft
}

// ——— From the bank (tolerant: a draft bank need not validate) ———

const str = (value: unknown) => (typeof value === 'string' ? value : typeof value === 'number' ? String(value) : '')
const record = (value: unknown): Record<string, unknown> => (value && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : {})
const list = (value: unknown): unknown[] => (Array.isArray(value) ? value : [])
const texts = (value: unknown): Texts => {
  const r = record(value)
  return { ru: str(r.ru), kk: str(r.kk), en: str(r.en) }
}

export function questionToDraft(raw: Record<string, unknown>): QuestionDraft {
  const type = isQuestionType(raw.type) ? raw.type : 'single'
  const accepted = record(raw.accepted)
  return {
    id: str(raw.id),
    topic: str(raw.topic),
    type,
    text: texts(raw.text),
    explanation: texts(raw.explanation),
    options: list(raw.options).map((o) => ({ id: str(record(o).id), text: texts(record(o).text), correct: record(o).correct === true, feedback: texts(record(o).feedback) })),
    answer: typeof raw.answer === 'boolean' ? raw.answer : null,
    items: list(raw.items).map((i) => ({ id: str(record(i).id), text: texts(record(i).text) })),
    pairs: list(raw.pairs).map((p) => ({ id: str(record(p).id), left: texts(record(p).left), right: texts(record(p).right), ...(record(p).rightId ? { rightId: str(record(p).rightId) } : {}) })),
    accepted: Object.fromEntries(locales.map((l) => [l, list(accepted[l]).map(str).join('\n')])) as Texts,
  }
}

// ——— From the form ———

/** A field as posted (the editor's form is read raw): a string, or missing. Sent twice, it is not this form's post. */
const posted = z.string().optional()
const postedTexts = z.object({ ru: posted, kk: posted, en: posted }).optional()
const postedRow = z.object({ id: posted, text: postedTexts, feedback: postedTexts, correct: posted, left: postedTexts, right: postedTexts, rightId: posted })
/** Rows by their number in the form (`option.0.…`, `option.1.…`). */
const postedRows = z.record(z.string(), postedRow).optional()

/** The editor's fields (`text.ru`, `option.0.text.kk`, `option.0.correct`, `pair.1.left.en`…), as conform nests them. */
export const questionFieldsSchema = z.object({
  /** Only a new question chooses its type. */
  type: posted,
  id: posted,
  topic: posted,
  text: postedTexts,
  explanation: postedTexts,
  option: postedRows,
  item: postedRows,
  pair: postedRows,
  answer: posted,
  accepted: postedTexts,
})
export type QuestionFields = z.output<typeof questionFieldsSchema>

type RowIntent = `${'remove' | 'up' | 'down'}:${number}`
/** The editor's buttons: save (also the default), add a row, and remove or move row n. */
export const editorIntents = ['save', 'add', ...Array.from({ length: MAX_ROWS + 1 }, (_, i): RowIntent[] => [`remove:${i}`, `up:${i}`, `down:${i}`]).flat()] as const

/** The question page's post: the editor's form with one of its buttons, or deleting the question (confirmed). */
export const questionActionSchema = z.discriminatedUnion(
  'intent',
  [questionFieldsSchema.extend({ intent: z.enum(editorIntents).default('save') }), z.object({ intent: z.literal('delete'), confirm: posted })],
  { error: 'studio.questions.errors.invalid' },
)

/** Reads the editor's fields into a draft: texts trimmed (short answers as typed), wholly blank rows dropped. */
export function readQuestionForm(fields: QuestionFields, type: QuestionType): QuestionDraft {
  const field = (value: string | undefined) => (value ?? '').replace(/\r\n?/g, '\n').slice(0, QUESTION_TEXT_MAX + 1)
  const textsOf = (texts: z.output<typeof postedTexts>): Texts => ({ ru: field(texts?.ru).trim(), kk: field(texts?.kk).trim(), en: field(texts?.en).trim() })
  const rows = <T>(given: z.output<typeof postedRows>, read: (row: z.output<typeof postedRow>) => T, blank: (row: T) => boolean) => {
    const result: T[] = []
    // One spare row beyond the limit, so an over-long list is reported rather than cut silently.
    for (let i = 0; i <= MAX_ROWS; i++) {
      const posted = given?.[String(i)]
      // A row is in the form when its id field is (even empty).
      if (posted?.id === undefined) continue
      const row = read(posted)
      if (!blank(row)) result.push(row)
    }
    return result
  }
  const noText = (t: Texts) => !t.ru && !t.kk && !t.en
  const draft: QuestionDraft = {
    id: field(fields.id).trim(),
    topic: field(fields.topic).trim(),
    type,
    text: textsOf(fields.text),
    explanation: textsOf(fields.explanation),
    options: [],
    answer: null,
    items: [],
    pairs: [],
    accepted: emptyTexts(),
  }
  const kind = rowKindOf(type)
  if (kind === 'option')
    draft.options = rows(
      fields.option,
      (r) => ({ id: field(r.id).trim(), text: textsOf(r.text), correct: r.correct !== undefined, feedback: textsOf(r.feedback) }),
      (o) => !o.id && noText(o.text) && noText(o.feedback) && !o.correct,
    )
  if (kind === 'item')
    draft.items = rows(
      fields.item,
      (r) => ({ id: field(r.id).trim(), text: textsOf(r.text) }),
      (i) => !i.id && noText(i.text),
    )
  if (kind === 'pair')
    draft.pairs = rows(
      fields.pair,
      (r) => ({ id: field(r.id).trim(), left: textsOf(r.left), right: textsOf(r.right), ...(field(r.rightId).trim() ? { rightId: field(r.rightId).trim() } : {}) }),
      (r) => !r.id && noText(r.left) && noText(r.right),
    )
  if (type === 'truefalse') draft.answer = fields.answer === 'true' ? true : fields.answer === 'false' ? false : null
  if (type === 'short') draft.accepted = { ru: field(fields.accepted?.ru), kk: field(fields.accepted?.kk), en: field(fields.accepted?.en) }
  // A row with text but no id gets one, so a trainer never has to invent ids.
  for (const [rowsOf, k] of [
    [draft.options, 'option'],
    [draft.items, 'item'],
    [draft.pairs, 'pair'],
  ] as const) {
    for (const row of rowsOf) if (!row.id) row.id = nextRowId(k, rowsOf.map((r) => r.id))
  }
  return draft
}

const lines = (text: string) =>
  text
    .split('\n')
    .map((l) => l.trim())
    .filter(Boolean)

// ——— To the bank ———

/** The question as it is written to the bank, keys in the bank's usual order; empty translations stay empty. */
export function draftToQuestion(d: QuestionDraft): Record<string, unknown> {
  const head = { id: d.id, topic: d.topic, type: d.type, text: { ...d.text } }
  const tail = { explanation: { ...d.explanation } }
  switch (d.type) {
    case 'single':
    case 'multiple':
      return {
        ...head,
        options: d.options.map((o) => ({ id: o.id, text: { ...o.text }, ...(o.correct ? { correct: true } : {}), ...(o.feedback.ru || o.feedback.kk || o.feedback.en ? { feedback: { ...o.feedback } } : {}) })),
        ...tail,
      }
    case 'truefalse':
      return { ...head, answer: d.answer, ...tail }
    case 'ordering':
      return { ...head, items: d.items.map((i) => ({ id: i.id, text: { ...i.text } })), ...tail }
    case 'matching':
      return { ...head, pairs: d.pairs.map((p) => ({ id: p.id, left: { ...p.left }, right: { ...p.right }, ...(p.rightId ? { rightId: p.rightId } : {}) })), ...tail }
    case 'short':
      return { ...head, accepted: Object.fromEntries(locales.map((l) => [l, lines(d.accepted[l])])), ...tail }
  }
}

// ——— Checks ———

/** A text field left empty in one language: `field` names the place, `row` the option/item/pair (from 0). */
export interface MissingText {
  field: 'text' | 'explanation' | 'option' | 'feedback' | 'item' | 'left' | 'right' | 'accepted'
  row?: number
  locale: Locale
}

export function missingTranslations(d: QuestionDraft): MissingText[] {
  const missing: MissingText[] = []
  const check = (t: Texts, field: MissingText['field'], row?: number) => {
    for (const locale of locales) if (!t[locale].trim()) missing.push(row === undefined ? { field, locale } : { field, row, locale })
  }
  check(d.text, 'text')
  const kind = rowKindOf(d.type)
  if (kind === 'option')
    d.options.forEach((o, i) => {
      check(o.text, 'option', i)
      // Feedback is optional, but once written it is needed in every language.
      if (o.feedback.ru || o.feedback.kk || o.feedback.en) check(o.feedback, 'feedback', i)
    })
  if (kind === 'item') d.items.forEach((item, i) => check(item.text, 'item', i))
  if (kind === 'pair')
    d.pairs.forEach((p, i) => {
      check(p.left, 'left', i)
      check(p.right, 'right', i)
    })
  if (d.type === 'short') for (const locale of locales) if (lines(d.accepted[locale]).length === 0) missing.push({ field: 'accepted', locale })
  check(d.explanation, 'explanation')
  return missing
}

/** A structural problem: `field` is the form's place (`id`, `options`, `options.2.id`…), `code` a key under studio.questions.errors. */
export interface FieldError {
  field: string
  code: 'id' | 'idTaken' | 'topic' | 'rowId' | 'rowIdRepeated' | 'tooFew' | 'tooMany' | 'tooLong' | 'answer' | 'oneCorrect' | 'twoCorrect' | 'oneWrong' | 'invalid'
  values?: Record<string, number>
}

export type QuestionCheck = { ok: true; question: Question; value: Record<string, unknown>; missing: MissingText[] } | { ok: false; errors: FieldError[]; missing: MissingText[] }

const PLACEHOLDER = '…'

/** The question with every missing translation filled in, so the schema judges structure alone. */
function withPlaceholders(value: Record<string, unknown>): unknown {
  const fill = (node: unknown, key: string | null): unknown => {
    if (Array.isArray(node)) return key === 'ru' || key === 'kk' || key === 'en' ? (node.length ? node : [PLACEHOLDER]) : node.map((n) => fill(n, null))
    if (node && typeof node === 'object') return Object.fromEntries(Object.entries(node).map(([k, v]) => [k, fill(v, k)]))
    if ((key === 'ru' || key === 'kk' || key === 'en') && node === '') return PLACEHOLDER
    return node
  }
  return fill(value, null)
}

const ROWS_KEY: Record<RowKind, 'options' | 'items' | 'pairs'> = { option: 'options', item: 'items', pair: 'pairs' }

/**
 * Checks a question as the bank will (its zod schema and the rules of bankErrors) except for missing
 * translations, which are returned as `missing` instead. `otherIds`: ids of the bank's other questions.
 */
export function checkQuestion(d: QuestionDraft, otherIds: readonly string[]): QuestionCheck {
  const value = draftToQuestion(d)
  const missing = missingTranslations(d)
  const errors: FieldError[] = []
  const add = (e: FieldError) => {
    if (!errors.some((x) => x.field === e.field && x.code === e.code)) errors.push(e)
  }
  if (!QUIZ_ID.test(d.id)) add({ field: 'id', code: 'id' })
  else if (otherIds.includes(d.id)) add({ field: 'id', code: 'idTaken' })
  if (!QUIZ_ID.test(d.topic)) add({ field: 'topic', code: 'topic' })
  if (d.type === 'truefalse' && d.answer === null) add({ field: 'answer', code: 'answer' })
  // The accepted answers are one field per language (a line each), cut at one character past the
  // limit as it is read: refused whole, so a long list is never saved without its last line.
  if (d.type === 'short') for (const l of locales) if (d.accepted[l].length > QUESTION_TEXT_MAX) add({ field: `accepted.${l}`, code: 'tooLong' })
  const kind = rowKindOf(d.type)
  if (kind) {
    const rowsKey = ROWS_KEY[kind]
    const ids: string[] = (rowsKey === 'options' ? d.options : rowsKey === 'items' ? d.items : d.pairs).map((r) => r.id)
    ids.forEach((id, i) => {
      if (!QUIZ_ID.test(id)) add({ field: `${rowsKey}.${i}.id`, code: 'rowId' })
      else if (ids.indexOf(id) !== i) add({ field: `${rowsKey}.${i}.id`, code: 'rowIdRepeated' })
    })
    const min = d.type === 'single' || d.type === 'matching' ? 2 : 3
    if (ids.length < min) add({ field: rowsKey, code: 'tooFew', values: { min } })
    if (ids.length > MAX_ROWS) add({ field: rowsKey, code: 'tooMany', values: { max: MAX_ROWS } })
  }
  const right = d.options.filter((o) => o.correct).length
  if (d.type === 'single' && right !== 1) add({ field: 'options', code: 'oneCorrect' })
  if (d.type === 'multiple' && right < 2) add({ field: 'options', code: 'twoCorrect' })
  if (d.type === 'multiple' && right > 0 && right === d.options.length) add({ field: 'options', code: 'oneWrong' })

  const parsed = questionSchema.safeParse(withPlaceholders(value))
  if (!parsed.success) {
    for (const issue of parsed.error.issues) {
      const field = issue.path.map(String).join('.')
      // The checks above already name these places in words a trainer reads.
      if (errors.some((e) => field === e.field || field.startsWith(`${e.field}.`))) continue
      add({ field: field || 'id', code: issue.code === 'too_big' ? 'tooLong' : 'invalid' })
    }
  }
  if (errors.length || !parsed.success) return { ok: false, errors: errors.length ? errors : [{ field: 'id', code: 'invalid' }], missing }
  // The bank's own rules, run on a one-question bank, as a last net for anything not mirrored above.
  const rest = bankErrors({ id: 'check', title: { ru: '-', kk: '-', en: '-' }, rules: { draw: 1, passPercent: 80, timeLimitMinutes: 1, maxAttempts: 1, cooldownMinutes: 0, shuffleQuestions: true, shuffleOptions: true, showAnswers: 'never', multipleChoiceScoring: 'partial' }, questions: [parsed.data] })
  if (rest.length) return { ok: false, errors: [{ field: 'id', code: 'invalid' }], missing }
  // Previewed as written: a missing translation shows as the empty text it is.
  return { ok: true, question: value as unknown as Question, value, missing }
}

// ——— The bank's YAML ———

export type BankEdit = { ok: true; source: string } | { ok: false; reason: 'unreadable' | 'unknownQuestion' }

/** The bank's own style: no folding, new text double-quoted like the rest. */
const WRITE_OPTIONS = { lineWidth: 0, defaultStringType: 'QUOTE_DOUBLE', defaultKeyType: 'PLAIN' } as const

function questionsSeq(source: string) {
  const doc = parseDocument(source)
  if (doc.errors.length) return null
  const seq = doc.get('questions', true)
  if (!isSeq(seq)) return null
  // `[a, b]` or `[ a, b ]`: whichever writes the untouched file back as it is.
  const padding = doc.toString({ ...WRITE_OPTIONS, flowCollectionPadding: false }) !== source
  return { doc, seq, options: { ...WRITE_OPTIONS, flowCollectionPadding: padding } }
}

const idOf = (node: unknown) => (isMap(node) ? str(node.get('id')) : '')

/**
 * Writes one question into the bank: over the question now called `currentId`, or appended when
 * that is null. Only that question's node changes; comments and layout of the rest stay as they were.
 */
export function writeQuestion(source: string, currentId: string | null, value: Record<string, unknown>): BankEdit {
  const parts = questionsSeq(source)
  if (!parts) return { ok: false, reason: 'unreadable' }
  const { doc, seq, options } = parts
  const node = doc.createNode(value) as Node
  // Accepted answers are short lists, written on one line each as in the bank.
  const accepted = isMap(node) ? node.get('accepted', true) : null
  if (isMap(accepted)) for (const pair of accepted.items) if (isSeq(pair.value)) pair.value.flow = true
  if (currentId === null) {
    const last = seq.items.at(-1)
    // Keep the bank's habit of a blank line between questions.
    if (last && (last as Node).spaceBefore) node.spaceBefore = true
    seq.items.push(node)
    return { ok: true, source: doc.toString(options) }
  }
  const index = seq.items.findIndex((item) => idOf(item) === currentId)
  const old = seq.items[index] as Node | undefined
  if (!old) return { ok: false, reason: 'unknownQuestion' }
  node.spaceBefore = old.spaceBefore
  node.commentBefore = old.commentBefore
  node.comment = old.comment
  doc.setIn(['questions', index], node)
  return { ok: true, source: doc.toString(options) }
}

export function deleteQuestion(source: string, id: string): BankEdit {
  const parts = questionsSeq(source)
  if (!parts) return { ok: false, reason: 'unreadable' }
  const index = parts.seq.items.findIndex((item) => idOf(item) === id)
  if (index < 0) return { ok: false, reason: 'unknownQuestion' }
  parts.doc.deleteIn(['questions', index])
  return { ok: true, source: parts.doc.toString(parts.options) }
}
