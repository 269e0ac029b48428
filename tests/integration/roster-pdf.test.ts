/** The printable roster: exported through the download function the routes call, read back with pdftotext. */
import { describe, expect, it } from 'vitest'
import { maskTail } from '~/domain/masking.ts'
import { rosterPhone } from '~/domain/roster.ts'
import { db } from '~/server/platform/db.server.ts'
import { rosterExportResponse } from '~/http/roster-screen.server.ts'
import type { Scope } from '~/domain/permissions.ts'
import { createUser } from '../support/factories.ts'
import { pdfPages } from '../support/pdf-text.ts'
import { accreditedNgo, afterElection, recruit, rosterCampaign } from '../support/roster-fixture.ts'

/** The PDF's bytes and its text, page by page, as `pdftotext -layout` reads it. */
async function pdfOf(response: Response): Promise<{ bytes: Buffer; pages: string[] }> {
  const bytes = Buffer.from(await response.arrayBuffer())
  return { bytes, pages: pdfPages(bytes, { layout: true }) }
}

const KAZAKH_NAMES = ['Әлия Ғалымқызы', 'Һәкім Өмірұлы', 'Іңкәр Үсенова', 'Қуаныш Ұзақбай']

describe('the PDF roster', () => {
  it('prints each region from a new page with the header, page numbers and every certified observer, IIN masked, and audits the export', async () => {
    const campaign = await rosterCampaign()
    const ngo = await accreditedNgo({ name: 'Қамқор бірлестігі' })
    const lead = await createUser()
    const scope: Scope = { kind: 'ngo', actorId: lead.id, ngoId: ngo.id }
    const almaty = await Promise.all(KAZAKH_NAMES.map((fullName, i) => recruit(1 + i, campaign, ngo.id, { fullName, regionCode: 'KZ-75' })))
    // Enough people in Astana for the region to run over several pages.
    const astana = []
    for (let n = 1; n <= 110; n++) astana.push(await recruit(100 + n, campaign, ngo.id, { fullName: `Person ${String(n).padStart(3, '0')}`, regionCode: 'KZ-71' }))
    await recruit(300, campaign, ngo.id, { fullName: 'Not Certified', regionCode: 'KZ-71', certificates: [{ course: 'observer-basics' }] })

    const url = new URL(`http://x/ngo/${ngo.slug}/rosters/export?campaign=${campaign.slug}&format=pdf`)
    const response = await rosterExportResponse(url, scope, 'kk', { ngoSlug: ngo.slug, ngoName: ngo.name, exporter: 'Lead <lead@example.org>', ip: '127.0.0.1' })
    expect(response.status).toBe(200)
    expect(response.headers.get('content-type')).toBe('application/pdf')
    expect(response.headers.get('content-disposition')).toMatch(new RegExp(`filename="roster_${ngo.slug}_${campaign.slug}_all-regions_\\d{4}-\\d{2}-\\d{2}\\.pdf"`))
    const { bytes, pages } = await pdfOf(response)
    expect(bytes.subarray(0, 5).toString()).toBe('%PDF-')

    // The cover: title, the facts, who exported it.
    const [cover, ...regionPages] = pages
    expect(cover).toContain('Сертификатталған байқаушылар тізімі')
    expect(cover).toContain('Lead <lead@example.org>')
    expect(cover).toContain('жасырылған')
    expect(cover).toMatch(/Байқаушылар\s+114/)

    // Every page: NGO, campaign (in the exporter's language), region, "page N of M" within the region,
    // and the table's header row again.
    for (const page of regionPages) {
      expect(page).toContain('Қамқор бірлестігі · Құрылтай сайлауы')
      expect(page).toMatch(/Өңір: (Алматы|Астана)/)
      expect(page).toMatch(/\d+ беттің \d+-беті/)
      expect(page).toMatch(/№\s+Аты-жөні\s+ЖСН/)
    }
    // Kazakh collation: Алматы before Астана; Almaty fits one page, Astana runs over several.
    const almatyPages = regionPages.filter((p) => p.includes('Өңір: Алматы'))
    const astanaPages = regionPages.filter((p) => p.includes('Өңір: Астана'))
    expect(almatyPages).toHaveLength(1)
    expect(almatyPages[0]).toContain('1 беттің 1-беті')
    expect(astanaPages.length).toBeGreaterThanOrEqual(3)
    expect(regionPages).toEqual([...almatyPages, ...astanaPages])
    astanaPages.forEach((page, i) => expect(page).toContain(`${astanaPages.length} беттің ${i + 1}-беті`))
    // A region's rows continue across its pages, in order, none lost.
    const astanaText = astanaPages.join('\n')
    const order = astana.map((r) => astanaText.indexOf(r.application.fullName))
    expect(order.every((at) => at >= 0)).toBe(true)
    expect([...order].sort((a, b) => a - b)).toEqual(order)
    expect(astanaPages[0]).toContain('Person 001')
    expect(astanaPages.at(-1)).toContain('Person 110')
    // Each region numbers its rows from 1, as its pages (and as the workbook's sheet per region does).
    expect(almatyPages[0]).toMatch(/^\s*1\s+Әлия Ғалымқызы/m)
    expect(astanaPages[0]).toMatch(/^\s*1\s+Person 001/m)
    expect(astanaPages.at(-1)).toMatch(/^\s*110\s+Person 110/m)

    // Kazakh letters intact, IINs masked, the uncertified left out.
    const text = pages.join('\n')
    for (const name of KAZAKH_NAMES) expect(almatyPages[0]).toContain(name)
    // Dates as YYYY-MM-DD: each birth date, and the certificates' expiry.
    expect(text).toContain(afterElection(365).toISOString().slice(0, 10))
    for (const person of [...almaty, ...astana]) {
      expect(text).toContain(person.application.birthDate.toISOString().slice(0, 10))
      expect(text).not.toContain(person.iin)
      expect(text).toContain(maskTail(person.iin))
      // The phone as the CSV, the XLSX and the screen show it, never as stored.
      expect(text).toContain(rosterPhone(person.application.phone))
      expect(text).not.toContain(person.application.phone)
    }
    expect(text).not.toContain('Not Certified')

    const event = await db.auditEvent.findFirstOrThrow({ where: { action: 'roster.exported', targetId: campaign.id } })
    expect(event).toMatchObject({ actorId: lead.id, ngoId: ngo.id })
    expect(JSON.parse(event.details)).toMatchObject({ scope: 'ngo', campaign: campaign.slug, regions: [], format: 'pdf', rowCount: 114, iin: 'masked' })
  })

  it('prints full IINs when asked with a reason, in English for a coalition with the NGO column, and a long name wraps rather than running over', async () => {
    const campaign = await rosterCampaign()
    const ngo = await accreditedNgo({ name: 'Dala Print Watch' })
    const admin = await createUser({ isAdmin: true })
    const longName = 'Нұрсұлтанова-Ғабдолхакімова Әйгерім Серікболқызы Жетісуқызы'
    const person = await recruit(1, campaign, ngo.id, { fullName: longName, regionCode: 'KZ-75' })
    await recruit(2, campaign, ngo.id, { fullName: 'Other Region', regionCode: 'KZ-71' })

    const url = new URL(`http://x/admin/rosters/export?campaign=${campaign.slug}&format=pdf&region=KZ-75&fullIin=on&reason=${encodeURIComponent('Commission check')}`)
    const response = await rosterExportResponse(url, { kind: 'coalition', actorId: admin.id }, 'en', { ngoSlug: 'coalition', ngoName: null, exporter: 'Admin', ip: '127.0.0.1' })
    expect(response.status).toBe(200)
    const { pages } = await pdfOf(response)
    const [cover, ...regionPages] = pages
    expect(cover).toContain('Whole coalition')
    expect(cover).toMatch(/IIN\s+full/)
    expect(regionPages).toHaveLength(1)
    const page = regionPages[0] ?? ''
    expect(page).toContain('Region: Almaty')
    expect(page).toContain('Page 1 of 1')
    expect(page).toMatch(/No\.\s+Full name\s+IIN/)
    // The NGO column names the NGO, wrapped between its words if the column is narrow (13 columns here).
    for (const word of ['Dala', 'Print', 'Watch']) expect(page).toMatch(new RegExp(`(^|\\s)${word}(\\s|$)`, 'm'))
    expect(page).toContain(person.iin)
    expect(page).not.toContain('Other Region')
    // The long name is broken over lines inside its column (after its hyphen too): each piece is
    // there, the whole is not on one line.
    for (const word of longName.split(/ |(?<=-)/)) expect(page).toContain(word)
    expect(page).not.toContain(longName)

    const event = await db.auditEvent.findFirstOrThrow({ where: { action: 'roster.exported', targetId: campaign.id } })
    expect(JSON.parse(event.details)).toMatchObject({ scope: 'coalition', format: 'pdf', rowCount: 1, iin: 'full', reason: 'Commission check' })
  })

  it('answers 400 for full IINs without a reason and writes no audit record', async () => {
    const campaign = await rosterCampaign()
    const ngo = await accreditedNgo()
    const lead = await createUser()
    const url = new URL(`http://x/ngo/${ngo.slug}/rosters/export?campaign=${campaign.slug}&format=pdf&fullIin=on`)
    const response = await rosterExportResponse(url, { kind: 'ngo', actorId: lead.id, ngoId: ngo.id }, 'en', { ngoSlug: ngo.slug, ngoName: ngo.name, exporter: 'lead', ip: '127.0.0.1' })
    expect(response.status).toBe(400)
    expect(await db.auditEvent.count({ where: { action: 'roster.exported', targetId: campaign.id } })).toBe(0)
  })
})
