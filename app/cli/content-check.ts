/**
 * `npm run content:check`: validates every course and compiles every lesson into the cache (the
 * build runs it, so production serves only content that passed). Prints `file:line: message`.
 */
import { buildCatalog } from '../server/courses/course-files.server.ts'
import { compileStats } from '../server/courses/compile.server.ts'

const started = Date.now()
const { courses, diagnostics } = await buildCatalog()
for (const d of diagnostics) console.log(`${d.file}:${d.line || 1}: ${d.severity}: ${d.message}`)
const lessons = [...courses.values()].reduce((n, c) => n + c.lessons.length, 0)
const checks = [...courses.values()].reduce((n, c) => n + c.lessons.reduce((m, l) => m + l.quizIds.length, 0), 0)
const examQuestions = [...courses.values()].reduce((n, c) => n + (c.exam?.questions.length ?? 0), 0)
const errors = diagnostics.filter((d) => d.severity === 'error').length
const warnings = diagnostics.length - errors
console.log(
  `content: ${courses.size} course(s), ${lessons} lesson(s), ${checks} knowledge check(s), ${examQuestions} exam question(s); ` +
    `${compileStats.compiled} compiled, ${compileStats.fromCache} from cache in ${Date.now() - started} ms; ` +
    `${errors} error(s), ${warnings} warning(s)`,
)
process.exitCode = errors > 0 ? 1 : 0
