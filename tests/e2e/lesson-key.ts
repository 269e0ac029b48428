/** Reads a knowledge check's options and key straight from the lesson source, for driving the browser. */
import fs from 'node:fs'
import path from 'node:path'

export function quizFromSource(course: string, lesson: string, locale: string, quizId: string) {
  const source = fs.readFileSync(path.resolve('content/courses', course, 'lessons', `${lesson}.${locale}.mdx`), 'utf8')
  const block = source.split(`<Quiz id="${quizId}"`)[1]?.split('</Quiz>')[0] ?? ''
  const options = [...block.matchAll(/<Option( correct)?>(.*?)<\/Option>/g)].map((m) => ({ text: (m[2] ?? '').trim(), correct: !!m[1] }))
  const question = block.match(/<Question>(.*?)<\/Question>/)?.[1]?.trim() ?? ''
  if (!question || options.length === 0) throw new Error(`quiz ${quizId} not found in ${lesson}.${locale}`)
  return { question, right: options.filter((o) => o.correct).map((o) => o.text), wrong: options.filter((o) => !o.correct).map((o) => o.text) }
}
