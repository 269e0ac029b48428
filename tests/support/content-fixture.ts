/** A small course written to a temp folder, for tests that must not depend on the real course. */
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'

export const fixtureQuiz = (id: string, correctFirst = true) => `<Quiz id="${id}" type="single">
  <Question>Question ${id}?</Question>
  <Option${correctFirst ? ' correct' : ''}>Right answer for ${id}</Option>
  <Option${correctFirst ? '' : ' correct'}>Wrong answer for ${id}</Option>
  <Explanation>Secret explanation ${id}</Explanation>
</Quiz>`

export function lessonSource(title: string, quizzes: string[], extra = ''): string {
  return `---
title: "${title}"
minutes: 5
objectives:
  - "Learn ${title}"
---

Intro of ${title}.

## First part

Text.${extra}

${quizzes.join('\n\n')}

## Second part

More text.
`
}

export function writeFixtureCourse(): { contentDir: string; cacheDir: string; write: (rel: string, text: string) => void } {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'observer-content-'))
  const contentDir = path.join(root, 'content')
  const cacheDir = path.join(root, 'cache')
  const write = (rel: string, text: string) => {
    const file = path.join(contentDir, 'courses', rel)
    fs.mkdirSync(path.dirname(file), { recursive: true })
    fs.writeFileSync(file, text)
  }
  write(
    'basics/course.yaml',
    `title: { ru: "Основы", kk: "Негіздер", en: "Basics" }
summary: { ru: "Кратко", kk: "Қысқаша", en: "Short" }
audience: { ru: "Все", kk: "Барлығы", en: "Everyone" }
estimatedMinutes: 10
lessons: [01-first, 02-second]
status: published
`,
  )
  write('basics/lessons/01-first.ru.mdx', lessonSource('Первый', [fixtureQuiz('alpha'), fixtureQuiz('beta', false)], '\n\nSee [the next one](./02-second).'))
  write('basics/lessons/01-first.en.mdx', lessonSource('First', [fixtureQuiz('alpha'), fixtureQuiz('beta', false)]))
  write('basics/lessons/01-first.kk.mdx', lessonSource('Бірінші', [fixtureQuiz('alpha'), fixtureQuiz('beta', false)]))
  write('basics/lessons/02-second.ru.mdx', lessonSource('Второй', [fixtureQuiz('gamma')]))
  write('basics/lessons/02-second.en.mdx', lessonSource('Second', [fixtureQuiz('gamma')]))
  return { contentDir, cacheDir, write }
}

export const fixtureExam = (overrides = '') => `id: "final"
title: { ru: "Экзамен", kk: "Емтихан", en: "Exam" }
rules: { draw: 2, passPercent: 80, timeLimitMinutes: 30, maxAttempts: 3, cooldownMinutes: 60 }
questions:
  - id: "q-one"
    topic: "rights"
    type: "single"
    text: { ru: "Вопрос?", kk: "Сұрақ?", en: "Question?" }
    options:
      - { id: "a", text: { ru: "Да", kk: "Иә", en: "Yes" }, correct: true }
      - { id: "b", text: { ru: "Нет", kk: "Жоқ", en: "No" } }
    explanation: { ru: "Так.", kk: "Солай.", en: "So." }
  - id: "q-two"
    topic: "rights"
    type: "truefalse"
    answer: true
    text: { ru: "Верно?", kk: "Дұрыс па?", en: "True?" }
    explanation: { ru: "Так.", kk: "Солай.", en: "So." }
${overrides}`

/**
 * The fixture course with a final exam (`bank`: its question bank, fixtureExam()'s by default;
 * `courseYaml`: more settings for course.yaml, such as `certificate: { validMonths: 12 }`), and
 * CONTENT_DIR and CONTENT_CACHE_DIR pointing at it, as the tests that compile the catalog need.
 */
export function setUpExamFixtureCourse({ bank = fixtureExam(), courseYaml = '' }: { bank?: string; courseYaml?: string } = {}): ReturnType<typeof writeFixtureCourse> {
  const fixture = writeFixtureCourse()
  const course = fs.readFileSync(path.join(fixture.contentDir, 'courses/basics/course.yaml'), 'utf8')
  fixture.write('basics/course.yaml', course.replace('status: published', `finalExam: final\n${courseYaml ? `${courseYaml}\n` : ''}status: published`))
  fixture.write('basics/exam/final.yaml', bank)
  process.env.CONTENT_DIR = fixture.contentDir
  process.env.CONTENT_CACHE_DIR = fixture.cacheDir
  return fixture
}
