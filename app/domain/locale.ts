export const locales = ['ru', 'kk', 'en'] as const
export type Locale = (typeof locales)[number]
export const defaultLocale: Locale = 'ru'

export function isLocale(value: unknown): value is Locale {
  return typeof value === 'string' && (locales as readonly string[]).includes(value)
}

/** Names stored once per language (nameRu, nameKk, nameEn) picked for a locale. */
export interface Trilingual {
  nameRu: string
  nameKk: string
  nameEn: string
}

export function localizedName(row: Trilingual, locale: Locale): string {
  const byLocale = { ru: row.nameRu, kk: row.nameKk, en: row.nameEn }
  return byLocale[locale] || row.nameRu
}

/** BCP 47 tag for Intl formatting and collation. */
export function intlLocale(locale: Locale): string {
  return { ru: 'ru-KZ', kk: 'kk-KZ', en: 'en-GB' }[locale]
}
