/**
 * Adds many fictional applications to the demo campaign for the recruit-list benchmark: each with its
 * own volunteer account, spread over the pipeline, the NGO's regions (mostly its home regions),
 * training progress and four months of arrival dates. Deterministic: the same counts give the same
 * people. Run on a freshly seeded bench database only:
 *   DATABASE_URL=file:… node --import tsx tests/bench/seed-recruits.ts dala-watch=50000 tulpar-youth=10000
 */
import type { ApplicationState } from '../../app/domain/pipeline.ts'
import { db, type Prisma } from '../../app/server/platform/db.server.ts'
import { random, syntheticRecruit } from '../../prisma/data/synthetic-recruits.ts'
import { regions } from '../../prisma/data/regions.ts'

const DAY = 24 * 60 * 60 * 1000
const BATCH = 500
/** Past the demo seed's indexes, so emails and IINs do not collide with its recruits. */
const FIRST_INDEX = 10_000

/** A campaign months into recruitment: most applications still waiting or in training. */
const stateShares: Array<[ApplicationState, number]> = [
  ['submitted', 0.3],
  ['screening', 0.12],
  ['accepted', 0.14],
  ['in_training', 0.24],
  ['certified', 0.1],
  ['rejected', 0.07],
  ['withdrawn', 0.03],
]

function weighted<T>(rnd: () => number, choices: Array<[T, number]>): T {
  let roll = rnd()
  for (const [value, share] of choices) {
    if ((roll -= share) < 0) return value
  }
  return choices[choices.length - 1]![0]
}

function trainingPercent(state: ApplicationState, rnd: () => number): number {
  if (state === 'in_training') return 1 + Math.floor(rnd() * 99)
  if (state === 'certified') return 100
  if (state === 'withdrawn' && rnd() < 0.3) return Math.floor(rnd() * 60)
  return 0
}

async function seedBenchRecruits(ngoSlug: string, count: number, firstIndex: number, now = Date.now()): Promise<number> {
  const ngo = await db.ngo.findUniqueOrThrow({ where: { slug: ngoSlug }, include: { regions: true } })
  const campaign = await db.campaign.findUniqueOrThrow({ where: { slug: 'kurultai-demo' }, select: { id: true } })
  const taken = new Set((await db.application.findMany({ where: { campaignId: campaign.id }, select: { iin: true } })).map((a) => a.iin))
  // Three in four recruits come from the NGO's own regions, the rest from anywhere.
  const home = ngo.regions.map((r) => r.regionCode)
  const elsewhere = regions.map((r) => r.code).filter((code) => !home.includes(code))
  const regionChoices: Array<[string, number]> = [...home.map((code, i): [string, number] => [code, (i === 0 ? 0.4 : 0.35 / Math.max(1, home.length - 1))]), ...elsewhere.map((code): [string, number] => [code, 0.25 / elsewhere.length])]
  const rnd = random(firstIndex)
  let index = firstIndex
  let added = 0
  while (added < count) {
    const users: Prisma.UserCreateManyInput[] = []
    const applications: Prisma.ApplicationCreateManyInput[] = []
    while (applications.length < Math.min(BATCH, count - added)) {
      const person = syntheticRecruit(index)
      const userId = `bench-user-${index}`
      index++
      // Two fictional people may share an IIN; the campaign takes each IIN once.
      if (taken.has(person.iin)) continue
      taken.add(person.iin)
      const state = weighted(rnd, stateShares)
      const createdAt = new Date(now - Math.floor(rnd() * 120 * DAY))
      const stateChangedAt = state === 'submitted' ? createdAt : new Date(Math.min(now, createdAt.getTime() + Math.floor(rnd() * 14 * DAY)))
      users.push({ id: userId, email: person.email, name: person.fullName, passwordHash: '' })
      applications.push({
        ...person,
        regionCode: weighted(rnd, regionChoices),
        campaignId: campaign.id,
        ngoId: ngo.id,
        userId,
        state,
        source: weighted(rnd, [['form', 0.93], ['import', 0.05], ['manual', 0.02]]),
        trainingPercent: trainingPercent(state, rnd),
        createdAt,
        updatedAt: stateChangedAt,
        stateChangedAt,
        consentVersion: '2026-11-v1',
        consentedAt: createdAt,
      })
    }
    await db.$transaction([
      db.user.createMany({ data: users }),
      db.application.createMany({ data: applications }),
    ])
    added += applications.length
  }
  return index
}

let index = FIRST_INDEX
for (const arg of process.argv.slice(2)) {
  const [slug = '', count = '0'] = arg.split('=')
  const started = Date.now()
  index = await seedBenchRecruits(slug, Number(count), index)
  console.log(`${slug}: ${count} applications in ${((Date.now() - started) / 1000).toFixed(1)} s`)
}
await db.$disconnect()
