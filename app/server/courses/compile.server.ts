/**
 * MDX → code, through mdx-bundler, one lesson at a time (esbuild is memory-hungry), cached on disk
 * by a hash of the source and the compiler's own version, so a restart or a second build compiles
 * nothing that did not change.
 */
import crypto from 'node:crypto'
import fs from 'node:fs'
import path from 'node:path'
import { parseDocument } from 'yaml'
import { lessonFrontmatterSchema, type LessonFrontmatter } from '~/domain/content/course-schema.ts'
import type { QuizDefinition } from '~/domain/content/quiz.ts'
import type { Diagnostic } from './lesson-plugin.server.ts'
import { env } from '../platform/env.server.ts'

/** Bump when the plugin or the compile options change: every cached lesson is then recompiled. */
export const COMPILER_VERSION = 'lesson-v1'

export interface CompiledLesson {
  code: string
  frontmatter: LessonFrontmatter | null
  toc: Array<{ id: string; text: string }>
  quizzes: QuizDefinition[]
  links: Array<{ target: string; line: number }>
  diagnostics: Diagnostic[]
}

/** `bundled`: sources that reached the MDX bundler (a refused draft never does). */
export const compileStats = { compiled: 0, fromCache: 0, bundled: 0 }

export function contentCacheDir(): string {
  return path.resolve(env().CONTENT_CACHE_DIR)
}

export function cacheKey(source: string): string {
  return crypto.createHash('sha256').update(COMPILER_VERSION).update('\0').update(source).digest('hex')
}

let queue: Promise<unknown> = Promise.resolve()
function enqueue<T>(task: () => Promise<T>): Promise<T> {
  const run = queue.then(task, task)
  queue = run.catch(() => undefined)
  return run
}

/** Line of a frontmatter key, for error messages (frontmatter starts on line 2, after `---`). */
function frontmatterLine(source: string, key: PropertyKey | undefined): number {
  const lines = source.split('\n')
  const index = lines.findIndex((line, i) => i > 0 && typeof key === 'string' && line.startsWith(`${key}:`))
  return index >= 0 ? index + 1 : 1
}

function validateFrontmatter(source: string, data: unknown, diagnostics: Diagnostic[]): LessonFrontmatter | null {
  const result = lessonFrontmatterSchema.safeParse(data)
  if (result.success) return result.data
  for (const issue of result.error.issues) {
    diagnostics.push({ line: frontmatterLine(source, issue.path[0]), message: `frontmatter ${issue.path.join('.') || ''}: ${issue.message}`.replace(' :', ':') })
  }
  return null
}

/**
 * The safe-MDX gate. The source is parsed (never bundled, never run) and checked against the lesson
 * rules: no import/export, no JavaScript expressions, only the lesson components with literal props,
 * only http(s)/mailto/lesson links. Only a source with no problem goes on to the bundler, so a draft
 * that tries to read the environment or the file system, or to run code, stops here.
 */
export async function checkLessonSource(source: string): Promise<Diagnostic[]> {
  return (await analyseLessonSource(source)).diagnostics
}

/**
 * The Markdown parser (unified, micromark, acorn) and the lesson plugin, loaded on first use: a
 * serving worker reads compiled lessons from the cache and never parses MDX, and loading them at
 * start cost every worker about 10 MB with diff and fflate (tests/bench/HISTORY.md, session 19).
 */
async function markdown() {
  const [{ unified }, { default: remarkParse }, { default: remarkMdx }, { default: remarkFrontmatter }, plugin] = await Promise.all([
    import('unified'),
    import('remark-parse'),
    import('remark-mdx'),
    import('remark-frontmatter'),
    import('./lesson-plugin.server.ts'),
  ])
  return { unified, remarkParse, remarkMdx, remarkFrontmatter, ...plugin }
}

async function analyseLessonSource(source: string) {
  const { unified, remarkParse, remarkMdx, remarkFrontmatter, emptyAnalysis, remarkLesson } = await markdown()
  const analysis = emptyAnalysis()
  const fm = /^---\n([\s\S]*?)\n---/.exec(source)
  if (!fm) analysis.diagnostics.push({ line: 1, message: 'a lesson starts with frontmatter between --- lines (title, minutes, objectives)' })
  else {
    const doc = parseDocument(fm[1] ?? '')
    for (const error of doc.errors) analysis.diagnostics.push({ line: 1 + (error.linePos?.[0]?.line ?? 1), message: `frontmatter: ${error.message.split('\n')[0]}` })
  }
  try {
    const tree = unified().use(remarkParse).use(remarkMdx).use(remarkFrontmatter, ['yaml']).parse(source)
    unravelJsxParagraphs(tree)
    remarkLesson(analysis)()(tree)
  } catch (error) {
    const place = (error as { line?: number; column?: number; place?: { line?: number; column?: number; start?: { line?: number; column?: number } } })
    const line = place.line ?? place.place?.line ?? place.place?.start?.line ?? 0
    const column = place.column ?? place.place?.column ?? place.place?.start?.column
    const reason = (error as { reason?: string }).reason ?? (error instanceof Error ? error.message : 'cannot read this MDX')
    analysis.diagnostics.push({ line, ...(column ? { column } : {}), message: reason.split('\n')[0] ?? reason })
  }
  return analysis
}

type Parent = { type: string; value?: string; children?: Parent[] }

/** What MDX's compiler does before any plugin: a paragraph of nothing but components and
 * whitespace becomes those components (so `<Quiz>`'s indented children are seen as MDX sees them). */
function unravelJsxParagraphs(node: Parent): void {
  if (!node.children) return
  node.children = node.children.flatMap((child) => {
    const parts = child.type === 'paragraph' ? (child.children ?? []) : null
    const onlyJsx = parts?.length && parts.every((c) => c.type === 'mdxJsxTextElement' || (c.type === 'text' && !c.value?.trim()))
    return onlyJsx && parts ? parts.filter((c) => c.type !== 'text') : [child]
  })
  for (const child of node.children) unravelJsxParagraphs(child)
}

async function compileNow(source: string, filePath: string): Promise<CompiledLesson> {
  const checked = await analyseLessonSource(source)
  if (checked.diagnostics.length) return { code: '', frontmatter: null, toc: [], quizzes: [], links: checked.links, diagnostics: checked.diagnostics }
  const { emptyAnalysis, remarkLesson } = await markdown()
  const analysis = emptyAnalysis()
  compileStats.bundled++
  try {
    // Loaded on first use (a cache miss): a serving worker compiles nothing (README, Speed).
    const { bundleMDX } = await import('mdx-bundler')
    const result = await bundleMDX<Record<string, unknown>>({
      source,
      cwd: path.dirname(filePath),
      mdxOptions(options) {
        // First, before remark-mdx-frontmatter turns the frontmatter into an export of its own.
        options.remarkPlugins = [remarkLesson(analysis), ...(options.remarkPlugins ?? [])]
        return options
      },
    })
    const frontmatter = validateFrontmatter(source, result.frontmatter, analysis.diagnostics)
    return { code: analysis.diagnostics.length ? '' : result.code, frontmatter, toc: analysis.toc, quizzes: analysis.quizzes, links: analysis.links, diagnostics: analysis.diagnostics }
  } catch (error) {
    const errors = (error as { errors?: Array<{ text: string; location?: { line: number; column?: number } | null }> }).errors
    const diagnostics: Diagnostic[] = errors?.length
      ? errors.map((e) => ({ line: e.location?.line ?? 0, ...(e.location?.column !== undefined ? { column: e.location.column + 1 } : {}), message: e.text.split('\n')[0] ?? e.text }))
      : [{ line: 0, message: error instanceof Error ? error.message.split('\n')[0] ?? 'compile error' : 'compile error' }]
    return { code: '', frontmatter: null, toc: [], quizzes: [], links: [], diagnostics: [...analysis.diagnostics, ...diagnostics] }
  }
}

export interface CompileOptions {
  /** Production: only read the cache; a missing entry is an error, never a compile during a request. */
  cacheOnly?: boolean
  /** Lessons compiled elsewhere (a studio version carries its own), by cache key. */
  precompiled?: ReadonlyMap<string, CompiledLesson>
  /** Told of every lesson compiled or read, so a publish can store them with its version. */
  onCompiled?: (key: string, lesson: CompiledLesson) => void
}

export async function compileLesson(source: string, filePath: string, options: CompileOptions = {}): Promise<CompiledLesson> {
  const key = cacheKey(source)
  const compiled = await compileOrRead(key, source, filePath, options)
  if (compiled.diagnostics.length === 0) options.onCompiled?.(key, compiled)
  return compiled
}

async function compileOrRead(key: string, source: string, filePath: string, options: CompileOptions): Promise<CompiledLesson> {
  const known = options.precompiled?.get(key)
  if (known) return known
  const file = path.join(contentCacheDir(), `${key}.json`)
  if (fs.existsSync(file)) {
    compileStats.fromCache++
    return JSON.parse(fs.readFileSync(file, 'utf8')) as CompiledLesson
  }
  if (options.cacheOnly) {
    throw new Error(`Compiled content is missing for ${path.relative(process.cwd(), filePath)}: run \`npm run build\` (or \`npm run content:check\`).`)
  }
  return enqueue(async () => {
    if (fs.existsSync(file)) return JSON.parse(fs.readFileSync(file, 'utf8')) as CompiledLesson
    const compiled = await compileNow(source, filePath)
    compileStats.compiled++
    // Lessons with errors are not cached: the author will fix them, and the error must show again.
    if (compiled.diagnostics.length === 0) {
      fs.mkdirSync(path.dirname(file), { recursive: true })
      const temp = `${file}.${process.pid}.tmp`
      fs.writeFileSync(temp, JSON.stringify(compiled))
      fs.renameSync(temp, file)
    }
    return compiled
  })
}
