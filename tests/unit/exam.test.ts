import { describe, expect, it } from 'vitest'
import { bankErrors, bankWarnings, examBankSchema, type ExamBank, type Question } from '~/domain/exam/bank.ts'
import { drawQuestions, optionOrder, seededShuffle } from '~/domain/exam/draw.ts'
import { normaliseShortAnswer, shortAnswerMatches } from '~/domain/exam/normalise.ts'
import { effective, scoreAttempt, scoreQuestion, type Answer } from '~/domain/exam/scoring.ts'
import { parseAnswer, publicQuestion, questionKey } from '~/domain/exam/answers.ts'
import { attemptTokens } from '~/domain/exam/tokens.ts'
import { coursePassed, trainingDone, trainingLeft } from '~/domain/exam/readiness.ts'
import { attemptDeadline, canStartAttempt, mayShowAnswers, renewalSince, savedInTime, secondsLeft, timerAnnouncement } from '~/domain/exam/timing.ts'

const t = (s: string) => ({ ru: s, kk: s, en: s })
const single: Question = { id: 's', topic: 'a', type: 'single', text: t('?'), explanation: t('!'), options: [{ id: 'a', text: t('A'), correct: false }, { id: 'b', text: t('B'), correct: true }, { id: 'c', text: t('C'), correct: false }] }
const multiple: Question = {
  id: 'm', topic: 'a', type: 'multiple', text: t('?'), explanation: t('!'),
  options: [{ id: 'a', text: t('A'), correct: true }, { id: 'b', text: t('B'), correct: true }, { id: 'c', text: t('C'), correct: true }, { id: 'd', text: t('D'), correct: false }],
}
const truefalse: Question = { id: 'tf', topic: 'a', type: 'truefalse', text: t('!'), explanation: t('!'), answer: false }
const ordering: Question = { id: 'o', topic: 'b', type: 'ordering', text: t('?'), explanation: t('!'), items: ['open', 'vote', 'cancel', 'count'].map((id) => ({ id, text: t(id) })) }
const matching: Question = { id: 'x', topic: 'b', type: 'matching', text: t('?'), explanation: t('!'), pairs: ['p1', 'p2', 'p3', 'p4'].map((id) => ({ id, left: t(id), right: t(id) })) }
const short: Question = { id: 'sh', topic: 'b', type: 'short', text: t('?'), explanation: t('!'), accepted: { ru: ['протокол', 'протокол об итогах'], kk: ['хаттама', 'қорытынды хаттама'], en: ['protocol'] } }

describe('scoring each question type', () => {
  it('single choice: the one right option', () => {
    expect(scoreQuestion(single, { type: 'single', optionId: 'b' }, 'partial')).toEqual({ score: 1, correct: true })
    expect(scoreQuestion(single, { type: 'single', optionId: 'a' }, 'partial').score).toBe(0)
    expect(scoreQuestion(single, { type: 'single', optionId: 'zz' }, 'partial').score).toBe(0)
  })

  it('multiple choice, partial: (right chosen − wrong chosen) ÷ right, never below zero', () => {
    const score = (ids: string[]) => scoreQuestion(multiple, { type: 'multiple', optionIds: ids }, 'partial').score
    expect(score(['a', 'b', 'c'])).toBe(1)
    expect(score(['a', 'b'])).toBeCloseTo(2 / 3)
    expect(score(['a', 'b', 'c', 'd'])).toBeCloseTo(2 / 3)
    expect(score(['a', 'd'])).toBe(0)
    expect(score(['d'])).toBe(0)
    expect(score([])).toBe(0)
    expect(scoreQuestion(multiple, { type: 'multiple', optionIds: ['a', 'b'] }, 'partial').correct).toBe(false)
  })

  it('multiple choice, all-or-nothing', () => {
    expect(scoreQuestion(multiple, { type: 'multiple', optionIds: ['c', 'a', 'b'] }, 'all-or-nothing').score).toBe(1)
    expect(scoreQuestion(multiple, { type: 'multiple', optionIds: ['a', 'b'] }, 'all-or-nothing').score).toBe(0)
  })

  it('true/false', () => {
    expect(scoreQuestion(truefalse, { type: 'truefalse', value: false }, 'partial').score).toBe(1)
    expect(scoreQuestion(truefalse, { type: 'truefalse', value: true }, 'partial').score).toBe(0)
  })

  it('ordering: the exact order only', () => {
    expect(scoreQuestion(ordering, { type: 'ordering', itemIds: ['open', 'vote', 'cancel', 'count'] }, 'partial').score).toBe(1)
    expect(scoreQuestion(ordering, { type: 'ordering', itemIds: ['open', 'vote', 'count', 'cancel'] }, 'partial').score).toBe(0)
    expect(scoreQuestion(ordering, { type: 'ordering', itemIds: ['open', 'vote', 'cancel'] }, 'partial').score).toBe(0)
  })

  it('matching: share of pairs, or all-or-nothing', () => {
    const two = { type: 'matching', pairs: { p1: 'p1', p2: 'p2', p3: 'p4', p4: 'p3' } } as const
    expect(scoreQuestion(matching, two, 'partial').score).toBe(0.5)
    expect(scoreQuestion(matching, two, 'all-or-nothing').score).toBe(0)
    expect(scoreQuestion(matching, { type: 'matching', pairs: { p1: 'p1', p2: 'p2', p3: 'p3', p4: 'p4' } }, 'all-or-nothing').score).toBe(1)
  })

  it('short answer: any language’s accepted answer, case, spacing and Kazakh letters forgiven', () => {
    for (const typed of ['Протокол', '  протокол.', 'ПРОТОКОЛ  ОБ   ИТОГАХ', 'хаттама', 'ҚОРЫТЫНДЫ ХАТТАМА', 'корытынды хаттама', 'Protocol', '«протокол»']) {
      expect(scoreQuestion(short, { type: 'short', text: typed }, 'partial').score, typed).toBe(1)
    }
    for (const typed of ['', '   ', 'бюллетень', 'протест', 'proto', 'протокол о нарушении', 'итоги']) {
      expect(scoreQuestion(short, { type: 'short', text: typed }, 'partial').score, typed).toBe(0)
    }
  })

  it('a missing answer or an answer of the wrong type scores nothing', () => {
    expect(scoreQuestion(single, null, 'partial').score).toBe(0)
    expect(scoreQuestion(single, { type: 'truefalse', value: true }, 'partial').score).toBe(0)
  })
})

describe('matching short answers: synonyms in every language, inflected endings allowed', () => {
  const mobileBox = {
    ru: ['переносной ящик', 'переносной ящик для голосования', 'ящик для голосования вне помещения', 'переносная урна'],
    kk: ['жылжымалы жәшік', 'жылжымалы сайлау жәшігі', 'көшпелі жәшік'],
    en: ['mobile ballot box', 'portable ballot box', 'mobile box'],
  }
  const all = [...mobileBox.ru, ...mobileBox.kk, ...mobileBox.en]
  it.each([
    'переносной ящик',
    'Переносного ящика',
    'переносные ящики',
    'переносную урну',
    'ящик для голосования вне помещения',
    'ящика для голосования вне помещений',
    'жылжымалы жәшік',
    'жылжымалы жәшікті',
    'жылжымалы жәшіктер',
    'жылжымалы жашик',
    'жылжымалы сайлау жәшігі',
    'жылжымалы сайлау жәшігін',
    'Portable ballot box',
    'the mobile ballot box',
    'mobile ballot boxes',
    'a portable ballot box.',
  ])('%j is accepted', (typed) => {
    expect(shortAnswerMatches(typed, all)).toBe(true)
  })
  it.each([
    '',
    'ящик',
    'жәшік',
    'box',
    'стационарный ящик',
    'ящик для бюллетеней',
    'сайлау жәшігі',
    'жылжымалы',
    'mobile phone',
    'ballot box',
    'переносной ящер',
    'жылжымалы жәшік жоқ',
  ])('%j is refused', (typed) => {
    expect(shortAnswerMatches(typed, all)).toBe(false)
  })
  it('a changed consonant or a dropped long ending is not an inflection', () => {
    expect(shortAnswerMatches('штат', ['штаб'])).toBe(false)
    expect(shortAnswerMatches('штабы', ['штаб'])).toBe(true)
    expect(shortAnswerMatches('протест', ['протокол'])).toBe(false)
    expect(shortAnswerMatches('протоколы', ['протокол'])).toBe(true)
    expect(shortAnswerMatches('хаттамасы', ['хаттама'])).toBe(true)
    expect(shortAnswerMatches('хат', ['хаттама'])).toBe(false)
    expect(shortAnswerMatches('headquarter', ['headquarters'])).toBe(true)
    expect(shortAnswerMatches('hq', ['hq'])).toBe(true)
    expect(shortAnswerMatches('hqs', ['hq'])).toBe(false)
  })
})

describe('normalising short answers', () => {
  it.each([
    ['Ёлка', 'елка'],
    ['Әділ сайлау', 'адил сайлау'],
    ['əділ', 'адил'],
    ['iздеу', 'издеу'],
    ['index', 'index'],
    ['  a \u00a0 b ', 'a b'],
  ])('%j → %j', (input, expected) => {
    expect(normaliseShortAnswer(input)).toBe(expected)
  })
})

describe('scoring an attempt', () => {
  const questions = [single, multiple, truefalse, ordering, matching]
  it('adds the scores and compares with the pass mark', () => {
    const answers = new Map<string, Answer>([
      ['s', { type: 'single', optionId: 'b' }],
      ['m', { type: 'multiple', optionIds: ['a', 'b', 'c'] }],
      ['tf', { type: 'truefalse', value: false }],
      ['o', { type: 'ordering', itemIds: ['open', 'vote', 'cancel', 'count'] }],
      ['x', { type: 'matching', pairs: { p1: 'p1', p2: 'p2', p3: 'p4', p4: 'p3' } }],
    ])
    expect(scoreAttempt(questions, answers, { passPercent: 80, multipleChoiceScoring: 'partial' })).toEqual({ points: 4.5, max: 5, percent: 90, passed: true })
    answers.delete('o')
    expect(scoreAttempt(questions, answers, { passPercent: 80, multipleChoiceScoring: 'partial' })).toMatchObject({ percent: 70, passed: false })
  })
  it('exactly the pass mark passes (no floating-point near-misses)', () => {
    const five = Array.from({ length: 5 }, (_, i) => ({ ...truefalse, id: `q${i}` }))
    const answers = new Map<string, Answer>(five.slice(0, 4).map((q) => [q.id, { type: 'truefalse', value: false }]))
    expect(scoreAttempt(five, answers, { passPercent: 80, multipleChoiceScoring: 'partial' })).toMatchObject({ percent: 80, passed: true })
  })
  it('a trainer’s override counts instead of the graded score', () => {
    expect(effective({ percent: 70, passed: false, overridePercent: null, overridePassed: null })).toEqual({ percent: 70, passed: false })
    expect(effective({ percent: 70, passed: false, overridePercent: 85, overridePassed: true })).toEqual({ percent: 85, passed: true })
    expect(effective({ percent: null, passed: null, overridePercent: null, overridePassed: null })).toEqual({ percent: null, passed: null })
  })
})

const bank: ExamBank = examBankSchema.parse({
  id: 'final',
  title: t('Final'),
  rules: { draw: 3, perTopic: { a: 2, b: 1 }, passPercent: 80, timeLimitMinutes: 30, maxAttempts: 3, cooldownMinutes: 60 },
  questions: [single, multiple, truefalse, ordering, matching, short],
})

describe('drawing and shuffling', () => {
  it('is stable for one attempt and differs between attempts', () => {
    expect(drawQuestions(bank, 'attempt-1')).toEqual(drawQuestions(bank, 'attempt-1'))
    const draws = new Set(Array.from({ length: 20 }, (_, i) => drawQuestions(bank, `attempt-${i}`).join(',')))
    expect(draws.size).toBeGreaterThan(3)
  })
  it('takes the stated number from each topic', () => {
    for (let i = 0; i < 20; i++) {
      const drawn = drawQuestions(bank, `seed-${i}`).map((id) => bank.questions.find((q) => q.id === id)?.topic)
      expect(drawn.filter((topic) => topic === 'a')).toHaveLength(2)
      expect(drawn.filter((topic) => topic === 'b')).toHaveLength(1)
    }
  })
  it('shuffles options per attempt and question, or keeps them when told', () => {
    const ids = ['a', 'b', 'c', 'd', 'e']
    expect(optionOrder(ids, 'seed', 'q1', true)).toEqual(optionOrder(ids, 'seed', 'q1', true))
    expect(optionOrder(ids, 'seed', 'q1', false)).toEqual(ids)
    expect([...optionOrder(ids, 'seed', 'q1', true)].sort()).toEqual(ids)
    expect(new Set(Array.from({ length: 10 }, (_, i) => optionOrder(ids, `s${i}`, 'q', true).join(''))).size).toBeGreaterThan(3)
  })
  it('a shuffle is a permutation', () => {
    const items = Array.from({ length: 50 }, (_, i) => i)
    expect([...seededShuffle(items, 'x')].sort((a, b) => a - b)).toEqual(items)
  })
})

describe('bank rules', () => {
  it('accepts a consistent bank', () => {
    expect(bankErrors(bank)).toEqual([])
  })
  it('finds draws the pool cannot fill, sums that do not add up, duplicate ids and bad keys', () => {
    const broken: ExamBank = {
      ...bank,
      rules: { ...bank.rules, draw: 4, perTopic: { a: 4, b: 1 } },
      questions: [...bank.questions, { ...single, id: 's' }, { ...single, id: 's2', options: single.options.map((o) => ({ ...o, correct: true })) }],
    }
    expect(bankErrors(broken)).toEqual([
      'question id "s" is used twice',
      'single-choice question "s" must have exactly one correct option'.replace('"s"', '"s2"'),
      'rules.perTopic adds up to 5, but rules.draw is 4',
    ])
    expect(bankErrors({ ...bank, rules: { ...bank.rules, perTopic: { a: 9, b: 0 }, draw: 9 } })).toEqual(['topic "a" has 3 question(s), fewer than the 9 drawn'])
  })
})

describe('keys clustered on one id (content:check warnings)', () => {
  const options = (ids: string[], right: string[]) => ids.map((id) => ({ id, text: t(id), correct: right.includes(id) }))
  const singleKeyed = (n: number, key: string): Question => ({ ...single, id: `s${n}`, options: options(['a', 'b', 'c', 'd'], [key]) })
  const multipleKeyed = (n: number, keys: string[], ids = ['a', 'b', 'c', 'd']): Question => ({ ...multiple, id: `m${n}`, options: options(ids, keys) })
  const tf = (n: number, answer: boolean): Question => ({ ...truefalse, id: `tf${n}`, answer })
  const withQuestions = (questions: Question[]): ExamBank => ({ ...bank, rules: { ...bank.rules, perTopic: undefined, draw: 1 }, questions })

  it('stay quiet when keys are spread, and on banks too small to say', () => {
    const spread = [singleKeyed(1, 'a'), singleKeyed(2, 'b'), singleKeyed(3, 'c'), singleKeyed(4, 'd'), singleKeyed(5, 'a')]
    const multiples = [multipleKeyed(1, ['a', 'c']), multipleKeyed(2, ['b', 'd']), multipleKeyed(3, ['a', 'd']), multipleKeyed(4, ['c', 'b'])]
    expect(bankWarnings(withQuestions([...spread, ...multiples, tf(1, true), tf(2, false), tf(3, true), tf(4, true)]))).toEqual([])
    expect(bankWarnings(withQuestions([singleKeyed(1, 'a'), singleKeyed(2, 'a'), singleKeyed(3, 'a'), tf(1, true), tf(2, true)]))).toEqual([])
    expect(bankWarnings(bank)).toEqual([])
  })

  it('warn when most single-choice keys share an id', () => {
    const questions = [singleKeyed(1, 'a'), singleKeyed(2, 'a'), singleKeyed(3, 'a'), singleKeyed(4, 'b'), singleKeyed(5, 'c')]
    expect(bankWarnings(withQuestions(questions))).toEqual(['3 of 5 single-choice keys are option "a": spread the right options over the ids'])
    // Exactly half is not "most".
    expect(bankWarnings(withQuestions(questions.slice(1).concat(singleKeyed(6, 'd'))))).toEqual([])
  })

  it('warn when one option is right in every multiple-choice question, or the right ones always come first', () => {
    const prefix = [multipleKeyed(1, ['a', 'b']), multipleKeyed(2, ['a', 'b', 'c']), multipleKeyed(3, ['a', 'b']), multipleKeyed(4, ['a', 'b', 'c'])]
    expect(bankWarnings(withQuestions(prefix))).toEqual([
      'options "a", "b" are right in every multiple-choice question: spread the right options over the ids',
      'every multiple-choice question lists its right options first: mix right and wrong options',
    ])
    // Different ids, but the right options still written first.
    const renamed = [multipleKeyed(1, ['w', 'x'], ['w', 'x', 'y', 'z']), multipleKeyed(2, ['a', 'b']), multipleKeyed(3, ['p', 'q', 'r'], ['p', 'q', 'r', 's']), multipleKeyed(4, ['c', 'd'], ['c', 'd', 'a', 'b'])]
    expect(bankWarnings(withQuestions(renamed))).toEqual(['every multiple-choice question lists its right options first: mix right and wrong options'])
  })

  it('warn when every true/false answer is the same', () => {
    expect(bankWarnings(withQuestions([tf(1, true), tf(2, true), tf(3, true), tf(4, true)]))).toEqual(['all 4 true/false answers are "true": make some statements false and some true'])
  })
})

describe('timing', () => {
  const start = new Date('2027-03-01T10:00:00Z')
  it('adds the time limit and any extra time', () => {
    expect(attemptDeadline(start, 30).toISOString()).toBe('2027-03-01T10:30:00.000Z')
    expect(attemptDeadline(start, 30, 15).toISOString()).toBe('2027-03-01T10:45:00.000Z')
  })
  it('counts answers saved up to the deadline only', () => {
    const deadline = attemptDeadline(start, 30)
    expect(savedInTime(new Date('2027-03-01T10:30:00Z'), deadline)).toBe(true)
    expect(savedInTime(new Date('2027-03-01T10:30:01Z'), deadline)).toBe(false)
    expect(secondsLeft(deadline, new Date('2027-03-01T10:29:00Z'))).toBe(60)
    expect(secondsLeft(deadline, new Date('2027-03-01T11:00:00Z'))).toBe(0)
  })
  it('announces the timer at 10, 5 and 1 minutes only', () => {
    expect(timerAnnouncement(301, 300)).toBe(300)
    expect(timerAnnouncement(300, 299)).toBeNull()
    expect(timerAnnouncement(61, 59)).toBe(60)
    expect(timerAnnouncement(1000, 990)).toBeNull()
  })
  it('enforces attempts and the cooldown', () => {
    const base = { attemptsUsed: 1, maxAttempts: 3, cooldownMinutes: 60, passed: false, lastFinishedAt: start, training: { lessons: [], prerequisites: [] } }
    expect(canStartAttempt({ ...base, now: new Date('2027-03-01T10:59:59Z') })).toEqual({ ok: false, reason: 'coolingDown', until: new Date('2027-03-01T11:00:00Z') })
    expect(canStartAttempt({ ...base, now: new Date('2027-03-01T11:00:00Z') })).toEqual({ ok: true })
    expect(canStartAttempt({ ...base, attemptsUsed: 3, now: new Date('2027-03-02T00:00:00Z') })).toEqual({ ok: false, reason: 'noAttemptsLeft' })
    expect(canStartAttempt({ ...base, passed: true, now: new Date('2027-03-02T00:00:00Z') })).toEqual({ ok: false, reason: 'passed' })
    expect(canStartAttempt({ ...base, attemptsUsed: 0, lastFinishedAt: null, now: start })).toEqual({ ok: true })
  })
  it('refuses a start until every lesson is completed and every prerequisite course passed', () => {
    const ready = { attemptsUsed: 0, maxAttempts: 3, cooldownMinutes: 60, passed: false, lastFinishedAt: null, now: start, training: { lessons: [], prerequisites: [] } }
    expect(canStartAttempt(ready)).toEqual({ ok: true })
    const lessonsLeft = { lessons: ['02-second', '03-third'], prerequisites: [] }
    expect(canStartAttempt({ ...ready, training: lessonsLeft })).toEqual({ ok: false, reason: 'trainingIncomplete', left: lessonsLeft })
    const courseLeft = { lessons: [], prerequisites: ['first-aid'] }
    expect(canStartAttempt({ ...ready, training: courseLeft })).toEqual({ ok: false, reason: 'trainingIncomplete', left: courseLeft })
    // Passed, or out of attempts: that is what the learner is told, not the lessons.
    expect(canStartAttempt({ ...ready, passed: true, training: lessonsLeft })).toEqual({ ok: false, reason: 'passed' })
    expect(canStartAttempt({ ...ready, attemptsUsed: 3, lastFinishedAt: start, training: lessonsLeft })).toEqual({ ok: false, reason: 'noAttemptsLeft' })
    // A lesson added after a failed attempt: the lesson comes before the cooldown's end.
    expect(canStartAttempt({ ...ready, attemptsUsed: 1, lastFinishedAt: start, now: new Date('2027-03-01T10:30:00Z'), training: lessonsLeft })).toEqual({ ok: false, reason: 'trainingIncomplete', left: lessonsLeft })
  })
  it('lists the lessons not completed in course order and the prerequisites not passed', () => {
    const lessons = ['01-first', '02-second', '03-third']
    expect(trainingLeft({ lessons, completedLessons: new Set(), prerequisites: [], passedCourses: new Set() })).toEqual({ lessons, prerequisites: [] })
    expect(trainingLeft({ lessons, completedLessons: new Set(['03-third', '01-first', 'gone-lesson']), prerequisites: ['a', 'b'], passedCourses: new Set(['b']) })).toEqual({ lessons: ['02-second'], prerequisites: ['a'] })
    expect(trainingDone(trainingLeft({ lessons, completedLessons: new Set(lessons), prerequisites: ['a'], passedCourses: new Set(['a']) }))).toBe(true)
    expect(trainingDone({ lessons: [], prerequisites: ['a'] })).toBe(false)
  })
  it('counts a prerequisite course passed by an unrevoked certificate, or, without an exam, by every lesson', () => {
    const withExam = { served: true, hasExam: true, lessons: ['01-a'] }
    expect(coursePassed(withExam, { completedLessons: new Set(['01-a']), holdsUnrevokedCertificate: false })).toBe(false)
    expect(coursePassed(withExam, { completedLessons: new Set(), holdsUnrevokedCertificate: true })).toBe(true)
    const withoutExam = { served: true, hasExam: false, lessons: ['01-a', '02-b'] }
    expect(coursePassed(withoutExam, { completedLessons: new Set(['01-a']), holdsUnrevokedCertificate: false })).toBe(false)
    expect(coursePassed(withoutExam, { completedLessons: new Set(['01-a', '02-b']), holdsUnrevokedCertificate: false })).toBe(true)
    expect(coursePassed({ served: false, hasExam: true, lessons: [] }, { completedLessons: new Set(), holdsUnrevokedCertificate: true })).toBe(false)
  })
  it('shows answers as the exam’s rule says', () => {
    expect(mayShowAnswers('never', { passed: true, attemptsUsed: 3, maxAttempts: 3 })).toBe(false)
    expect(mayShowAnswers('after-passing', { passed: false, attemptsUsed: 3, maxAttempts: 3 })).toBe(false)
    expect(mayShowAnswers('after-passing', { passed: true, attemptsUsed: 1, maxAttempts: 3 })).toBe(true)
    expect(mayShowAnswers('after-last-attempt', { passed: false, attemptsUsed: 2, maxAttempts: 3 })).toBe(false)
    expect(mayShowAnswers('after-last-attempt', { passed: false, attemptsUsed: 3, maxAttempts: 3 })).toBe(true)
  })
})

describe('reading answers from the form', () => {
  const f = (values: string[] = [], positions: Record<string, string> = {}, matches: Record<string, string> = {}) => ({ values, positions, matches })
  it('single, multiple and true/false take only their own option ids', () => {
    expect(parseAnswer(single, f(['b']))).toEqual({ ok: true, answer: { type: 'single', optionId: 'b' } })
    expect(parseAnswer(single, f(['zz']))).toEqual({ ok: false, error: 'invalid' })
    expect(parseAnswer(single, f())).toEqual({ ok: false, error: 'empty' })
    expect(parseAnswer(multiple, f(['a', 'c', 'a']))).toEqual({ ok: true, answer: { type: 'multiple', optionIds: ['a', 'c'] } })
    expect(parseAnswer(multiple, f(['a', 'x']))).toEqual({ ok: false, error: 'invalid' })
    expect(parseAnswer(truefalse, f(['false']))).toEqual({ ok: true, answer: { type: 'truefalse', value: false } })
    expect(parseAnswer(truefalse, f(['maybe']))).toEqual({ ok: false, error: 'invalid' })
  })
  it('ordering needs every position once', () => {
    expect(parseAnswer(ordering, f([], { open: '1', vote: '2', cancel: '4', count: '3' }))).toEqual({ ok: true, answer: { type: 'ordering', itemIds: ['open', 'vote', 'count', 'cancel'] } })
    expect(parseAnswer(ordering, f([], { open: '1', vote: '1', cancel: '4', count: '3' }))).toEqual({ ok: false, error: 'positions' })
    expect(parseAnswer(ordering, f([], { open: '1', vote: '2', cancel: '9', count: '3' }))).toEqual({ ok: false, error: 'positions' })
    expect(parseAnswer(ordering, f([], {}))).toEqual({ ok: false, error: 'empty' })
  })
  it('matching keeps the pairs chosen so far', () => {
    expect(parseAnswer(matching, f([], {}, { p1: 'p2', p3: '' }))).toEqual({ ok: true, answer: { type: 'matching', pairs: { p1: 'p2' } } })
    expect(parseAnswer(matching, f([], {}, { p1: 'nope' }))).toEqual({ ok: false, error: 'invalid' })
  })
  it('short answers are trimmed; a longer one than the field allows, or one hiding characters, is refused, not cut', () => {
    expect(parseAnswer(short, f(['  протокол '])).ok && parseAnswer(short, f(['  протокол ']))).toEqual({ ok: true, answer: { type: 'short', text: 'протокол' } })
    expect(parseAnswer(short, f(['x'.repeat(200)]))).toMatchObject({ ok: true, answer: { text: 'x'.repeat(200) } })
    expect(parseAnswer(short, f(['x'.repeat(201)]))).toEqual({ ok: false, error: 'tooLong' })
    expect(parseAnswer(short, f(['   ']))).toEqual({ ok: false, error: 'empty' })
    // A right-to-left override would show a trainer another answer than the one graded.
    expect(parseAnswer(short, f(['\u202Eлокотоп']))).toEqual({ ok: false, error: 'characters' })
    expect(parseAnswer(short, f(['прото\u0000кол']))).toEqual({ ok: false, error: 'characters' })
  })
})

describe('what the browser sees of a question', () => {
  const plain = attemptTokens((message) => message)
  it('never carries a key, an explanation or feedback', () => {
    const withFeedback: Question = { ...single, options: single.options.map((o) => ({ ...o, feedback: t(`why ${o.id}`) })) }
    for (const q of [withFeedback, multiple, truefalse, ordering, matching, short]) {
      const view = JSON.stringify(publicQuestion(q, 'kk', 'seed', true, plain))
      expect(view).not.toMatch(/correct|explanation|feedback|accepted|answer|протокол|хаттама/)
    }
  })
  it('shows options in the attempt’s order, and always shuffles ordering items', () => {
    const a = publicQuestion(ordering, 'en', 'seed-a', false, plain)
    const orders = new Set(Array.from({ length: 10 }, (_, i) => JSON.stringify(publicQuestion(ordering, 'en', `s${i}`, false, plain))))
    expect(orders.size).toBeGreaterThan(1)
    expect(publicQuestion(ordering, 'en', 'seed-a', false, plain)).toEqual(a)
    expect(publicQuestion(single, 'en', 'x', false, plain)).toMatchObject({ options: [{ id: 'option:s:a' }, { id: 'option:s:b' }, { id: 'option:s:c' }] })
  })
})

describe('the key shown after the exam', () => {
  it('names the right answers and the feedback on what was chosen', () => {
    const withFeedback: Question = { ...single, options: single.options.map((o) => ({ ...o, feedback: t(`because ${o.id}`) })) }
    expect(questionKey(withFeedback, 'en', { type: 'single', optionId: 'a' }, { true: 'T', false: 'F' })).toEqual({ correct: ['B'], feedback: ['because a'] })
    expect(questionKey(truefalse, 'en', undefined, { true: 'True', false: 'False' }).correct).toEqual(['False'])
    expect(questionKey(ordering, 'en', undefined, { true: 'T', false: 'F' }).correct).toEqual(['1. open', '2. vote', '3. cancel', '4. count'])
    expect(questionKey(matching, 'en', undefined, { true: 'T', false: 'F' }).correct[0]).toBe('p1 → p1')
    expect(questionKey(short, 'kk', undefined, { true: 'T', false: 'F' }).correct).toEqual(['хаттама'])
  })
})

describe('matching pairs with their own right-hand ids', () => {
  const keyed: Question = {
    id: 'mk',
    topic: 'b',
    type: 'matching',
    text: t('?'),
    explanation: t('!'),
    pairs: [
      { id: 'national', left: t('n'), right: t('CEC'), rightId: 'r3' },
      { id: 'regional', left: t('r'), right: t('TEC'), rightId: 'r1' },
      { id: 'party', left: t('p'), right: t('none'), rightId: 'r2' },
    ],
  }
  const f = (matches: Record<string, string>) => ({ values: [], positions: {}, matches })

  it('the page shows right-hand sides by their own ids, never the left ids', () => {
    // Readable tokens (the message itself) to see which bank id each token stands for.
    const view = publicQuestion(keyed, 'en', 'seed', true, attemptTokens((message) => message))
    expect(view.type === 'matching' && view.right.map((r) => r.id).sort()).toEqual(['option:x:r1', 'option:x:r2', 'option:x:r3'].map((id) => id.replace(':x:', `:${keyed.id}:`)))
    expect(view.type === 'matching' && view.right.find((r) => r.id === `option:${keyed.id}:r3`)?.text).toBe('CEC')
    expect(JSON.stringify(view.type === 'matching' ? view.right : [])).not.toMatch(/national|regional|party/)
  })

  it('answers name the right-hand id and are graded against it', () => {
    const right = parseAnswer(keyed, f({ national: 'r3', regional: 'r1', party: 'r2' }))
    expect(right.ok && scoreQuestion(keyed, right.answer, 'partial').score).toBe(1)
    const half = parseAnswer(keyed, f({ national: 'r3', regional: 'r2', party: 'r1' }))
    expect(half.ok && scoreQuestion(keyed, half.answer, 'partial').score).toBeCloseTo(1 / 3)
    // The left ids are no longer valid answers.
    expect(parseAnswer(keyed, f({ national: 'national' }))).toEqual({ ok: false, error: 'invalid' })
  })

  it('a bank may not repeat a right id, give it to some pairs only, or reuse a left id', () => {
    const bank = (pairs: Array<{ id: string; rightId?: string }>): ExamBank => ({
      id: 'b',
      title: t('B'),
      rules: { draw: 1, passPercent: 50, timeLimitMinutes: 5, maxAttempts: 1, cooldownMinutes: 0, shuffleQuestions: true, shuffleOptions: true, showAnswers: 'never', multipleChoiceScoring: 'partial' },
      questions: [{ ...keyed, pairs: pairs.map((p) => ({ ...p, left: t('l'), right: t('r') })) }],
    })
    expect(bankErrors(bank([{ id: 'a', rightId: 'r1' }, { id: 'b', rightId: 'r2' }]))).toEqual([])
    expect(bankErrors(bank([{ id: 'a', rightId: 'r1' }, { id: 'b', rightId: 'r1' }]))).toEqual(['matching question "mk" repeats a rightId'])
    expect(bankErrors(bank([{ id: 'a', rightId: 'r1' }, { id: 'b' }]))).toEqual(['matching question "mk" gives a rightId to some pairs but not all'])
    expect(bankErrors(bank([{ id: 'a', rightId: 'b' }, { id: 'b', rightId: 'a' }]))).toEqual(['matching question "mk" uses a left id as a rightId'])
  })
})

describe('a renewal of the final exam (renewalSince)', () => {
  const issuedAt = new Date('2026-03-01T10:00:00Z')
  const certificate = (expiresAt: string, revoked = false) => ({ issuedAt, expiresAt: new Date(expiresAt), revokedAt: revoked ? new Date('2026-05-01T00:00:00Z') : null })
  it('opens once the latest certificate has expired, or ends before the day it must hold through; from its issue', () => {
    expect(renewalSince(certificate('2027-03-01T10:00:00Z'), new Date('2027-03-02T00:00:00Z'))).toEqual(issuedAt)
    expect(renewalSince(certificate('2027-03-01T10:00:00Z'), new Date('2027-03-01T10:00:00Z'))).toEqual(issuedAt)
    expect(renewalSince(certificate('2027-03-01T10:00:00Z'), new Date('2027-03-01T09:59:59Z'))).toBeNull()
  })
  it('never for a revoked certificate, nor for someone who holds none', () => {
    expect(renewalSince(certificate('2026-04-01T00:00:00Z', true), new Date('2027-01-01T00:00:00Z'))).toBeNull()
    expect(renewalSince(null, new Date('2027-01-01T00:00:00Z'))).toBeNull()
  })
})
