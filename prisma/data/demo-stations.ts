/**
 * Demo polling stations: a few hundred plausible stations for Almaty (by its districts), Almaty
 * Region and Zhetysu Region, built deterministically. Numbers, schools and streets are typical of
 * such lists, not copied from any commission's list; no people are named.
 */

interface DemoStation {
  regionCode: string
  number: string
  district: string
  address: string
  latitude: number | null
  longitude: number | null
  expectedVoters: number
}

const almatyDistricts = [
  { name: 'Алмалинский район', lat: 43.252, lon: 76.912, streets: ['ул. Толе би', 'ул. Жамбыла', 'ул. Карасай батыра', 'ул. Айтеке би', 'пр. Абая', 'ул. Байзакова'] },
  { name: 'Бостандыкский район', lat: 43.222, lon: 76.905, streets: ['ул. Тимирязева', 'ул. Розыбакиева', 'пр. Аль-Фараби', 'ул. Жандосова', 'ул. Сатпаева', 'ул. Манаса'] },
  { name: 'Медеуский район', lat: 43.247, lon: 76.962, streets: ['пр. Достык', 'ул. Кабанбай батыра', 'ул. Жибек жолы', 'ул. Пушкина', 'ул. Зенкова', 'пр. Назарбаева'] },
  { name: 'Ауэзовский район', lat: 43.228, lon: 76.855, streets: ['мкр. Аксай-4', 'ул. Утеген батыра', 'мкр. Мамыр-1', 'ул. Жубанова', 'мкр. Жетысу-3', 'ул. Шаляпина'] },
  { name: 'Алатауский район', lat: 43.288, lon: 76.805, streets: ['мкр. Шанырак-2', 'ул. Рыскулова', 'мкр. Айгерим-1', 'мкр. Заря Востока', 'ул. Бирлик', 'мкр. Карасу'] },
  { name: 'Жетысуский район', lat: 43.285, lon: 76.935, streets: ['ул. Кудерина', 'пр. Суюнбая', 'ул. Бекмаханова', 'мкр. Кулагер', 'ул. Акан серы', 'ул. Северное кольцо'] },
  { name: 'Турксибский район', lat: 43.33, lon: 76.96, streets: ['ул. Сейфуллина', 'ул. Майлина', 'ул. Бекмаханова', 'мкр. Жулдыз-1', 'ул. Кокорай', 'ул. Полежаева'] },
  { name: 'Наурызбайский район', lat: 43.195, lon: 76.8, streets: ['мкр. Шугыла', 'мкр. Таусамалы', 'ул. Жанаталап', 'мкр. Калкаман-2', 'ул. Кенесары', 'мкр. Акжар'] },
]

const buildings = [
  (n: number) => `КГУ «Общеобразовательная школа № ${n}»`,
  (n: number) => `школа-гимназия № ${n}`,
  (n: number) => `школа-лицей № ${n}`,
  () => 'Дом культуры',
  () => 'здание аппарата акима района',
  (n: number) => `колледж № ${(n % 9) + 1}, учебный корпус`,
]

const towns = {
  'KZ-19': [
    { name: 'г. Қонаев', lat: 43.867, lon: 77.063, streets: ['ул. Кунаева', 'мкр. 1', 'мкр. 4', 'ул. Индустриальная'] },
    { name: 'г. Талгар', lat: 43.303, lon: 77.24, streets: ['ул. Кунаева', 'ул. Гагарина', 'ул. Лермонтова', 'ул. Абая'] },
    { name: 'г. Есик', lat: 43.356, lon: 77.454, streets: ['ул. Токаша Бокина', 'ул. Абая', 'ул. Байтурсынова'] },
    { name: 'г. Каскелен', lat: 43.2, lon: 76.62, streets: ['ул. Наурызбай батыра', 'ул. Абылай хана', 'ул. Райымбека'] },
    { name: 'Илийский район, с. Отеген батыр', lat: 43.41, lon: 77.03, streets: ['ул. Титова', 'ул. Кунаева'] },
  ],
  'KZ-33': [
    { name: 'г. Талдыкорган', lat: 45.017, lon: 78.373, streets: ['ул. Жансугурова', 'ул. Тауелсиздик', 'мкр. Коктем', 'ул. Шевченко'] },
    { name: 'г. Жаркент', lat: 44.163, lon: 80.0, streets: ['ул. Юлдашева', 'ул. Ыбырай Алтынсарина', 'ул. Головацкого'] },
    { name: 'г. Текели', lat: 44.83, lon: 78.823, streets: ['ул. Гагарина', 'ул. Абая'] },
    { name: 'Коксуский район, с. Балпык би', lat: 44.9, lon: 78.22, streets: ['ул. Казыбек би', 'ул. Жамбыла'] },
  ],
} as const

/**
 * Where the demo's certified recruits live: most in Almaty's districts, two in Almaty Region's towns,
 * so that the lead's bulk suggestion has stations in their home regions and districts to propose.
 */
export function demoObserverHome(index: number): { regionCode: string; settlement: string } {
  if (index < 6) return { regionCode: 'KZ-75', settlement: almatyDistricts[index % almatyDistricts.length]?.name ?? 'Алмалинский район' }
  return { regionCode: 'KZ-19', settlement: towns['KZ-19'][index % towns['KZ-19'].length]?.name ?? 'г. Қонаев' }
}

/** A small deterministic generator, so every demo database holds the same stations. */
function sequence(seed: number) {
  let x = seed
  return () => {
    x = (x * 1103515245 + 12345) % 2147483648
    return x / 2147483648
  }
}

export function demoStations(): DemoStation[] {
  const next = sequence(2026)
  const out: DemoStation[] = []
  let number = 1
  for (const district of almatyDistricts) {
    for (let i = 0; i < 30; i++, number++) {
      const building = buildings[i % buildings.length] ?? ((n: number) => `школа № ${n}`)
      const street = district.streets[i % district.streets.length] ?? ''
      const house = 1 + Math.floor(next() * 180)
      // One station in eight has no coordinates in the commission's list: the observer gets a 2GIS search link instead.
      const located = i % 8 !== 7
      out.push({
        regionCode: 'KZ-75',
        number: String(number),
        district: district.name,
        address: `${street}, ${house}, ${building(number + 10)}`,
        latitude: located ? Math.round((district.lat + (next() - 0.5) * 0.04) * 10_000) / 10_000 : null,
        longitude: located ? Math.round((district.lon + (next() - 0.5) * 0.05) * 10_000) / 10_000 : null,
        expectedVoters: 900 + Math.floor(next() * 2100),
      })
    }
  }
  for (const [regionCode, list] of Object.entries(towns)) {
    let regional = regionCode === 'KZ-19' ? 301 : 601
    for (const town of list) {
      const count = town.name.startsWith('г.') ? 14 : 8
      for (let i = 0; i < count; i++, regional++) {
        const building = buildings[(i + 2) % buildings.length] ?? ((n: number) => `школа № ${n}`)
        const street = town.streets[i % town.streets.length] ?? ''
        out.push({
          regionCode,
          number: String(regional),
          district: town.name,
          address: `${street}, ${1 + Math.floor(next() * 90)}, ${building(i + 1)}`,
          latitude: Math.round((town.lat + (next() - 0.5) * 0.03) * 10_000) / 10_000,
          longitude: Math.round((town.lon + (next() - 0.5) * 0.04) * 10_000) / 10_000,
          expectedVoters: 400 + Math.floor(next() * 1600),
        })
      }
    }
  }
  return out
}

/** The usual shifts of election day, in Kazakhstan time: opening to 14:00, 14:00 to the close, the count. */
export const demoShifts = [
  { nameRu: 'Открытие – 14:00', nameKk: 'Ашылу – 14:00', nameEn: 'Opening – 14:00', start: '07:00', end: '14:00', endNextDay: false },
  { nameRu: '14:00 – закрытие', nameKk: '14:00 – жабылу', nameEn: '14:00 – close', start: '14:00', end: '20:00', endNextDay: false },
  { nameRu: 'Подсчёт голосов', nameKk: 'Дауыстарды санау', nameEn: 'The count', start: '20:00', end: '02:00', endNextDay: true },
] as const
