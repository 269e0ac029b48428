/** Stations and shifts of a campaign for election-day tests, built straight in the database. */
import { kzInstant } from '~/domain/assignments.ts'
import { db } from '~/server/platform/db.server.ts'

/** The usual three shifts on 21 March 2027 (the roster fixture's election day), KZ time. */
export async function campaignShifts(campaignId: string) {
  const day = '2027-03-21'
  const make = (n: number, ru: string, kk: string, en: string, from: string, to: string, toDay = day) =>
    db.campaignShift.create({ data: { campaignId, nameRu: ru, nameKk: kk, nameEn: en, startsAt: kzInstant(day, from) as Date, endsAt: kzInstant(toDay, to) as Date, sortOrder: n } })
  const opening = await make(1, 'Открытие – 14:00', 'Ашылу – 14:00', 'Opening – 14:00', '07:00', '14:00')
  const afternoon = await make(2, '14:00 – закрытие', '14:00 – жабылу', '14:00 – close', '14:00', '20:00')
  const count = await make(3, 'Подсчёт голосов', 'Дауыс санау', 'The count', '20:00', '04:00', '2027-03-22')
  return { opening, afternoon, count }
}

export async function station(campaignId: string, regionCode: string, number: string, district = 'Алмалинский район', address = 'ул. Толе би, 55, школа № 12') {
  return db.pollingStation.create({ data: { campaignId, regionCode, number, district, address, latitude: 43.2567, longitude: 76.9286 } })
}
