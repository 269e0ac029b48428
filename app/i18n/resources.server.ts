import en from './locales/en.json'
import kk from './locales/kk.json'
import ru from './locales/ru.json'

/** Every language's translations, for the server (pages, emails, PDFs, exports). */
export const resources = { ru: { common: ru }, kk: { common: kk }, en: { common: en } } as const
