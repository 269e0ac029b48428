/**
 * Fictional recruits for the demo and the benchmark: deterministic (the same index gives the same
 * person), with IINs that pass the check digit and agree with the birth date, so they look and
 * behave like real applications. None of these people exist.
 */
import { iinCheckDigit } from '../../app/domain/iin.ts'
import { recruitSearchText } from '../../app/domain/recruits.ts'
import { regions } from './regions.ts'

const surnames = ['Ахметов', 'Серікбаев', 'Нұрланов', 'Иванов', 'Жумабеков', 'Ким', 'Оспанов', 'Тулегенов', 'Смагулов', 'Бекова', 'Садыкова', 'Абдрахманова', 'Петрова', 'Ержанова', 'Касымова', 'Мукашева']
const givenNames = ['Айдос', 'Дана', 'Ерлан', 'Алия', 'Тимур', 'Асель', 'Нурлан', 'Мадина', 'Арман', 'Жанар', 'Данияр', 'Айгерим', 'Сергей', 'Ольга', 'Бауыржан', 'Камила']
const settlements = ['центр', 'микрорайон Самал', 'село Талдыбулак', 'район Алмалы', 'посёлок Шахтёр', 'аул Кызылжар']

/** A small deterministic generator (mulberry32), so runs are repeatable without a dependency. */
export function random(seed: number): () => number {
  let a = seed >>> 0
  return () => {
    a = (a + 0x6d2b79f5) >>> 0
    let t = a
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

export function syntheticIin(birthDate: Date, male: boolean, serial: number): string {
  const yy = String(birthDate.getUTCFullYear() % 100).padStart(2, '0')
  const mm = String(birthDate.getUTCMonth() + 1).padStart(2, '0')
  const dd = String(birthDate.getUTCDate()).padStart(2, '0')
  const century = birthDate.getUTCFullYear() >= 2000 ? (male ? 5 : 6) : male ? 3 : 4
  for (let s = serial; ; s++) {
    const first11 = `${yy}${mm}${dd}${century}${String(s % 10000).padStart(4, '0')}`
    const check = iinCheckDigit([...first11].map(Number))
    if (check !== null) return `${first11}${check}`
  }
}

export function syntheticRecruit(index: number) {
  const rnd = random(index + 1)
  const pick = <T>(list: readonly T[]): T => list[Math.floor(rnd() * list.length)] as T
  const surname = pick(surnames)
  const female = /(ова|ева|ина)$/.test(surname) || rnd() < 0.3
  const given = pick(givenNames)
  const birthDate = new Date(Date.UTC(1960 + Math.floor(rnd() * 46), Math.floor(rnd() * 12), 1 + Math.floor(rnd() * 28)))
  const iin = syntheticIin(birthDate, !female, index * 7 + 1)
  const phone = `+7701${String(1_000_000 + index).slice(-7)}`
  const fullName = `${surname} ${given}`
  const region = pick(regions)
  const languages = rnd() < 0.5 ? ['kk', 'ru'] : rnd() < 0.5 ? ['ru'] : ['kk']
  const availability = rnd() < 0.6 ? ['opening', 'voting', 'counting'] : rnd() < 0.5 ? ['voting'] : ['voting', 'counting']
  return {
    fullName,
    iin,
    birthDate,
    sex: female ? 'female' : 'male',
    phone,
    email: `recruit${index}@example.org`,
    regionCode: region.code,
    settlement: pick(settlements),
    pollingStation: rnd() < 0.3 ? String(100 + Math.floor(rnd() * 900)) : null,
    languages: JSON.stringify(languages),
    availability: JSON.stringify(availability),
    declarations: '[]',
    experience: pick(['none', 'once', 'several'] as const),
    motivation: null,
    searchText: recruitSearchText({ fullName, phone, iin }),
  }
}
