/**
 * A course from its files: a folder of the repository's content/courses/ or a version the studio
 * stored, validated and compiled (through the cache) into the course learners are served. No
 * database here, so `content:check` runs on this module alone; catalog.server.ts serves the courses
 * with the studio's versions in place.
 */
import crypto from 'node:crypto'
import fs from 'node:fs'
import path from 'node:path'
import { LineCounter, parseDocument } from 'yaml'
import { COURSE_SLUG, courseFileSchema, parseLessonFileName, type CourseFile, type LessonFrontmatter } from '~/domain/content/course-schema.ts'
import { bankErrors, bankWarnings, examBankSchema, type ExamBank } from '~/domain/exam/bank.ts'
import { quizStructureErrors, quizTranslationErrors, type QuizDefinition } from '~/domain/content/quiz.ts'
import { prerequisiteProblems } from '~/domain/content/prerequisites.ts'
import { defaultLocale, isLocale, locales, type Locale } from '~/domain/locale.ts'
import { compileLesson, type CompiledLesson } from './compile.server.ts'
import { env } from '../platform/env.server.ts'

export interface ContentDiagnostic {
  file: string
  line: number
  message: string
  severity: 'error' | 'warning'
}

export interface LessonVariant {
  locale: Locale
  code: string
  frontmatter: LessonFrontmatter
  toc: Array<{ id: string; text: string }>
  quizzes: QuizDefinition[]
}

export interface CatalogLesson {
  slug: string
  position: number
  /** Hash of the lesson's sources in every language: progress records which version it was made on. */
  version: string
  variants: Partial<Record<Locale, LessonVariant>>
  quizIds: string[]
}

export interface CatalogCourse {
  slug: string
  file: CourseFile
  /** The final exam's question bank, when the course names one. */
  exam: ExamBank | null
  /** Hash of every source file of the course. */
  version: string
  /** 0: the repository's content/; n: the n-th version published from the studio. */
  versionNumber: number
  /** The sources this course was built from (the studio edits, compares and downloads them). */
  files: CourseFiles
  lessons: CatalogLesson[]
}

export interface Catalog {
  courses: Map<string, CatalogCourse>
  diagnostics: ContentDiagnostic[]
}

export function contentDir(): string {
  return path.resolve(env().CONTENT_DIR)
}

const hash = (...parts: string[]) => {
  const h = crypto.createHash('sha256')
  for (const part of parts) h.update(part).update('\0')
  return h.digest('hex').slice(0, 16)
}

function yamlLine(source: string, keyPath: PropertyKey[]): number {
  const lineCounter = new LineCounter()
  const doc = parseDocument(source, { lineCounter })
  for (let depth = keyPath.length; depth > 0; depth--) {
    const node = doc.getIn(keyPath.slice(0, depth), true) as { range?: [number, number, number] } | undefined
    if (node?.range) return lineCounter.linePos(node.range[0]).line
  }
  return 1
}

interface BuildOptions {
  cacheOnly?: boolean
  /** Compiled lessons by cache key (a studio version carries its own), used before the disk cache. */
  precompiled?: ReadonlyMap<string, CompiledLesson>
  /** Called with every lesson compiled or read, so publishing can store them with the version. */
  onCompiled?: (key: string, lesson: CompiledLesson) => void
}

/** A course's files: path inside the course folder (`course.yaml`, `lessons/…`, `exam/…`) → text. */
export type CourseFiles = ReadonlyMap<string, string>

/** Every file of a course folder on disk, in the shape the studio stores versions in. */
export function readCourseDir(dir: string): Map<string, string> {
  const files = new Map<string, string>()
  if (!fs.existsSync(dir)) return files
  for (const entry of fs.readdirSync(dir, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile()) continue
    const full = path.join(entry.parentPath, entry.name)
    const rel = path.relative(dir, full).split(path.sep).join('/')
    if (rel === 'course.yaml' || /^lessons\/[^/]+\.mdx$/.test(rel) || /^exam\/[^/]+\.yaml$/.test(rel)) files.set(rel, fs.readFileSync(full, 'utf8'))
  }
  return new Map([...files.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)))
}

export function courseDir(slug: string): string {
  return path.join(contentDir(), 'courses', slug)
}

/**
 * Validates and compiles one course from its files. The repository's folders and the studio's
 * versions both come through here, so `content:check` and the studio apply the same rules.
 */
export async function loadCourseFiles(slug: string, files: CourseFiles, options: BuildOptions, diagnostics: ContentDiagnostic[]): Promise<CatalogCourse | null> {
  const dir = courseDir(slug)
  const rel = (file: string) => path.relative(process.cwd(), path.join(dir, file))
  const courseSource = files.get('course.yaml')
  if (courseSource === undefined) {
    diagnostics.push({ file: rel(''), line: 0, message: 'a course folder needs a course.yaml', severity: 'error' })
    return null
  }
  if (!COURSE_SLUG.test(slug)) diagnostics.push({ file: rel(''), line: 0, message: 'course folder names are lower-case latin letters, digits and hyphens', severity: 'error' })
  const doc = parseDocument(courseSource)
  if (doc.errors.length) {
    for (const e of doc.errors) diagnostics.push({ file: rel('course.yaml'), line: e.linePos?.[0]?.line ?? 1, message: e.message.split('\n')[0] ?? 'YAML error', severity: 'error' })
    return null
  }
  const parsed = courseFileSchema.safeParse(doc.toJS())
  if (!parsed.success) {
    for (const issue of parsed.error.issues) {
      diagnostics.push({ file: rel('course.yaml'), line: yamlLine(courseSource, issue.path), message: `${issue.path.join('.')}: ${issue.message}`, severity: 'error' })
    }
    return null
  }
  const file = parsed.data
  const lessonFiles = [...files.keys()].filter((f) => f.startsWith('lessons/') && f.endsWith('.mdx')).map((f) => f.slice('lessons/'.length)).sort()
  const sources: string[] = [courseSource]
  const lessons: CatalogLesson[] = []
  const quizOwners = new Map<string, string>()

  for (const name of lessonFiles) {
    const parsedName = parseLessonFileName(name)
    if (!parsedName || !isLocale(parsedName.locale)) diagnostics.push({ file: rel(`lessons/${name}`), line: 0, message: 'lesson files are named <NN-slug>.<ru|kk|en>.mdx', severity: 'error' })
    else if (!file.lessons.includes(parsedName.slug)) diagnostics.push({ file: rel(`lessons/${name}`), line: 0, message: `lesson "${parsedName.slug}" is not listed in course.yaml`, severity: 'warning' })
  }

  for (const [position, lessonSlug] of file.lessons.entries()) {
    const variants: Partial<Record<Locale, LessonVariant>> = {}
    const lessonSources: string[] = []
    for (const locale of locales) {
      const lessonPath = `lessons/${lessonSlug}.${locale}.mdx`
      const source = files.get(lessonPath)
      if (source === undefined) {
        diagnostics.push({
          file: rel(lessonPath),
          line: 0,
          message: locale === defaultLocale ? `lesson "${lessonSlug}" has no Russian file (Russian is required; other languages fall back to it)` : `missing ${locale} translation of "${lessonSlug}" (learners will see the Russian text)`,
          severity: locale === defaultLocale ? 'error' : 'warning',
        })
        continue
      }
      lessonSources.push(locale, source)
      const compiled = await compileLesson(source, path.join(dir, lessonPath), options)
      for (const d of compiled.diagnostics) diagnostics.push({ file: rel(lessonPath), line: d.line, message: d.message, severity: 'error' })
      for (const quiz of compiled.quizzes) {
        for (const message of quizStructureErrors(quiz)) diagnostics.push({ file: rel(lessonPath), line: 0, message, severity: 'error' })
      }
      for (const link of compiled.links) {
        const target = link.target.replace(/^\.\//, '').replace(/#.*$/, '')
        if (!file.lessons.includes(target)) diagnostics.push({ file: rel(lessonPath), line: link.line, message: `link to "${link.target}": no lesson "${target}" in this course`, severity: 'error' })
      }
      if (compiled.frontmatter && compiled.code) variants[locale] = { locale, code: compiled.code, frontmatter: compiled.frontmatter, toc: compiled.toc, quizzes: compiled.quizzes }
    }
    sources.push(...lessonSources)
    const reference = variants[defaultLocale]
    for (const locale of locales) {
      const variant = variants[locale]
      if (!reference || !variant || locale === defaultLocale) continue
      const file = rel(`lessons/${lessonSlug}.${locale}.mdx`)
      const ids = (v: LessonVariant) => v.quizzes.map((q) => q.id).join(',')
      if (ids(reference) !== ids(variant)) diagnostics.push({ file, line: 0, message: `knowledge checks differ from the Russian file (${ids(variant) || 'none'} vs ${ids(reference) || 'none'})`, severity: 'error' })
      for (const quiz of variant.quizzes) {
        const original = reference.quizzes.find((q) => q.id === quiz.id)
        if (original) for (const message of quizTranslationErrors(original, quiz)) diagnostics.push({ file, line: 0, message, severity: 'error' })
      }
    }
    const quizIds = (reference ?? Object.values(variants)[0])?.quizzes.map((q) => q.id) ?? []
    for (const id of quizIds) {
      const owner = quizOwners.get(id)
      if (owner && owner !== lessonSlug) diagnostics.push({ file: rel(`lessons/${lessonSlug}.ru.mdx`), line: 0, message: `quiz id "${id}" is also used in lesson "${owner}"`, severity: 'error' })
      quizOwners.set(id, lessonSlug)
    }
    lessons.push({ slug: lessonSlug, position, version: hash(...lessonSources), variants, quizIds })
  }
  const exam = file.finalExam ? loadExam(files, rel, file.finalExam, diagnostics, sources) : null
  return { slug, file, exam, version: hash(...sources), versionNumber: 0, files, lessons }
}

function loadExam(files: CourseFiles, relOf: (file: string) => string, examId: string, diagnostics: ContentDiagnostic[], sources: string[]): ExamBank | null {
  const rel = relOf(`exam/${examId}.yaml`)
  const source = files.get(`exam/${examId}.yaml`)
  if (source === undefined) {
    diagnostics.push({ file: rel, line: 0, message: `course.yaml names the final exam "${examId}", but this file does not exist`, severity: 'error' })
    return null
  }
  sources.push(source)
  const doc = parseDocument(source)
  if (doc.errors.length) {
    for (const e of doc.errors) diagnostics.push({ file: rel, line: e.linePos?.[0]?.line ?? 1, message: e.message.split('\n')[0] ?? 'YAML error', severity: 'error' })
    return null
  }
  const parsed = examBankSchema.safeParse(doc.toJS())
  if (!parsed.success) {
    for (const issue of parsed.error.issues) diagnostics.push({ file: rel, line: yamlLine(source, issue.path), message: `${issue.path.join('.')}: ${issue.message}`, severity: 'error' })
    return null
  }
  const lines = source.split('\n')
  for (const message of bankErrors(parsed.data)) {
    const quoted = /question(?: id)? "([^"]+)"/.exec(message)?.[1]
    const index = quoted ? lines.findIndex((line) => new RegExp(`id:\\s*"?${quoted}"?\\s*$`).test(line.trim().replace(/^- /, ''))) : -1
    diagnostics.push({ file: rel, line: index + 1, message, severity: 'error' })
  }
  for (const message of bankWarnings(parsed.data)) diagnostics.push({ file: rel, line: yamlLine(source, ['questions']), message, severity: 'warning' })
  if (parsed.data.id !== examId) diagnostics.push({ file: rel, line: yamlLine(source, ['id']), message: `id "${parsed.data.id}" differs from the file name "${examId}"`, severity: 'error' })
  return parsed.data
}

export async function buildCatalog(options: BuildOptions = {}): Promise<Catalog> {
  const diagnostics: ContentDiagnostic[] = []
  const courses = new Map<string, CatalogCourse>()
  const root = path.join(contentDir(), 'courses')
  const dirs = fs.existsSync(root) ? fs.readdirSync(root, { withFileTypes: true }).filter((d) => d.isDirectory()).map((d) => d.name).sort() : []
  for (const slug of dirs) {
    const course = await loadCourseFiles(slug, readCourseDir(path.join(root, slug)), options, diagnostics)
    if (course) courses.set(slug, course)
  }
  const courseYaml = (slug: string) => path.relative(process.cwd(), path.join(root, slug, 'course.yaml'))
  for (const course of courses.values()) {
    for (const prerequisite of course.file.prerequisites) {
      if (!courses.has(prerequisite)) diagnostics.push({ file: courseYaml(course.slug), line: 0, message: `prerequisite "${prerequisite}" is not a course`, severity: 'error' })
    }
  }
  const nodes = [...courses.values()].map((c) => ({ slug: c.slug, status: c.file.status, prerequisites: c.file.prerequisites }))
  for (const problem of prerequisiteProblems(nodes)) diagnostics.push({ file: courseYaml(problem.slug), line: 0, message: problem.message, severity: 'error' })
  return { courses, diagnostics }
}
