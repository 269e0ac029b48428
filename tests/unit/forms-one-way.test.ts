/**
 * Forms one way: actions parse their input with conform + zod (`parseForm` in
 * app/http/forms.server.ts), never field by field from FormData, and server code takes parsed, typed
 * fields rather than a FormData. A source scan: it fails on the usual ways of reading a form by hand.
 */
import fs from 'node:fs'
import path from 'node:path'
import { describe, expect, it } from 'vitest'

/** The one place that reads a request's body as a form. */
const READER = 'app/http/forms.server.ts'

function filesUnder(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const file = path.join(dir, entry.name)
    if (entry.isDirectory()) return filesUnder(file)
    return /\.tsx?$/.test(entry.name) ? [file] : []
  })
}

/** A value that holds a form: `form`, `formData`, `upload.form`, `navigation.formData`, `draftForm`… (not `platform`). */
const FORM_VALUE = String.raw`(?:[\w$]+\??\.)*(?:form|formData|[\w$]*Form|[\w$]*FormData)`

const HAND_READS: Array<{ what: string; pattern: RegExp }> = [
  { what: 'reads a field of a form (.get, .getAll, .has, .entries…)', pattern: new RegExp(String.raw`\b${FORM_VALUE}\s*\??\.\s*(?:get|getAll|has|entries|keys|values|forEach)\s*\(`) },
  { what: 'turns a form into an object by hand (Object.fromEntries)', pattern: new RegExp(String.raw`Object\.fromEntries\(\s*(?:await\s+)?(?:readForm\(|${FORM_VALUE}\b)`) },
  { what: 'iterates over a form', pattern: new RegExp(String.raw`for\s*\(\s*const\s+[^)]*\s+of\s+(?:await\s+)?${FORM_VALUE}\s*\)`) },
  { what: 'reads the body as a form itself (use parseForm)', pattern: /\.formData\(\s*\)/ },
]

/** What a source file does by hand, line by line. */
export function handReads(source: string): string[] {
  return source.split('\n').flatMap((line, i) => HAND_READS.filter((r) => r.pattern.test(line)).map((r) => `line ${i + 1}: ${r.what}: ${line.trim()}`))
}

describe('forms one way', () => {
  it('recognises the ways of reading a form by hand', () => {
    for (const line of [
      "const intent = form.get('intent')",
      "if (formData.get('intent') === 'draft')",
      "const answers = form.getAll('answer')",
      "const x = upload.form.get('file')",
      "navigation.formData?.get('intent') === 'save'",
      'const parsed = schema.safeParse(Object.fromEntries(await readForm(request)))',
      'const values = Object.fromEntries(formData)',
      'for (const [key, value] of form.entries()) {',
      'const form = await request.formData()',
    ])
      expect(handReads(line), line).not.toEqual([])
    for (const line of [
      'const submission = await parseForm(request, schema)',
      "const step = search.get('step')",
      "const [form, fields] = useForm({ id: 'x' })",
      "onValidate: ({ formData }) => parseWithZod(formData, { schema: loginSchema }),",
      'const regions = Object.fromEntries(rows.map((r) => [r.code, r.name]))',
      "const value = platform.get('x')",
    ])
      expect(handReads(line), line).toEqual([])
  })

  it('no route or HTTP module reads a form by hand', () => {
    const found = [...filesUnder('app/routes'), ...filesUnder('app/http')]
      .filter((file) => file !== READER)
      .flatMap((file) => handReads(fs.readFileSync(file, 'utf8')).map((problem) => `${file} ${problem}`))
    expect(found).toEqual([])
  })

  it('no server or domain function takes a FormData: they take the parsed fields they name', () => {
    const found = [...filesUnder('app/server'), ...filesUnder('app/domain')]
      .filter((file) => !file.includes(`${path.sep}generated${path.sep}`))
      .flatMap((file) =>
        fs
          .readFileSync(file, 'utf8')
          .split('\n')
          .flatMap((line, i) => (/\w\s*\??:\s*FormData\b/.test(line) && !/^\s*(?:\*|\/\/)/.test(line) ? [`${file} line ${i + 1}: ${line.trim()}`] : [])),
      )
    expect(found).toEqual([])
  })
})
