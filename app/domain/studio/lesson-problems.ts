/**
 * A lesson's problem as a trainer reads it. The MDX parser, the bundler and the lesson rules
 * (app/server/courses/lesson-plugin.server.ts) report in English, in their own words ("Unexpected
 * character `3` (U+0033) before name, …"); the studio shows instead what is wrong and how to fix it,
 * in the trainer's language (`studio.problem.<key>`), at its line and column, and keeps the raw text
 * for those who want it. A message no pattern knows gets the general explanation.
 */

export const lessonProblemKeys = [
  'unclosedComponent',
  'wrongClosingTag',
  'strayClosingTag',
  'htmlComment',
  'angleLink',
  'lessThan',
  'unquotedValue',
  'unfinishedTag',
  'badTag',
  'braces',
  'importExport',
  'unknownComponent',
  'missingProp',
  'unknownProp',
  'propNotText',
  'wrongValue',
  'outsideQuiz',
  'quiz',
  'heading',
  'link',
  'image',
  'frontmatter',
  'noFrontmatter',
  'unknown',
] as const
export type LessonProblemKey = (typeof lessonProblemKeys)[number]

export interface LessonProblem {
  key: LessonProblemKey
  /** Values of the explanation ({{name}}, {{prop}}…). */
  values: Record<string, string>
  line: number
  /** 0 when the reporter gave none. */
  column: number
}

type Rule = [RegExp, LessonProblemKey, (match: RegExpExecArray) => Record<string, string>]

const none = () => ({})

/** First match wins: the more specific patterns come first. */
const rules: Rule[] = [
  [/^Expected a closing tag for `<([\w.]*)>`/, 'unclosedComponent', (m) => ({ name: m[1] ?? '' })],
  [/^Unexpected closing tag `<\/([\w.]*)>`, expected corresponding closing tag for `<([\w.]*)>`/, 'wrongClosingTag', (m) => ({ name: m[1] ?? '', open: m[2] ?? '' })],
  [/^Unexpected closing slash/, 'strayClosingTag', none],
  [/to create a comment in MDX/, 'htmlComment', none],
  [/to create a link in MDX/, 'angleLink', none],
  [/^Unexpected character .* before name, expected a character that can start a name/, 'lessThan', none],
  [/before attribute value, expected a character that can start an attribute value/, 'unquotedValue', none],
  [/in expression|with acorn|^JavaScript expressions in braces/, 'braces', none],
  [/^Unexpected end of file (?:in|before|after) (?:name|attribute|tag)|^Unexpected end of file in (?:element|closing tag)/, 'unfinishedTag', none],
  [/^Unexpected (?:character|end of file|lazy line)/, 'badTag', none],
  [/^import and export are not allowed/, 'importExport', none],
  [/^unknown component <([^>]*)>/, 'unknownComponent', (m) => ({ name: m[1] ?? '' })],
  [/^<([\w.]+)> needs a "([^"]+)" prop/, 'missingProp', (m) => ({ name: m[1] ?? '', prop: m[2] ?? '' })],
  [/^<([\w.]+)> has no "([^"]+)" prop/, 'unknownProp', (m) => ({ name: m[1] ?? '', prop: m[2] ?? '' })],
  [/^<([\w.]+)[^>]*>:? (?:props must be plain text|may not spread)/, 'propNotText', (m) => ({ name: m[1] ?? '' })],
  [/^<([\w.]+) ([\w-]+)="([^"]*)">: [\w-]+ is one of (.*)$/, 'wrongValue', (m) => ({ name: m[1] ?? '', prop: m[2] ?? '', value: m[3] ?? '', allowed: m[4] ?? '' })],
  [/^<([\w.]+)> belongs inside a <Quiz>/, 'outsideQuiz', (m) => ({ name: m[1] ?? '' })],
  [/<Quiz|quiz id|quiz "|knowledge checks differ/, 'quiz', none],
  [/^use ## for section headings/, 'heading', none],
  [/^link (?:to )?"/, 'link', none],
  [/^image "/, 'image', none],
  [/^a lesson starts with frontmatter/, 'noFrontmatter', none],
  [/^frontmatter/, 'frontmatter', none],
]

/**
 * What a reported problem means. The place is the reporter's line and column, except for a component
 * left open: the parser reports the end of the paragraph it gave up at, and names where the tag
 * itself is, "(3:1-3:20)", which is where the trainer has to look.
 */
export function explainLessonProblem(problem: { line: number; column?: number | undefined; message: string }): LessonProblem {
  const message = problem.message
  const place = { line: problem.line, column: problem.column ?? 0 }
  for (const [pattern, key, values] of rules) {
    const match = pattern.exec(message)
    if (!match) continue
    if (key === 'unclosedComponent') {
      const at = /\((\d+):(\d+)-\d+:\d+\)/.exec(message)
      if (at) return { key, values: values(match), line: Number(at[1]), column: Number(at[2]) }
    }
    return { key, values: values(match), ...place }
  }
  return { key: 'unknown', values: {}, ...place }
}
