/**
 * The remark plugin every lesson goes through. It
 * - refuses what lessons may not contain (imports, JavaScript expressions, unknown components,
 *   non-literal props) with the line of the problem;
 * - gives headings ids and collects the table of contents;
 * - pulls every <Quiz> out of the document into a server-side list and leaves only <Quiz id="…"/>,
 *   so the compiled code the browser receives never contains an answer key or explanation;
 * - collects links to other lessons so they can be checked, and refuses links and images that go
 *   elsewhere than the rules allow, written inline or through a reference definition.
 */
import GithubSlugger from 'github-slugger'
import type { Definition, Heading, Image, Link, Root, RootContent } from 'mdast'
import { toString } from 'mdast-util-to-string'
import { SKIP, visit } from 'unist-util-visit'
import { QUIZ_ID } from '~/domain/content/course-schema.ts'
import { quizTypes, type QuizDefinition, type QuizType } from '~/domain/content/quiz.ts'

export interface Diagnostic {
  line: number
  /** Where on the line, from 1, when the reporter knows. */
  column?: number
  message: string
}

export interface LessonAnalysis {
  toc: Array<{ id: string; text: string }>
  quizzes: QuizDefinition[]
  links: Array<{ target: string; line: number }>
  diagnostics: Diagnostic[]
}

export const emptyAnalysis = (): LessonAnalysis => ({ toc: [], quizzes: [], links: [], diagnostics: [] })

interface JsxAttribute {
  type: 'mdxJsxAttribute' | 'mdxJsxExpressionAttribute'
  name?: string
  value?: string | null | { type: string }
}

interface JsxElement {
  type: 'mdxJsxFlowElement' | 'mdxJsxTextElement'
  name: string | null
  attributes: JsxAttribute[]
  children: RootContent[]
  position?: { start: { line: number } }
}

/** Components a lesson may use, with the attributes each accepts (true: required). */
export const lessonComponents: Record<string, Record<string, boolean>> = {
  Callout: { type: true, title: false },
  Checklist: {},
  Term: { def: true },
  Timeline: {},
  Step: { time: true, title: true },
  Quiz: { id: true, type: true },
  Question: {},
  Option: { correct: false },
  Explanation: {},
}

const calloutTypes = ['info', 'warning', 'legal']
const quizParts = new Set(['Question', 'Option', 'Explanation'])

function isJsx(node: unknown): node is JsxElement {
  const type = (node as { type?: string }).type
  return type === 'mdxJsxFlowElement' || type === 'mdxJsxTextElement'
}

function lineOf(node: { position?: { start: { line: number } } }): number {
  return node.position?.start.line ?? 0
}

function columnOf(node: { position?: { start: { column?: number } } }): number | undefined {
  return node.position?.start.column
}

/** Literal attributes only: a string, or no value at all (a boolean flag such as `correct`). */
function literalAttributes(element: JsxElement, report: (message: string) => void): Map<string, string | true> {
  const values = new Map<string, string | true>()
  for (const attribute of element.attributes) {
    if (attribute.type !== 'mdxJsxAttribute' || !attribute.name) {
      report(`<${element.name}> may not spread JavaScript into its props`)
      continue
    }
    if (attribute.value !== null && attribute.value !== undefined && typeof attribute.value !== 'string') {
      report(`<${element.name} ${attribute.name}={…}>: props must be plain text in quotes, not JavaScript`)
      continue
    }
    values.set(attribute.name, attribute.value ?? true)
  }
  return values
}

function checkAttributes(element: JsxElement, values: Map<string, string | true>, report: (message: string) => void) {
  const allowed = lessonComponents[element.name ?? ''] ?? {}
  for (const name of values.keys()) if (!(name in allowed)) report(`<${element.name}> has no "${name}" prop (it takes: ${Object.keys(allowed).join(', ') || 'none'})`)
  for (const [name, required] of Object.entries(allowed)) if (required && !values.has(name)) report(`<${element.name}> needs a "${name}" prop`)
  if (element.name === 'Callout' && values.has('type') && !calloutTypes.includes(String(values.get('type')))) {
    report(`<Callout type="${String(values.get('type'))}">: type is one of ${calloutTypes.join(', ')}`)
  }
}

function extractQuiz(element: JsxElement, values: Map<string, string | true>, analysis: LessonAnalysis, report: (message: string) => void): string {
  const id = String(values.get('id') ?? '')
  const type = String(values.get('type') ?? '')
  if (!QUIZ_ID.test(id)) report(`<Quiz id="${id}">: ids are lower-case latin letters, digits and hyphens`)
  if (!(quizTypes as readonly string[]).includes(type)) report(`<Quiz type="${type}">: type is one of ${quizTypes.join(', ')}`)
  if (analysis.quizzes.some((q) => q.id === id)) report(`quiz id "${id}" is used twice in this lesson`)
  const quiz: QuizDefinition = { id, type: type as QuizType, question: '', options: [], correct: [], explanation: '' }
  for (const node of element.children as unknown[]) {
    const child = node
    if (!isJsx(child)) {
      if (toString(child as RootContent).trim()) report(`only <Question>, <Option> and <Explanation> go inside <Quiz id="${id}">`)
      continue
    }
    const childValues = literalAttributes(child, report)
    checkAttributes(child, childValues, report)
    const text = toString(child as unknown as RootContent).replace(/\s+/g, ' ').trim()
    if (child.name === 'Question') quiz.question = text
    else if (child.name === 'Explanation') quiz.explanation = text
    else if (child.name === 'Option') {
      if (childValues.get('correct') === true || childValues.get('correct') === 'true') quiz.correct.push(quiz.options.length)
      quiz.options.push(text)
    } else report(`<${child.name}> cannot go inside <Quiz>`)
  }
  analysis.quizzes.push(quiz)
  return id
}

/** Where a lesson links: another lesson (`./03-rights`, collected to be checked), a full http(s) address, an email, a place on the page. */
function checkLink(url: string, line: number, analysis: LessonAnalysis, report: (message: string) => void) {
  if (url.startsWith('./') || url.startsWith('../')) analysis.links.push({ target: url, line })
  else if (!/^(https?:\/\/|mailto:|#)/.test(url)) report(`link "${url}": link to another lesson as ./01-lesson-slug, or to a full https:// address`)
}

/**
 * Where a lesson's image comes from: this site, by an address from its root (`/…`, not `//host`).
 * The pages' Content-Security-Policy loads no other, and an outside image would tell its server who
 * reads the lesson and when.
 */
function checkImage(url: string, report: (message: string) => void) {
  if (!/^\/(?![/\\])[^\\\s\p{Cc}]*$/u.test(url)) report(`image "${url}": an image comes from this site, as /path/to/image.png`)
}

/** The labels `![alt][label]` uses: their definitions are image sources, checked as images. */
function imageLabels(tree: Root): Set<string> {
  const labels = new Set<string>()
  visit(tree, 'imageReference', (node) => {
    labels.add(node.identifier)
  })
  return labels
}

export function remarkLesson(analysis: LessonAnalysis) {
  return () => (tree: Root) => {
    const slugger = new GithubSlugger()
    const images = imageLabels(tree)
    visit(tree, (node, index, parent) => {
      const column = columnOf(node)
      const report = (message: string) => analysis.diagnostics.push({ line: lineOf(node), ...(column ? { column } : {}), message })
      switch (node.type as string) {
        case 'mdxjsEsm':
          report('import and export are not allowed in lessons')
          return SKIP
        case 'mdxFlowExpression':
        case 'mdxTextExpression':
          report('JavaScript expressions in braces are not allowed in lessons')
          return SKIP
        case 'heading': {
          const heading = node as Heading
          if (heading.depth === 1) report('use ## for section headings: the lesson title is the page heading')
          const text = toString(heading)
          const id = slugger.slug(text)
          const data = (heading.data ?? {}) as { hProperties?: Record<string, unknown> }
          heading.data = { ...data, hProperties: { ...data.hProperties, id } } as Heading['data']
          if (heading.depth === 2) analysis.toc.push({ id, text })
          return undefined
        }
        case 'link':
          checkLink((node as Link).url, lineOf(node), analysis, report)
          return undefined
        case 'image':
          checkImage((node as Image).url, report)
          return undefined
        case 'definition': {
          // `[label]: url` serves `[text][label]` and `![alt][label]` alike: it keeps the rule of
          // each of its uses (a link's when it has none, as a link is what it would become).
          const definition = node as Definition
          if (images.has(definition.identifier)) checkImage(definition.url, report)
          else checkLink(definition.url, lineOf(node), analysis, report)
          return undefined
        }
        case 'mdxJsxFlowElement':
        case 'mdxJsxTextElement': {
          const element = node as unknown as JsxElement
          if (!element.name || !(element.name in lessonComponents)) {
            report(`unknown component <${element.name ?? ''}> (lessons may use: ${Object.keys(lessonComponents).filter((n) => !quizParts.has(n)).join(', ')})`)
            return SKIP
          }
          const values = literalAttributes(element, report)
          checkAttributes(element, values, report)
          if (quizParts.has(element.name)) {
            report(`<${element.name}> belongs inside a <Quiz>`)
            return SKIP
          }
          if (element.name === 'Quiz' && parent && typeof index === 'number') {
            const id = extractQuiz(element, values, analysis, report)
            // Only the id stays in the compiled lesson; the rest lives on the server.
            parent.children[index] = { type: 'mdxJsxFlowElement', name: 'Quiz', attributes: [{ type: 'mdxJsxAttribute', name: 'id', value: id }], children: [] } as unknown as RootContent
            return SKIP
          }
          return undefined
        }
        default:
          return undefined
      }
    })
  }
}
