import { createInstance, type i18n } from 'i18next'
import { initReactI18next } from 'react-i18next'
import type { Locale } from '~/domain/locale.ts'
import { i18nConfig } from './config.ts'
import { resources } from './resources.server.ts'

// One i18next instance per language, made once: rendering never changes an instance's language.
const instances = new Map<Locale, Promise<i18n>>()

/** The i18next instance the server renders a language with (pages, and lesson bodies). */
export function i18nFor(lng: Locale): Promise<i18n> {
  let instance = instances.get(lng)
  if (!instance) {
    const created = createInstance()
    instance = created.use(initReactI18next).init({ ...i18nConfig, resources, lng }).then(() => created)
    instances.set(lng, instance)
  }
  return instance
}
