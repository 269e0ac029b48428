/**
 * The lead's assignment form over HTTP, without JavaScript: every choice starts empty and an empty one
 * is refused at its field in the lead's language; namesakes told apart; the stations grouped by
 * district and found by number; an observer placed outside their home region only once the lead
 * confirms it, warned about before sending when the page knows the observer.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { db } from '~/server/platform/db.server.ts'
import { Client, startApp, type RunningApp } from '../support/app-server.ts'
import { campaignShifts, station } from '../support/deployment-fixture.ts'
import { addMember, createUser, TEST_PASSWORD } from '../support/factories.ts'
import { decodeHtml } from '../support/page-text.ts'
import { accreditedNgo, recruit, rosterCampaign } from '../support/roster-fixture.ts'

let app: RunningApp
let world: Awaited<ReturnType<typeof build>>

async function build() {
  const campaign = await rosterCampaign()
  const ngo = await accreditedNgo({ name: 'Адал сайлау' })
  const lead = await createUser({ email: 'assign-form-lead@example.org', locale: 'ru' })
  await addMember(lead.id, ngo.id, 'LEAD')
  const shifts = await campaignShifts(campaign.id)
  const stations = {
    s101: await station(campaign.id, 'KZ-75', '101', 'Алмалинский район', 'ул. Толе би, 55'),
    s102: await station(campaign.id, 'KZ-75', '102', 'Бостандыкский район', 'пр. Абая, 10'),
    s103: await station(campaign.id, 'KZ-75', '103', 'Алмалинский район', 'ул. Жандосова, 2'),
    s104: await station(campaign.id, 'KZ-75', '104', '', 'мкр. Алатау, 1'),
    s201: await station(campaign.id, 'KZ-71', '201', 'Есильский район', 'пр. Мангилик Ел, 8'),
  }
  // Two observers of one name in Almaty, one from Astana.
  const first = await recruit(9101, campaign, ngo.id, { fullName: 'Айгерім Серікова', regionCode: 'KZ-75' })
  const second = await recruit(9102, campaign, ngo.id, { fullName: 'Айгерім Серікова', regionCode: 'KZ-75' })
  const astana = await recruit(9103, campaign, ngo.id, { fullName: 'Дана Омарова', regionCode: 'KZ-71' })
  const regionName = async (code: string) => (await db.region.findUniqueOrThrow({ where: { code } })).nameRu
  return { campaign, ngo, shifts, stations, first, second, astana, almaty: await regionName('KZ-75'), astanaName: await regionName('KZ-71') }
}

beforeAll(async () => {
  world = await build()
  app = await startApp({ DATABASE_URL: process.env.DATABASE_URL ?? '', OUTBOX_DIR: process.env.OUTBOX_DIR ?? '' })
})
afterAll(async () => {
  await app.stop()
})

async function lead() {
  const client = new Client(app.url, { 'Accept-Language': 'ru' })
  await client.login('assign-form-lead@example.org', TEST_PASSWORD)
  return client
}

const formPath = () => `/ngo/${world.ngo.slug}/campaigns/${world.campaign.slug}/assignments/new`
/** The options of one select, as [value, text], optgroups as "group: text". */
function options(html: string, id: string): string[] {
  const select = new RegExp(`<select id="${id}"[^>]*>(.*?)</select>`, 's').exec(html)?.[1] ?? ''
  const out: string[] = []
  for (const part of select.matchAll(/<optgroup label="([^"]*)">(.*?)<\/optgroup>|<option value="([^"]*)"[^>]*>([^<]*)<\/option>/gs)) {
    if (part[1] !== undefined) for (const o of (part[2] ?? '').matchAll(/<option value="[^"]*"[^>]*>([^<]*)<\/option>/g)) out.push(`${part[1]}: ${o[1]}`)
    else out.push(`${part[3]}=${part[4]}`)
  }
  return out
}
const assignments = () => db.assignment.count({ where: { campaignId: world.campaign.id } })

describe('the assignment form', () => {
  it('starts every choice empty, tells namesakes apart and groups the stations by district', async () => {
    const client = await lead()
    const page = decodeHtml(await (await client.get(`${formPath()}?region=KZ-75`)).text())
    const observers = options(page, 'assign-observer')
    expect(observers[0]).toBe('=— выберите наблюдателя —')
    const tail = (iin: string) => `ИИН …${iin.slice(-4)}`
    expect(observers.slice(1).sort()).toEqual(
      [`Айгерім Серікова — ${world.almaty}, Алматы · ${tail(world.first.iin)}`, `Айгерім Серікова — ${world.almaty}, Алматы · ${tail(world.second.iin)}`, `Дана Омарова — ${world.astanaName}, Алматы · ${tail(world.astana.iin)}`]
        .map((label, i) => `${[world.first, world.second, world.astana][i]!.application.id}=${label}`)
        .sort(),
    )
    // The whole IIN never reaches the page.
    for (const person of [world.first, world.second, world.astana]) expect(page).not.toContain(person.iin)
    expect(options(page, 'assign-station')).toEqual(['=— выберите участок —', 'Алмалинский район: № 101 · ул. Толе би, 55', 'Алмалинский район: № 103 · ул. Жандосова, 2', 'Бостандыкский район: № 102 · пр. Абая, 10', 'Без района: № 104 · мкр. Алатау, 1'])
    expect(options(page, 'assign-shift')[0]).toBe('=— выберите смену —')
    expect(page).not.toContain('name="otherRegion"')

    // Found by number (or words of the address), without JavaScript: a GET form.
    const found = decodeHtml(await (await client.get(`${formPath()}?region=KZ-75&q=103`)).text())
    expect(options(found, 'assign-station')).toEqual(['=— выберите участок —', 'Алмалинский район: № 103 · ул. Жандосова, 2'])
  })

  it('refuses a form sent with nothing chosen, saying so at each field, and writes nothing', async () => {
    const client = await lead()
    const before = await assignments()
    const response = await client.post(`${formPath()}?region=KZ-75`, { intent: 'assign', applicationId: '', stationId: '', shiftId: '' })
    expect(response.status).toBe(400)
    const page = decodeHtml(await response.text())
    expect(page).toMatch(/<select id="assign-observer"[^>]*aria-invalid="true" aria-describedby="assign-applicationId-error"/)
    expect(page).toContain('<ul id="assign-applicationId-error" class="field-errors"><li>Выберите наблюдателя.</li></ul>')
    expect(page).toContain('<ul id="assign-stationId-error" class="field-errors"><li>Выберите участок.</li></ul>')
    expect(page).toContain('<ul id="assign-shiftId-error" class="field-errors"><li>Выберите смену.</li></ul>')
    // One choice made: it is kept, the others are asked for.
    const partly = decodeHtml(await (await client.post(`${formPath()}?region=KZ-75`, { intent: 'assign', applicationId: world.first.application.id, stationId: '', shiftId: '' })).text())
    expect(partly).toContain(`<option value="${world.first.application.id}" selected="">`)
    expect(partly).not.toContain('assign-applicationId-error')
    expect(await assignments()).toBe(before)
  })

  it('places an observer outside their home region only once the lead confirms it', async () => {
    const client = await lead()
    const before = await assignments()
    const fields = { intent: 'assign', applicationId: world.astana.application.id, stationId: world.stations.s101.id, shiftId: world.shifts.opening.id }
    const refused = await client.post(`${formPath()}?region=KZ-75`, fields)
    expect(refused.status).toBe(409)
    const page = decodeHtml(await refused.text())
    expect(page).toContain(`Не назначено: Дана Омарова — из региона «${world.astanaName}», а участок 101 — в регионе «${world.almaty}».`)
    expect(page).toContain(`Дана Омарова подавал(а) заявку в регионе «${world.astanaName}», а эти участки — в регионе «${world.almaty}».`)
    // The box to confirm it, where focus goes after the refusal.
    const box = /<input id="assign-other-region"[^>]*>/.exec(page)?.[0] ?? ''
    expect(box).toContain('type="checkbox" name="otherRegion"')
    expect(box).toContain('value="yes"')
    expect(box).toContain('data-focus-on-error="true"')
    // What was chosen is shown again, and a link leads to the stations of their own region.
    expect(page).toContain(`<option value="${world.stations.s101.id}" selected="">`)
    expect(page).toContain(`href="?region=KZ-71&observer=${world.astana.application.id}"`)
    expect(await assignments()).toBe(before)

    const confirmed = await client.post(`${formPath()}?region=KZ-75`, { ...fields, otherRegion: 'yes' })
    expect(confirmed.status).toBe(302)
    expect(await db.assignment.count({ where: { applicationId: world.astana.application.id, stationId: world.stations.s101.id } })).toBe(1)
  })

  it('warns before sending when the page knows the observer and the stations are of another region', async () => {
    const client = await lead()
    const page = decodeHtml(await (await client.get(`${formPath()}?region=KZ-75&observer=${world.astana.application.id}`)).text())
    expect(page).toContain(`<option value="${world.astana.application.id}" selected="">`)
    expect(page).toContain('name="otherRegion"')
    const home = decodeHtml(await (await client.get(`${formPath()}?region=KZ-71&observer=${world.astana.application.id}`)).text())
    expect(home).not.toContain('name="otherRegion"')
    expect(options(home, 'assign-station')).toEqual(['=— выберите участок —', 'Есильский район: № 201 · пр. Мангилик Ел, 8'])
  })
})
