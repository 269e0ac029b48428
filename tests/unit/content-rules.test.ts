import { describe, expect, it } from 'vitest'
import { courseFileSchema, lessonFrontmatterSchema, parseLessonFileName } from '~/domain/content/course-schema.ts'
import { prerequisiteProblems } from '~/domain/content/prerequisites.ts'
import { courseProgress, lessonCompletedByChecks, nextCourseStep } from '~/domain/content/progress.ts'
import { quizStructureErrors, quizTranslationErrors, toPublicQuiz, type QuizDefinition } from '~/domain/content/quiz.ts'
import { gradeKnowledgeCheck, normaliseSelection } from '~/domain/grading.ts'

const tri = (s: string) => ({ ru: s, kk: s, en: s })
const validCourse = { title: tri('T'), summary: tri('S'), audience: tri('A'), estimatedMinutes: 90, lessons: ['01-why', '02-who'], status: 'published' }

describe('course file schema', () => {
  it('accepts a valid course and defaults prerequisites', () => {
    expect(courseFileSchema.parse(validCourse).prerequisites).toEqual([])
  })
  it.each([
    [{ lessons: [] }, 'lessons'],
    [{ lessons: ['why'] }, 'lessons.0'],
    [{ title: { ru: 'T', kk: 'T' } }, 'title.en'],
    [{ estimatedMinutes: 'soon' }, 'estimatedMinutes'],
    [{ status: 'live' }, 'status'],
    [{ colour: 'blue' }, ''],
  ])('refuses %j (at %s)', (patch, path) => {
    const result = courseFileSchema.safeParse({ ...validCourse, ...patch })
    expect(result.success).toBe(false)
    expect(result.error?.issues.map((i) => i.path.join('.'))).toContain(path)
  })
})

describe('lesson frontmatter', () => {
  it('needs a title, minutes and at least one objective', () => {
    expect(lessonFrontmatterSchema.safeParse({ title: 'Rights', minutes: 10, objectives: ['Know them'] }).success).toBe(true)
    expect(lessonFrontmatterSchema.safeParse({ title: 'Rights', minutes: 10, objectives: [] }).success).toBe(false)
    expect(lessonFrontmatterSchema.safeParse({ title: '', minutes: 10, objectives: ['x'] }).success).toBe(false)
    expect(lessonFrontmatterSchema.safeParse({ title: 'R', minutes: 0, objectives: ['x'] }).success).toBe(false)
  })
  it('reads slug and language from a file name', () => {
    expect(parseLessonFileName('03-rights.kk.mdx')).toEqual({ slug: '03-rights', locale: 'kk' })
    expect(parseLessonFileName('03-rights.mdx')).toBeNull()
  })
})

const single: QuizDefinition = { id: 'q1', type: 'single', question: 'Q?', options: ['a', 'b', 'c'], correct: [1], explanation: 'Because.' }
const multiple: QuizDefinition = { id: 'q2', type: 'multiple', question: 'Q?', options: ['a', 'b', 'c', 'd'], correct: [0, 2], explanation: 'Because.' }

describe('quiz structure', () => {
  it('accepts well-formed checks', () => {
    expect(quizStructureErrors(single)).toEqual([])
    expect(quizStructureErrors(multiple)).toEqual([])
  })
  it.each([
    [{ ...single, correct: [] }, 'exactly one correct option'],
    [{ ...single, correct: [0, 1] }, 'exactly one correct option'],
    [{ ...multiple, correct: [1] }, 'at least two correct options'],
    [{ ...multiple, correct: [0, 1, 2, 3] }, 'at least one wrong option'],
    [{ ...single, options: ['only'], correct: [0] }, 'at least two'],
    [{ ...single, options: ['a', 'a', 'b'] }, 'repeats an option'],
    [{ ...single, explanation: ' ' }, 'no <Explanation>'],
    [{ ...single, question: '' }, 'no <Question>'],
  ])('reports %#', (quiz, message) => {
    expect(quizStructureErrors(quiz).join(' ')).toContain(message)
  })
  it('finds translations that disagree on the key', () => {
    expect(quizTranslationErrors(single, { ...single, options: ['x', 'y', 'z'] })).toEqual([])
    expect(quizTranslationErrors(single, { ...single, correct: [2] })[0]).toContain('different options correct')
    expect(quizTranslationErrors(single, { ...single, type: 'multiple' })[0]).toContain('single in one language')
  })
  it('the public view carries no key and no explanation', () => {
    const view = toPublicQuiz(single)
    expect(Object.keys(view).sort()).toEqual(['id', 'options', 'question', 'type'])
    expect(JSON.stringify(view)).not.toContain('Because')
  })
})

describe('knowledge check grading', () => {
  it('single choice: exactly the key', () => {
    expect(gradeKnowledgeCheck(single, [1])).toBe(true)
    expect(gradeKnowledgeCheck(single, [0])).toBe(false)
    expect(gradeKnowledgeCheck(single, [0, 1])).toBe(false)
  })
  it('multiple choice: the whole set, in any order, nothing more', () => {
    expect(gradeKnowledgeCheck(multiple, [0, 2])).toBe(true)
    expect(gradeKnowledgeCheck(multiple, [0])).toBe(false)
    expect(gradeKnowledgeCheck(multiple, [0, 1, 2])).toBe(false)
  })
  it('normalises a form selection and refuses junk', () => {
    expect(normaliseSelection(['2', '0', '2'], 4)).toEqual([0, 2])
    expect(normaliseSelection(['4'], 4)).toBeNull()
    expect(normaliseSelection(['-1'], 4)).toBeNull()
    expect(normaliseSelection(['1.5'], 4)).toBeNull()
    expect(normaliseSelection(['abc'], 4)).toBeNull()
    expect(normaliseSelection([], 4)).toEqual([])
  })
})

describe('course progress', () => {
  const lessons = ['01', '02', '03', '04']
  it('counts finished lessons and resumes at the first unfinished one', () => {
    const states = new Map([
      ['01', { opened: true, done: true }],
      ['02', { opened: true, done: false }],
      ['03', { opened: true, done: true }],
    ])
    expect(courseProgress(lessons, states)).toEqual({ done: 2, total: 4, percent: 50, resumeLesson: '02', started: true, finished: false })
  })
  it('a new learner starts at the first lesson; a finished course is 100%', () => {
    expect(courseProgress(lessons, new Map()).resumeLesson).toBe('01')
    expect(courseProgress(lessons, new Map()).started).toBe(false)
    const all = new Map(lessons.map((l) => [l, { opened: true, done: true }]))
    expect(courseProgress(lessons, all)).toMatchObject({ percent: 100, finished: true, resumeLesson: '01' })
    expect(courseProgress(['a', 'b', 'c'], new Map([['a', { opened: true, done: true }]])).percent).toBe(33)
  })
  it('a lesson is finished by its checks only when every check is right', () => {
    expect(lessonCompletedByChecks(['a', 'b'], new Set(['a']))).toBe(false)
    expect(lessonCompletedByChecks(['a', 'b'], new Set(['a', 'b']))).toBe(true)
    expect(lessonCompletedByChecks([], new Set())).toBe(false)
  })
})

describe('course prerequisites', () => {
  const course = (slug: string, prerequisites: string[], status: 'published' | 'draft' = 'published') => ({ slug, status, prerequisites })
  it('accepts a chain of published courses', () => {
    expect(prerequisiteProblems([course('a', []), course('b', ['a']), course('c', ['a', 'b'])])).toEqual([])
  })
  it('refuses a course that needs itself', () => {
    expect(prerequisiteProblems([course('a', ['a'])])).toEqual([{ slug: 'a', message: 'prerequisites go round in a ring: a -> a' }])
  })
  it('names the ring from each course in it, and not from a course that only leads into it', () => {
    const problems = prerequisiteProblems([course('a', ['b']), course('b', ['c']), course('c', ['a']), course('d', ['a'])])
    expect(problems).toEqual([
      { slug: 'a', message: 'prerequisites go round in a ring: a -> b -> c -> a' },
      { slug: 'b', message: 'prerequisites go round in a ring: b -> c -> a -> b' },
      { slug: 'c', message: 'prerequisites go round in a ring: c -> a -> b -> c' },
    ])
  })
  it('refuses a draft prerequisite of a published course, not of a draft', () => {
    expect(prerequisiteProblems([course('a', [], 'draft'), course('b', ['a']), course('c', ['a'], 'draft')])).toEqual([
      { slug: 'b', message: 'prerequisite "a" is a draft: a published course can only need published ones' },
    ])
  })
  it('leaves an unknown prerequisite to the catalog’s own message', () => {
    expect(prerequisiteProblems([course('a', ['missing'])])).toEqual([])
  })
})

describe('the course page’s first button', () => {
  const at = (started: boolean, finished: boolean) => ({ started, finished })
  it('the lessons while some are left, signed in or not', () => {
    expect(nextCourseStep({ progress: null, hasExam: true, holdsCertificate: false })).toBe('start')
    expect(nextCourseStep({ progress: at(false, false), hasExam: true, holdsCertificate: false })).toBe('start')
    expect(nextCourseStep({ progress: at(true, false), hasExam: true, holdsCertificate: false })).toBe('resume')
  })
  it('every lesson done: the exam until it is passed, then the certificate', () => {
    expect(nextCourseStep({ progress: at(true, true), hasExam: true, holdsCertificate: false })).toBe('exam')
    expect(nextCourseStep({ progress: at(true, true), hasExam: true, holdsCertificate: true })).toBe('certificate')
  })
  it('going over the lessons only for a finished course without an exam', () => {
    expect(nextCourseStep({ progress: at(true, true), hasExam: false, holdsCertificate: false })).toBe('review')
  })
})
