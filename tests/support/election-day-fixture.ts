/**
 * Election day built straight in the database (the stations helper's import and assignment flows are
 * not needed to test letters, check-ins and the board): a campaign with two shifts, stations in two
 * regions, and certified observers of two NGOs assigned to them.
 */
import { db } from '~/server/platform/db.server.ts'
import { addMember, createUser } from './factories.ts'
import { accreditedNgo, ELECTION_DAY, recruit, rosterCampaign } from './roster-fixture.ts'

/** 07:00–14:00 and 14:00–22:00 in Kazakhstan (UTC+5) on election day. */
export const SHIFT_TIMES = {
  morning: { startsAt: new Date(ELECTION_DAY.getTime() + 2 * 3_600_000), endsAt: new Date(ELECTION_DAY.getTime() + 9 * 3_600_000) },
  evening: { startsAt: new Date(ELECTION_DAY.getTime() + 9 * 3_600_000), endsAt: new Date(ELECTION_DAY.getTime() + 17 * 3_600_000) },
}
export const atMinutes = (minutesAfterMorningStart: number) => new Date(SHIFT_TIMES.morning.startsAt.getTime() + minutesAfterMorningStart * 60_000)

let n = 500

/** `morningStartsAt` moves both shifts (a test over HTTP runs at the real time: its shift must be under way). */
export async function electionDayWorld(options: { campaign?: { id: string; slug: string }; ngoA?: { id: string }; ngoB?: { id: string }; morningStartsAt?: Date } = {}) {
  const offset = options.morningStartsAt ? options.morningStartsAt.getTime() - SHIFT_TIMES.morning.startsAt.getTime() : 0
  const moved = (times: { startsAt: Date; endsAt: Date }) => ({ startsAt: new Date(times.startsAt.getTime() + offset), endsAt: new Date(times.endsAt.getTime() + offset) })
  const campaign = options.campaign ?? (await rosterCampaign())
  const ngoA = options.ngoA ?? (await accreditedNgo({ name: 'Адал сайлау' }))
  const ngoB = options.ngoB ?? (await accreditedNgo({ name: 'Tulpar Youth' }))
  await db.ngo.update({ where: { id: ngoA.id }, data: { accreditationNumber: 'ЦИК-17/2026', letterSignatory: 'Сауле Нурланова', letterSignatoryTitle: 'Председатель правления' } })
  const morning = await db.campaignShift.create({ data: { campaignId: campaign.id, nameRu: 'Открытие — 14:00', nameKk: 'Ашылуы — 14:00', nameEn: 'Opening to 14:00', ...moved(SHIFT_TIMES.morning), sortOrder: 1 } })
  const evening = await db.campaignShift.create({ data: { campaignId: campaign.id, nameRu: '14:00 — подсчёт', nameKk: '14:00 — санау', nameEn: '14:00 to the count', ...moved(SHIFT_TIMES.evening), sortOrder: 2 } })
  const station = (regionCode: string, number: string, address: string) => db.pollingStation.create({ data: { campaignId: campaign.id, regionCode, number, district: regionCode === 'KZ-75' ? 'Алмалинский район' : '', address } })
  const stations = {
    a101: await station('KZ-75', '101', 'ул. Абая, 15, школа № 12'),
    a102: await station('KZ-75', '102', 'пр. Достык, 44, гимназия № 5'),
    a103: await station('KZ-75', '103', 'ул. Жандосова, 2'),
    t201: await station('KZ-19', '201', 'Қонаев қ., Наурызбай көшесі, 7'),
  }
  const observer = async (ngoId: string, fullName: string, regionCode: string) => recruit(n++, campaign, ngoId, { fullName, regionCode })
  const people = {
    aigul: await observer(ngoA.id, 'Әйгүл Қасымқызы', 'KZ-75'),
    nurlan: await observer(ngoA.id, 'Нурлан Ахметов', 'KZ-75'),
    dana: await observer(ngoA.id, 'Дана Өмірбекова', 'KZ-19'),
    bakyt: await observer(ngoB.id, 'Бақыт Серікбаев', 'KZ-75'),
  }
  const assign = (person: { application: { id: string } }, ngoId: string, stationId: string, shiftId: string, extra: { status?: string; idDocumentNumber?: string } = {}) =>
    db.assignment.create({ data: { campaignId: campaign.id, ngoId, applicationId: person.application.id, stationId, shiftId, ...extra } })
  const assignments = {
    aigul: await assign(people.aigul, ngoA.id, stations.a101.id, morning.id),
    nurlan: await assign(people.nurlan, ngoA.id, stations.a102.id, morning.id, { idDocumentNumber: 'N 04512345' }),
    dana: await assign(people.dana, ngoA.id, stations.t201.id, morning.id),
    bakyt: await assign(people.bakyt, ngoB.id, stations.a101.id, morning.id),
    nurlanEvening: await assign(people.nurlan, ngoA.id, stations.a103.id, evening.id, { status: 'declined' }),
  }
  const leadA = await createUser({ email: `lead-a-${n}@example.org` })
  const admin = await createUser({ email: `admin-${n}@example.org`, isAdmin: true })
  await addMember(leadA.id, ngoA.id, 'LEAD')
  const leadB = await createUser({ email: `lead-b-${n}@example.org` })
  await addMember(leadB.id, ngoB.id, 'LEAD')
  return { campaign, ngoA, ngoB, shifts: { morning, evening }, stations, people, assignments, leadA, leadB, admin }
}
