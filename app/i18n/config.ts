import en from './locales/en.json'
import kk from './locales/kk.json'
import ru from './locales/ru.json'
import { defaultLocale, locales } from '~/domain/locale.ts'

export const resources = { ru: { common: ru }, kk: { common: kk }, en: { common: en } } as const

export const i18nConfig = {
  supportedLngs: [...locales],
  fallbackLng: defaultLocale,
  defaultNS: 'common',
  ns: ['common'],
  interpolation: { escapeValue: false },
  react: { useSuspense: false },
}
