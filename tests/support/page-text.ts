/**
 * Reading what a learner's browser receives, for tests that look for leaks: the strings of a page's
 * data (the `.data` turbo-stream and the hydration script in the HTML), the names and values of its
 * form controls, and the exam attempt page's questions as a learner sees them (by visible text).
 */

export const decodeHtml = (html: string) =>
  html
    .replace(/&#x27;|&#39;/g, "'")
    .replace(/&quot;/g, '"')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&')

/**
 * Every JSON string literal in a text, and those of a turbo-stream held in one (the HTML's hydration
 * script holds the stream as one escaped string).
 */
export function dataStrings(text: string): string[] {
  const found: string[] = []
  for (const match of text.matchAll(/"(?:[^"\\\n]|\\.)*"/g)) {
    let value: unknown
    try {
      value = JSON.parse(match[0])
    } catch {
      continue
    }
    if (typeof value !== 'string') continue
    found.push(value)
    // A turbo-stream chunk (an array) is data; other strings with quotes (a lesson's compiled code) are not.
    if (value.startsWith('[')) found.push(...dataStrings(value))
  }
  return found
}

/** The strings of the data a page's inline scripts carry (the hydration stream), not its attributes. */
export function inlineScriptStrings(html: string): string[] {
  return [...html.matchAll(/<script(?![^>]*\bsrc=)[^>]*>([\s\S]*?)<\/script>/g)].flatMap((m) => dataStrings(m[1] ?? ''))
}

/** The names and values of a page's form controls (inputs, selects' options, buttons). */
export function formNamesAndValues(html: string): string[] {
  const out: string[] = []
  for (const tag of html.matchAll(/<(?:input|option|button|select|textarea)\b[^>]*>/g)) {
    for (const attr of tag[0].matchAll(/\s(name|value)="([^"]*)"/g)) out.push(decodeHtml(attr[2] ?? ''))
  }
  return out
}

export interface ExamPageChoice {
  value: string
  label: string
}
export interface ExamPageSelect {
  name: string
  label: string
  options: ExamPageChoice[]
}
export interface ExamPageQuestion {
  /** The question's token, as the form posts it. */
  token: string
  text: string
  /** Radio buttons and checkboxes named `answer`. */
  choices: ExamPageChoice[]
  /** Ordering and matching selects. */
  selects: ExamPageSelect[]
  /** A short-answer text field. */
  textField: boolean
}

const text = (html: string) => decodeHtml(html.replace(/<!-- -->/g, '').replace(/<[^>]+>/g, '')).trim()

/** The questions of an exam attempt page, as a learner without JavaScript sees them. */
export function examPageQuestions(html: string): ExamPageQuestion[] {
  return html
    .split(/<section class="quiz exam-question"/)
    .slice(1)
    .map((section) => {
      const body = section.slice(0, section.indexOf('</section>'))
      return {
        token: decodeHtml(/name="questionId" value="([^"]*)"/.exec(body)?.[1] ?? ''),
        text: text(/<legend[^>]*>([\s\S]*?)<\/legend>/.exec(body)?.[1] ?? ''),
        // A choice is its label: the input, then the option's text.
        choices: [...body.matchAll(/<label><input ([^>]*)>([\s\S]*?)<\/label>/g)]
          .filter((m) => /type="(radio|checkbox)"/.test(m[1] ?? '') && /name="answer"/.test(m[1] ?? ''))
          .map((m) => ({ value: decodeHtml(/value="([^"]*)"/.exec(m[1] ?? '')?.[1] ?? ''), label: text(m[2] ?? '') })),
        selects: [...body.matchAll(/<label for="[^"]*">([\s\S]*?)<\/label>\s*<select [^>]*name="([^"]*)"[^>]*>([\s\S]*?)<\/select>/g)].map((m) => ({
          label: text(m[1] ?? ''),
          name: decodeHtml(m[2] ?? ''),
          options: [...(m[3] ?? '').matchAll(/<option value="([^"]*)"[^>]*>([\s\S]*?)<\/option>/g)].map((o) => ({ value: decodeHtml(o[1] ?? ''), label: text(o[2] ?? '') })).filter((o) => o.value !== ''),
        })),
        textField: /<input [^>]*type="text" name="answer"/.test(body),
      }
    })
}
