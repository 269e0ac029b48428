import { describe, expect, it } from 'vitest'
import { columnsToForm, readTemplateColumns, templateColumnsSchema, templateFormSchema, templateHeader } from '~/domain/export-templates.ts'

const header = { ru: '', kk: '', en: '' }

describe('the stored columns of an export template', () => {
  it('accepts known columns, each once, at least one', () => {
    expect(templateColumnsSchema.safeParse([{ column: 'fullName', header }, { column: 'number', header }]).success).toBe(true)
    const issue = (value: unknown) => templateColumnsSchema.safeParse(value).error?.issues[0]?.message
    expect(issue([])).toBe('exportTemplates.errors.noColumns')
    expect(issue([{ column: 'salary', header }])).toBe('exportTemplates.errors.unknownColumn')
    expect(issue([{ column: 'iin', header }, { column: 'iin', header }])).toBe('exportTemplates.errors.duplicateColumn')
    expect(issue([{ column: 'iin', header: { ...header, ru: 'x'.repeat(81) } }])).toBe('exportTemplates.errors.headerLength')
  })

  it('reads stored JSON back, or null when it no longer fits', () => {
    expect(readTemplateColumns(JSON.stringify([{ column: 'phone', header: { ru: 'Тел.', kk: '', en: '' } }]))).toEqual([{ column: 'phone', header: { ru: 'Тел.', kk: '', en: '' } }])
    expect(readTemplateColumns('[{"column":"gone","header":{}}]')).toBeNull()
    expect(readTemplateColumns('not json')).toBeNull()
  })

  it('uses the template header in the exporter’s language, else the standard name', () => {
    const standard = (c: string) => `std:${c}`
    const column = { column: 'fullName' as const, header: { ru: 'Фамилия, имя', kk: '  ', en: '' } }
    expect(templateHeader(column, 'ru', standard)).toBe('Фамилия, имя')
    expect(templateHeader(column, 'kk', standard)).toBe('std:fullName')
    expect(templateHeader(column, 'en', standard)).toBe('std:fullName')
  })
})

describe('the template form', () => {
  it('orders the ticked columns by position, equal positions in the standard order', () => {
    const parsed = templateFormSchema.safeParse({
      name: '  ТИК form  ',
      col: {
        phone: { include: 'on', position: 1, ru: 'Тел.' },
        fullName: { include: 'on', position: 2 },
        number: { include: 'on', position: 2, en: 'No' },
        iin: { position: 1 },
      },
    })
    expect(parsed.success).toBe(true)
    expect(parsed.data?.name).toBe('ТИК form')
    expect(parsed.data?.columns).toEqual([
      { column: 'phone', header: { ru: 'Тел.', kk: '', en: '' } },
      { column: 'number', header: { ru: '', kk: '', en: 'No' } },
      { column: 'fullName', header: { ru: '', kk: '', en: '' } },
    ])
  })

  it('refuses no columns, a missing name, a ticked column without a position and unknown fields quietly', () => {
    const messages = (value: unknown) => templateFormSchema.safeParse(value).error?.issues.map((i) => `${i.path.join('.')}:${i.message}`)
    expect(messages({ name: 'A', col: {} })).toEqual(['col:exportTemplates.errors.noColumns'])
    expect(messages({ name: '', col: { iin: { include: 'on', position: 1 } } })).toEqual(['name:exportTemplates.errors.name'])
    expect(messages({ name: 'A', col: { iin: { include: 'on' } } })).toEqual(['col.iin.position:exportTemplates.errors.position'])
    expect(messages({ name: 'A', col: { iin: { include: 'on', position: 0 } } })).toEqual(['col.iin.position:exportTemplates.errors.position'])
    expect(templateFormSchema.safeParse({ name: 'A', col: { iin: { include: 'on', position: 1 }, salary: { include: 'on', position: 2 } } }).data?.columns.map((c) => c.column)).toEqual(['iin'])
  })

  it('fills the form from a template, or with the standard columns (no NGO column) for a new one', () => {
    const fresh = columnsToForm(null)
    expect(fresh.number).toMatchObject({ include: 'on', position: '1' })
    expect(fresh.ngo.include).toBe('')
    const saved = columnsToForm([{ column: 'phone', header: { ru: 'Тел.', kk: '', en: '' } }, { column: 'fullName', header }])
    expect(saved.phone).toMatchObject({ include: 'on', position: '1', ru: 'Тел.' })
    expect(saved.fullName).toMatchObject({ include: 'on', position: '2' })
    expect(saved.iin.include).toBe('')
  })
})
