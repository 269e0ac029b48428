/**
 * First-level units of Kazakhstan, ISO 3166-2:KZ numeric codes in force since 29 November 2022.
 * `pollingStations` is a starting estimate (about 10,100 in the country, as in 2022, spread roughly by
 * population), not an official per-region figure: admins correct it at /admin/regions, and the seed
 * never overwrites a count once set.
 */
export const regions = [
  { code: 'KZ-10', nameEn: 'Abai Region', nameRu: 'область Абай', nameKk: 'Абай облысы', centre: 'Semey', isCity: false, pollingStations: 440 },
  { code: 'KZ-11', nameEn: 'Akmola Region', nameRu: 'Акмолинская область', nameKk: 'Ақмола облысы', centre: 'Kokshetau', isCity: false, pollingStations: 590 },
  { code: 'KZ-15', nameEn: 'Aktobe Region', nameRu: 'Актюбинская область', nameKk: 'Ақтөбе облысы', centre: 'Aktobe', isCity: false, pollingStations: 480 },
  { code: 'KZ-19', nameEn: 'Almaty Region', nameRu: 'Алматинская область', nameKk: 'Алматы облысы', centre: 'Konaev', isCity: false, pollingStations: 760 },
  { code: 'KZ-23', nameEn: 'Atyrau Region', nameRu: 'Атырауская область', nameKk: 'Атырау облысы', centre: 'Atyrau', isCity: false, pollingStations: 310 },
  { code: 'KZ-27', nameEn: 'West Kazakhstan Region', nameRu: 'Западно-Казахстанская область', nameKk: 'Батыс Қазақстан облысы', centre: 'Oral', isCity: false, pollingStations: 470 },
  { code: 'KZ-31', nameEn: 'Zhambyl Region', nameRu: 'Жамбылская область', nameKk: 'Жамбыл облысы', centre: 'Taraz', isCity: false, pollingStations: 630 },
  { code: 'KZ-33', nameEn: 'Zhetysu Region', nameRu: 'область Жетісу', nameKk: 'Жетісу облысы', centre: 'Taldykorgan', isCity: false, pollingStations: 480 },
  { code: 'KZ-35', nameEn: 'Karaganda Region', nameRu: 'Карагандинская область', nameKk: 'Қарағанды облысы', centre: 'Karaganda', isCity: false, pollingStations: 710 },
  { code: 'KZ-39', nameEn: 'Kostanay Region', nameRu: 'Костанайская область', nameKk: 'Қостанай облысы', centre: 'Kostanay', isCity: false, pollingStations: 680 },
  { code: 'KZ-43', nameEn: 'Kyzylorda Region', nameRu: 'Кызылординская область', nameKk: 'Қызылорда облысы', centre: 'Kyzylorda', isCity: false, pollingStations: 380 },
  { code: 'KZ-47', nameEn: 'Mangystau Region', nameRu: 'Мангистауская область', nameKk: 'Маңғыстау облысы', centre: 'Aktau', isCity: false, pollingStations: 270 },
  { code: 'KZ-55', nameEn: 'Pavlodar Region', nameRu: 'Павлодарская область', nameKk: 'Павлодар облысы', centre: 'Pavlodar', isCity: false, pollingStations: 530 },
  { code: 'KZ-59', nameEn: 'North Kazakhstan Region', nameRu: 'Северо-Казахстанская область', nameKk: 'Солтүстік Қазақстан облысы', centre: 'Petropavl', isCity: false, pollingStations: 600 },
  { code: 'KZ-61', nameEn: 'Turkistan Region', nameRu: 'Туркестанская область', nameKk: 'Түркістан облысы', centre: 'Turkistan', isCity: false, pollingStations: 850 },
  { code: 'KZ-62', nameEn: 'Ulytau Region', nameRu: 'область Ұлытау', nameKk: 'Ұлытау облысы', centre: 'Zhezkazgan', isCity: false, pollingStations: 150 },
  { code: 'KZ-63', nameEn: 'East Kazakhstan Region', nameRu: 'Восточно-Казахстанская область', nameKk: 'Шығыс Қазақстан облысы', centre: 'Oskemen', isCity: false, pollingStations: 560 },
  { code: 'KZ-71', nameEn: 'Astana', nameRu: 'Астана', nameKk: 'Астана', centre: null, isCity: true, pollingStations: 380 },
  { code: 'KZ-75', nameEn: 'Almaty', nameRu: 'Алматы', nameKk: 'Алматы', centre: null, isCity: true, pollingStations: 540 },
  { code: 'KZ-79', nameEn: 'Shymkent', nameRu: 'Шымкент', nameKk: 'Шымкент', centre: null, isCity: true, pollingStations: 300 },
] as const
