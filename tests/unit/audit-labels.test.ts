/** The audit log in the admin's language: every action and kind of target it records has a label in ru, kk and en. */
import fs from 'node:fs'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { auditActions, auditDetailNames, auditDetails, auditFieldValues, auditTargetKind, auditTargetKinds, isAuditAction } from '~/domain/audit.ts'
import en from '~/i18n/locales/en.json'
import kk from '~/i18n/locales/kk.json'
import ru from '~/i18n/locales/ru.json'
import { sourceFiles } from '../support/source-files.ts'

type Tree = { [key: string]: string | Tree }

function lookup(tree: Tree, key: string): string | undefined {
  let node: string | Tree | undefined = tree
  for (const part of key.split('.')) node = typeof node === 'object' ? node[part] : undefined
  return typeof node === 'string' ? node : undefined
}

const languages = { ru, kk, en } as Record<string, Tree>

describe('audit labels', () => {
  it.each(Object.keys(languages))('%s names every action and every kind of target, none by its identifier', (lng) => {
    const tree = languages[lng] ?? {}
    const unnamed = [...auditActions.map((a) => `audit.actions.${a}`), ...auditTargetKinds.map((k) => `audit.targets.${k}`)].filter((key) => {
      const text = lookup(tree, key)
      return !text?.trim() || text === key.split('.').slice(2).join('.')
    })
    expect(unnamed).toEqual([])
  })

  it.each(Object.keys(languages))('%s names every detail the page translates, and only those', (lng) => {
    const tree = languages[lng] ?? {}
    const keys = [...auditDetailNames.map((n) => `audit.detailNames.${n}`), ...auditFieldValues.map((v) => `audit.fieldValues.${v}`)]
    expect(keys.filter((key) => !lookup(tree, key)?.trim())).toEqual([])
    const audit = tree.audit as Tree
    expect(Object.keys(audit.detailNames as Tree).sort()).toEqual([...auditDetailNames].sort())
    expect(Object.keys(audit.fieldValues as Tree).sort()).toEqual([...auditFieldValues].sort())
  })

  it('labels nothing the log does not record (a renamed action leaves no stale label)', () => {
    const actions = new Set<string>(auditActions)
    const labelled: string[] = []
    const walk = (tree: Tree, prefix: string) => {
      for (const [key, value] of Object.entries(tree)) {
        if (typeof value === 'string') labelled.push(prefix + key)
        else walk(value, `${prefix}${key}.`)
      }
    }
    walk((en.audit.actions as Tree) ?? {}, '')
    expect(labelled.filter((a) => !actions.has(a))).toEqual([])
  })

  it('every action a source file records is in the list, the seed’s too', () => {
    // recordAudit's type already refuses an unknown action; this also reads the seed and the writes
    // that build the action from parts (`assignment.${response}`) by their literal parts.
    const recorded = new Set<string>()
    for (const file of [...sourceFiles(path.resolve('app')), path.resolve('prisma/seed.ts')]) {
      for (const match of fs.readFileSync(file, 'utf8').matchAll(/action: '([a-zA-Z_]+\.[a-zA-Z_.]+)'/g)) recorded.add(match[1] ?? '')
    }
    expect(recorded.size).toBeGreaterThan(60)
    expect([...recorded].filter((a) => !isAuditAction(a))).toEqual([])
  })

  it('finds a kind of target whatever its case, as older entries wrote some', () => {
    expect(auditTargetKind('LiveSession')).toBe('livesession')
    expect(auditTargetKind('Assignment')).toBe('assignment')
    expect(auditTargetKind('application')).toBe('application')
    expect(auditTargetKind('somethingNew')).toBeNull()
    expect(isAuditAction('roster.exported')).toBe(true)
    expect(isAuditAction('roster.deleted')).toBe(false)
  })
})

describe('an entry’s details as the log shows them (auditDetails)', () => {
  it('gives each field by name, in the order written, lists joined and nested objects as compact JSON', () => {
    const details = JSON.stringify({ format: 'pdf', rowCount: 120, regions: ['KZ-75', 'KZ-71'], iin: 'full', reason: 'проверка', template: null, token: { id: 't1', name: 'ЦИК' }, none: [] })
    expect(auditDetails(details)).toEqual({
      kind: 'fields',
      fields: [
        ['format', 'pdf'],
        ['rowCount', '120'],
        ['regions', 'KZ-75, KZ-71'],
        ['iin', 'full'],
        ['reason', 'проверка'],
        ['template', '—'],
        ['token', '{"id":"t1","name":"ЦИК"}'],
        ['none', '—'],
      ],
    })
  })

  it('shows details that are not a JSON object as written, and none as none', () => {
    expect(auditDetails(null)).toEqual({ kind: 'none' })
    expect(auditDetails('')).toEqual({ kind: 'none' })
    expect(auditDetails('{}')).toEqual({ kind: 'none' })
    expect(auditDetails('moved by hand')).toEqual({ kind: 'text', text: 'moved by hand' })
    expect(auditDetails('[1,2]')).toEqual({ kind: 'text', text: '1, 2' })
    expect(auditDetails('"text"')).toEqual({ kind: 'text', text: 'text' })
    // A field whose name is empty is still a field, not text.
    expect(auditDetails('{"":"x"}')).toEqual({ kind: 'fields', fields: [['', 'x']] })
  })
})
