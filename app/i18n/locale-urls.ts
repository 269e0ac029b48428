import type { Locale } from '~/domain/locale.ts'
import en from './locales/en.json?url'
import kk from './locales/kk.json?url'
import ru from './locales/ru.json?url'

/**
 * Where the browser fetches one language's translations: each file is emitted as a fingerprinted
 * asset (`/assets/ru-<hash>.json`, cached for a year), so a page downloads only its own language,
 * once. The root preloads the page's language; entry.client.tsx hydrates with it.
 */
export const localeUrls: Record<Locale, string> = { ru, kk, en }
