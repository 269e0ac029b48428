import type { Locale } from '~/domain/locale.ts'

/**
 * The address of a lesson body's HTML for one rendering (lesson version × interface language). The
 * hash changes whenever the content does, so the browser may keep the answer for good.
 */
export function lessonBodyPath(course: string, lesson: string, locale: Locale, hash: string): string {
  return `/courses/${encodeURIComponent(course)}/${encodeURIComponent(lesson)}/body/${locale}/${hash}`
}
