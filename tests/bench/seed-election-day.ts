/**
 * The coverage-board benchmark's election day: a campaign voting today, 10,000 polling stations over
 * the 20 regions (in proportion to the regions' estimates), two shifts (the morning one started two
 * hours ago), and 20,000 assignments (each station in each shift: Dala Watch at 7 in 10, Tulpar Youth
 * at the rest) of 10,000 fictional observers, with the morning's check-ins: 85% arrived (some left
 * and came back, some left for good), 15% never came (late). Deterministic. Run on a bench database:
 *   DATABASE_URL=file:… node --import tsx tests/bench/seed-election-day.ts [stations]
 */
import { db, type Prisma } from '../../app/server/platform/db.server.ts'
import { random, syntheticRecruit } from '../../prisma/data/synthetic-recruits.ts'
import { regions } from '../../prisma/data/regions.ts'

const STATIONS = Number(process.argv[2] ?? 10_000)
const BATCH = 1000
/** Past the demo seed's and the recruit bench's indexes. */
const FIRST_INDEX = 200_000
const MINUTE = 60_000

const now = Date.now()
const rnd = random(7)
const campaign = await db.campaign.create({
  data: { slug: 'bench-election', nameRu: 'Выборы (нагрузка)', nameKk: 'Сайлау (жүктеме)', nameEn: 'Election (bench)', kind: 'PARLIAMENTARY', electionDay: new Date(now), applicationDeadline: new Date(now - 30 * 24 * 60 * MINUTE) },
})
const morning = await db.campaignShift.create({ data: { campaignId: campaign.id, nameRu: 'Открытие — 14:00', nameKk: 'Ашылуы — 14:00', nameEn: 'Opening to 14:00', startsAt: new Date(now - 120 * MINUTE), endsAt: new Date(now + 300 * MINUTE), sortOrder: 1 } })
const evening = await db.campaignShift.create({ data: { campaignId: campaign.id, nameRu: '14:00 — подсчёт', nameKk: '14:00 — санау', nameEn: '14:00 to the count', startsAt: new Date(now + 300 * MINUTE), endsAt: new Date(now + 780 * MINUTE), sortOrder: 2 } })
const ngos = await db.ngo.findMany({ where: { slug: { in: ['dala-watch', 'tulpar-youth'] } }, select: { id: true, slug: true } })
const ngoA = ngos.find((n) => n.slug === 'dala-watch')!.id
const ngoB = ngos.find((n) => n.slug === 'tulpar-youth')!.id

// Stations per region in proportion to the estimates.
const total = regions.reduce((sum, r) => sum + r.pollingStations, 0)
const plan = regions.map((r) => ({ code: r.code, count: Math.round((r.pollingStations / total) * STATIONS) }))
plan[plan.length - 1]!.count += STATIONS - plan.reduce((sum, p) => sum + p.count, 0)

const started = Date.now()
let index = FIRST_INDEX
let assignments = 0
let checkIns = 0
for (const { code, count } of plan) {
  for (let from = 0; from < count; from += BATCH) {
    const size = Math.min(BATCH, count - from)
    const stations: Prisma.PollingStationCreateManyInput[] = []
    const users: Prisma.UserCreateManyInput[] = []
    const applications: Prisma.ApplicationCreateManyInput[] = []
    const rows: Prisma.AssignmentCreateManyInput[] = []
    const taps: Prisma.CheckInCreateManyInput[] = []
    for (let i = 0; i < size; i++) {
      const number = String(from + i + 1)
      const stationId = `bench-st-${code}-${number}`
      stations.push({ id: stationId, campaignId: campaign.id, regionCode: code, number, district: '', address: `ул. Тестовая, ${number}` })
      const ngoId = rnd() < 0.7 ? ngoA : ngoB
      const person = syntheticRecruit(index)
      const userId = `bench-obs-${index}`
      const applicationId = `bench-app-${index}`
      index++
      users.push({ id: userId, email: `bench-obs-${index}@example.org`, name: person.fullName, passwordHash: '' })
      applications.push({ ...person, iin: `${person.iin.slice(0, 6)}${String(index).padStart(6, '0')}`, id: applicationId, regionCode: code, campaignId: campaign.id, ngoId, userId, state: 'certified', consentVersion: '2026-11-v1', consentedAt: new Date(now) })
      for (const shift of [morning, evening]) {
        const id = `bench-as-${shift.sortOrder}-${index}`
        rows.push({ id, campaignId: campaign.id, ngoId, applicationId, stationId, shiftId: shift.id, status: 'confirmed' })
        assignments++
        if (shift !== morning) continue
        const roll = rnd()
        if (roll < 0.15) continue
        const arrived = morning.startsAt.getTime() - 30 * MINUTE + Math.floor(rnd() * 40 * MINUTE)
        taps.push({ assignmentId: id, kind: 'arrived', clientId: `${id}-1`, deviceAt: new Date(arrived), serverAt: new Date(arrived + 2000) })
        if (roll > 0.9) {
          const left = arrived + 60 * MINUTE
          taps.push({ assignmentId: id, kind: 'left', clientId: `${id}-2`, deviceAt: new Date(left), serverAt: new Date(left + 1000) })
          if (roll > 0.95) taps.push({ assignmentId: id, kind: 'arrived', clientId: `${id}-3`, deviceAt: new Date(left + 20 * MINUTE), serverAt: new Date(left + 21 * MINUTE) })
        }
      }
    }
    checkIns += taps.length
    await db.$transaction([
      db.pollingStation.createMany({ data: stations }),
      db.user.createMany({ data: users }),
      db.application.createMany({ data: applications }),
      db.assignment.createMany({ data: rows }),
      db.checkIn.createMany({ data: taps }),
    ])
  }
}
console.log(`${STATIONS} stations, ${assignments} assignments, ${checkIns} check-ins in ${((Date.now() - started) / 1000).toFixed(1)} s`)
await db.$disconnect()
