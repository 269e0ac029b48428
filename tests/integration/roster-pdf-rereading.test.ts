/**
 * The printable roster reads each region twice (measured, then drawn) instead of holding its rows:
 * what changes between the two readings must not break the pages measured. The reader is wrapped so a
 * change lands exactly between them.
 */
import { describe, expect, it, vi } from 'vitest'
import { db } from '~/server/platform/db.server.ts'
import { rosterExportResponse } from '~/http/roster-screen.server.ts'
import type { Scope } from '~/domain/permissions.ts'
import type * as Rosters from '~/server/rosters/rosters.server.ts'
import { createUser } from '../support/factories.ts'
import { pdfPages } from '../support/pdf-text.ts'
import { accreditedNgo, recruit, rosterCampaign } from '../support/roster-fixture.ts'

/** Run once, when a region's keys are read the second time (the drawing pass). */
const between = vi.hoisted(() => ({ change: undefined as undefined | (() => Promise<void>), readings: [] as string[] }))

vi.mock('~/server/rosters/rosters.server.ts', async (importOriginal) => {
  const actual = await importOriginal<typeof Rosters>()
  return {
    ...actual,
    rosterRowReader: async (...args: Parameters<typeof actual.rosterRowReader>) => {
      const reader = await actual.rosterRowReader(...args)
      const seen = new Set<string>()
      return {
        ...reader,
        rows: async (...rowArgs: Parameters<typeof reader.rows>) => {
          const [region, keys] = rowArgs
          const reading = `${region.code}:${keys.map((k) => k.ref).join(',')}`
          between.readings.push(reading)
          if (seen.has(reading) && between.change) {
            const change = between.change
            between.change = undefined
            await change()
          }
          seen.add(reading)
          return reader.rows(...rowArgs)
        },
      }
    },
  }
})

describe('the PDF roster read twice', () => {
  it('draws what it measured: a row withdrawn in between leaves its place and no number, a longer cell is cut with an ellipsis', async () => {
    const campaign = await rosterCampaign()
    const ngo = await accreditedNgo({ name: 'Twice Read Watch' })
    const lead = await createUser()
    const scope: Scope = { kind: 'ngo', actorId: lead.id, ngoId: ngo.id }
    await recruit(1, campaign, ngo.id, { fullName: 'Aaa First', regionCode: 'KZ-75' })
    const second = await recruit(2, campaign, ngo.id, { fullName: 'Bbb Second', regionCode: 'KZ-75' })
    const third = await recruit(3, campaign, ngo.id, { fullName: 'Ccc Third', regionCode: 'KZ-75' })
    await recruit(4, campaign, ngo.id, { fullName: 'Ddd Fourth', regionCode: 'KZ-71' })
    const longPlace = Array.from({ length: 40 }, (_, i) => `посёлок${i}`).join(' ')
    between.readings = []
    between.change = async () => {
      await db.application.update({ where: { id: second.application.id }, data: { state: 'withdrawn' } })
      await db.application.update({ where: { id: third.application.id }, data: { settlement: longPlace } })
    }

    const url = new URL(`http://x/ngo/${ngo.slug}/rosters/export?campaign=${campaign.slug}&format=pdf`)
    const response = await rosterExportResponse(url, scope, 'en', { ngoSlug: ngo.slug, ngoName: ngo.name, exporter: 'Lead', ip: '127.0.0.1' })
    expect(response.status).toBe(200)
    const [cover, ...pages] = pdfPages(Buffer.from(await response.arrayBuffer()), { layout: true })
    // Each region read twice, the same keys each time: measured, then drawn.
    expect(between.change).toBeUndefined()
    expect(between.readings).toHaveLength(4)
    expect(between.readings[0]).toBe(between.readings[1])
    expect(between.readings[2]).toBe(between.readings[3])

    expect(cover).toMatch(/Observers\s+4/)
    const almaty = pages.find((p) => p.includes('Region: Almaty')) ?? ''
    expect(almaty).toContain('Page 1 of 1')
    expect(almaty).not.toContain('Bbb Second')
    // Numbers as drawn: 1 and 2 in Almaty (none skipped), then Astana's from 1 (each region numbers its own rows).
    expect(almaty).toMatch(/^\s*1\s+Aaa First/m)
    expect(almaty).toMatch(/^\s*2\s+Ccc Third/m)
    expect(pages.find((p) => p.includes('Region: Astana'))).toMatch(/^\s*1\s+Ddd Fourth/m)
    // Ccc Third was measured with one line: the settlement that grew since is cut to it.
    expect(almaty).toContain('посёлок0')
    expect(almaty).toContain('…')
    expect(almaty).not.toContain('посёлок5')
  })
})
