/** The compiler's and the lesson rules' English messages as the problems a trainer reads (app/domain/studio/lesson-problems.ts). */
import { describe, expect, it } from 'vitest'
import en from '~/i18n/locales/en.json'
import kk from '~/i18n/locales/kk.json'
import ru from '~/i18n/locales/ru.json'
import { explainLessonProblem, lessonProblemKeys } from '~/domain/studio/lesson-problems.ts'

/** Messages as the MDX parser (remark-mdx, micromark) and the lesson plugin word them, with the problem each is. */
const seen: Array<[string, string, Record<string, string>?]> = [
  ['Expected a closing tag for `<Callout>` (3:1-3:21) before the end of `paragraph`', 'unclosedComponent', { name: 'Callout' }],
  ['Unexpected closing tag `</Quiz>`, expected corresponding closing tag for `<Callout>` (1:1-1:22)', 'wrongClosingTag', { name: 'Quiz', open: 'Callout' }],
  ['Unexpected closing slash `/` in tag, expected an open tag first', 'strayClosingTag'],
  ['Unexpected character `!` (U+0021) before name, expected a character that can start a name, such as a letter, `$`, or `_` (note: to create a comment in MDX, use `{/* text */}`)', 'htmlComment'],
  ['Unexpected character `@` (U+0040) in name, expected a name character such as letters, digits, `$`, or `_`; whitespace before attributes; or the end of the tag (note: to create a link in MDX, use `[text](url)`)', 'angleLink'],
  ['Unexpected character `3` (U+0033) before name, expected a character that can start a name, such as a letter, `$`, or `_`', 'lessThan'],
  ['Unexpected character `i` (U+0069) before attribute value, expected a character that can start an attribute value, such as `"`, `\'`, or `{`', 'unquotedValue'],
  ['Unexpected end of file in expression, expected a corresponding closing brace for `{`', 'braces'],
  ['Could not parse expression with acorn', 'braces'],
  ['Unexpected end of file before attribute name, expected a character that can start an attribute name, such as a letter, `$`, or `_`; whitespace before attributes; or the end of the tag', 'unfinishedTag'],
  ['Unexpected character `#` (U+0023) after attribute name, expected a character that can start an attribute name', 'badTag'],
  ['import and export are not allowed in lessons', 'importExport'],
  ['JavaScript expressions in braces are not allowed in lessons', 'braces'],
  ['unknown component <Marquee> (lessons may use: Callout, Checklist, Term, Timeline, Step, Quiz)', 'unknownComponent', { name: 'Marquee' }],
  ['<Term> needs a "def" prop', 'missingProp', { name: 'Term', prop: 'def' }],
  ['<Callout> has no "color" prop (it takes: type, title)', 'unknownProp', { name: 'Callout', prop: 'color' }],
  ['<Callout title={…}>: props must be plain text in quotes, not JavaScript', 'propNotText', { name: 'Callout' }],
  ['<Callout> may not spread JavaScript into its props', 'propNotText', { name: 'Callout' }],
  ['<Callout type="danger">: type is one of info, warning, legal', 'wrongValue', { name: 'Callout', prop: 'type', value: 'danger', allowed: 'info, warning, legal' }],
  ['<Option> belongs inside a <Quiz>', 'outsideQuiz', { name: 'Option' }],
  ['<Quiz id="Bad Id">: ids are lower-case latin letters, digits and hyphens', 'quiz'],
  ['quiz "rights-1" needs at least two <Option>s', 'quiz'],
  ['use ## for section headings: the lesson title is the page heading', 'heading'],
  ['link "javascript:alert(1)": link to another lesson as ./01-lesson-slug, or to a full https:// address', 'link'],
  ['link to "./09-nowhere": no lesson "09-nowhere" in this course', 'link'],
  ['image "https://evil.example/pixel.png": an image comes from this site, as /path/to/image.png', 'image'],
  ['frontmatter minutes: Invalid input: expected number, received string', 'frontmatter'],
  ['a lesson starts with frontmatter between --- lines (title, minutes, objectives)', 'noFrontmatter'],
  ['Something nobody has seen before', 'unknown'],
]

describe('explainLessonProblem', () => {
  it.each(seen)('%s → %s', (message, key, values = {}) => {
    const problem = explainLessonProblem({ line: 7, column: 3, message })
    expect(problem.key).toBe(key)
    expect(problem.values).toEqual(values)
  })

  it("keeps the reporter's place, except for a component left open: the tag's own place", () => {
    expect(explainLessonProblem({ line: 9, column: 12, message: 'Could not parse expression with acorn' })).toMatchObject({ line: 9, column: 12 })
    expect(explainLessonProblem({ line: 4, message: 'frontmatter title: Too small' })).toMatchObject({ line: 4, column: 0 })
    expect(explainLessonProblem({ line: 14, column: 1, message: 'Expected a closing tag for `<Callout>` (12:3-12:24) before the end of `paragraph`' })).toMatchObject({ line: 12, column: 3 })
  })

  it('has every explanation in all three languages, with the values it names', () => {
    for (const [name, resource] of Object.entries({ ru, kk, en })) {
      const problems = resource.studio.problem as Record<string, string>
      for (const key of lessonProblemKeys) expect(problems[key], `${name}: ${key}`).toBeTruthy()
      for (const [message, key] of seen) {
        const { values } = explainLessonProblem({ line: 1, message })
        for (const value of Object.keys(values)) expect(problems[key], `${name}: ${key} names {{${value}}}`).toContain(`{{${value}}}`)
      }
    }
  })
})
