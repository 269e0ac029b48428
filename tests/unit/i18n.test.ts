/** Every screen in three languages: a missing or empty key in any of them fails here. */
import fs from 'node:fs'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import en from '~/i18n/locales/en.json'
import kk from '~/i18n/locales/kk.json'
import ru from '~/i18n/locales/ru.json'
import { auditActions } from '~/domain/audit.ts'
import { notificationKinds } from '~/domain/notifications.ts'
import { crashPoints } from '~/server/jobs/crash-points.server.ts'
import { sourceFiles } from '../support/source-files.ts'

type Tree = { [key: string]: string | Tree }

function flatten(tree: Tree, prefix = ''): Map<string, string> {
  const out = new Map<string, string>()
  for (const [key, value] of Object.entries(tree)) {
    const full = prefix ? `${prefix}.${key}` : key
    if (typeof value === 'string') out.set(full, value)
    else for (const [k, v] of flatten(value, full)) out.set(k, v)
  }
  return out
}

// Plural forms differ by language (Russian has few/many); compare the keys without them.
const base = (key: string) => key.replace(/_(zero|one|two|few|many|other)$/, '')
const resources = { ru: flatten(ru), kk: flatten(kk), en: flatten(en) }
const baseKeys = (m: Map<string, string>) => new Set([...m.keys()].map(base))

describe('translations', () => {
  it.each(['ru', 'kk', 'en'] as const)('%s has every key the others have', (lng) => {
    const all = new Set([...baseKeys(resources.ru), ...baseKeys(resources.kk), ...baseKeys(resources.en)])
    const missing = [...all].filter((key) => !baseKeys(resources[lng]).has(key))
    expect(missing).toEqual([])
  })

  it.each(['ru', 'kk', 'en'] as const)('%s has no empty text', (lng) => {
    expect([...resources[lng]].filter(([, text]) => !text.trim()).map(([key]) => key)).toEqual([])
  })

  it('ru has every plural form Russian needs', () => {
    for (const key of [...resources.ru.keys()].filter((k) => k.endsWith('_one'))) {
      for (const form of ['_few', '_many', '_other']) expect(resources.ru.has(key.replace(/_one$/, form)), key + form).toBe(true)
    }
  })

  it('every key written in the code exists in all three languages', () => {
    const namespaces = new Set(Object.keys(en))
    const used = new Set<string>()
    for (const file of sourceFiles(path.resolve('app'))) {
      const text = fs.readFileSync(file, 'utf8')
      for (const match of text.matchAll(/['"`]([a-z][A-Za-z]*(?:\.[A-Za-z0-9_]+)+)['"`]/g)) {
        const key = match[1] ?? ''
        // Audit action names ("campaign.created") look like keys but are not shown through i18n.
        if (/action:\s*$/.test(text.slice(Math.max(0, (match.index ?? 0) - 20), match.index))) continue
        // The list of them (app/domain/audit.ts): their labels live under audit.actions.<action>.
        if ((auditActions as readonly string[]).includes(key)) continue
        // So do notification kinds ("application.accepted"): their texts live under notifications.<kind>.
        if ((notificationKinds as readonly string[]).includes(key)) continue
        // And crash points ("certificate.created"), named for the tests that kill the process there.
        if ((crashPoints as readonly string[]).includes(key)) continue
        if (namespaces.has(key.split('.')[0] ?? '') && !/\.(ts|tsx|json|css|server)$/.test(key)) used.add(key)
      }
    }
    expect(used.size).toBeGreaterThan(100)
    for (const lng of ['ru', 'kk', 'en'] as const) {
      const missing = [...used].filter((key) => !baseKeys(resources[lng]).has(key))
      expect(missing, `missing in ${lng}`).toEqual([])
    }
  })

  it('every literal key passed to t() exists in all three languages, dotted or not', () => {
    // The scan above recognises keys by their namespace; a t('attempts') that lost its namespace in
    // a move would slip past it, so every t('…') call with a literal key is checked too.
    const called = new Set<string>()
    for (const file of sourceFiles(path.resolve('app'))) {
      const text = fs.readFileSync(file, 'utf8')
      for (const match of text.matchAll(/\bt\(\s*['"]([^'"$]+)['"]/g)) called.add(match[1] ?? '')
    }
    expect(called.size).toBeGreaterThan(100)
    for (const lng of ['ru', 'kk', 'en'] as const) {
      const missing = [...called].filter((key) => !baseKeys(resources[lng]).has(key))
      expect(missing, `missing in ${lng}`).toEqual([])
    }
  })
})

describe('words that must not read alike', () => {
  const bare = (text: string | undefined) => (text ?? '').replace(/[.!]$/, '').toLocaleLowerCase()

  it.each(['ru', 'kk', 'en'] as const)('%s: an exam review’s verdict is not a true/false option’s label', (lng) => {
    const options = [resources[lng].get('exam.true'), resources[lng].get('exam.false')].map(bare)
    for (const verdict of ['exam.reviewRight', 'exam.reviewPartial', 'exam.reviewWrong']) expect(options, verdict).not.toContain(bare(resources[lng].get(verdict)))
  })

  it.each(['ru', 'kk', 'en'] as const)('%s: the header’s live sessions are not called the courses’ lessons', (lng) => {
    const live = bare(resources[lng].get('nav.liveSessions'))
    expect([resources[lng].get('courses.lessons'), resources[lng].get('nav.courses')].map(bare)).not.toContain(live)
  })
})

describe('a page’s translation block', () => {
  it('ships whole groups the render used, the always-groups, and validation for a form', async () => {
    const { pageTranslationsJson } = await import('~/i18n/instances.server.ts')
    const block = JSON.parse(pageTranslationsJson('en', new Set(['courses', 'fields']))) as Record<string, unknown>
    // Whole groups: a string the browser shows later (after the page runs, offline) is there too.
    expect(block.courses).toEqual(en.courses)
    for (const group of ['app', 'nav', 'footer', 'errors', 'common', 'validation', 'fields'] as const) expect(block[group]).toEqual(en[group])
    expect(block.live).toBeUndefined()
    expect(block.electionDay).toBeUndefined()
    // The HTTP server's own pages (app/http/edge-pages.server.ts) are never rendered by React.
    expect(block.edge).toBeUndefined()
    expect(JSON.stringify(block)).not.toContain(en.edge.badAddress.title)
  })

  it('notes a key as its group; the header’s links are in the always-shipped nav group', async () => {
    const { inRequestScope, newRequestScope, noteTranslationKey, usedTranslationGroups } = await import('~/server/platform/request-scope.server.ts')
    const used = inRequestScope(newRequestScope('GET'), () => {
      noteTranslationKey('deployment.suggest.count')
      noteTranslationKey(['common:app.name', 'nav.liveSessions'])
      return [...(usedTranslationGroups() ?? [])]
    })
    expect(used.sort()).toEqual(['app', 'deployment', 'nav'])
    const header = fs.readFileSync(path.resolve('app/components/site-header.tsx'), 'utf8')
    for (const key of header.matchAll(/\bt\('([\w.]+)'/g)) expect(['nav', 'app', 'common', 'footer', 'errors', 'inbox']).toContain(key[1]?.split('.')[0])
  })
})
