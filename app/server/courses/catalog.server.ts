/**
 * Courses as learners see them: the repository's content/courses/<course>/ (read through
 * course-files.server.ts), each replaced by its newest studio version if it has one. In production
 * the repository's courses are read once from the compiled cache and never compiled; in development
 * they are rebuilt when a content file changes.
 */
import fs from 'node:fs'
import path from 'node:path'
import { defaultLocale, type Locale } from '~/domain/locale.ts'
import { buildCatalog, contentDir, type Catalog, type CatalogCourse, type CatalogLesson, type LessonVariant } from './course-files.server.ts'
import { env } from '../platform/env.server.ts'
import { withPublishedVersions } from '../studio/versions.server.ts'

/** Modification times of every content file: when it changes, development rebuilds the catalog. */
function contentFingerprint(): string {
  const root = path.join(contentDir(), 'courses')
  if (!fs.existsSync(root)) return ''
  const entries = fs.readdirSync(root, { recursive: true, withFileTypes: true })
  return entries
    .filter((e) => e.isFile())
    .map((e) => {
      const full = path.join(e.parentPath, e.name)
      return `${full}:${fs.statSync(full).mtimeMs}`
    })
    .sort()
    .join('|')
}

let cached: { fingerprint: string; catalog: Promise<Catalog> } | undefined

/** The repository's content/. Production: built once from the compiled cache. Elsewhere: rebuilt on change. */
function repositoryCatalog(): Promise<Catalog> {
  const production = env().NODE_ENV === 'production'
  if (cached && production) return cached.catalog
  const fingerprint = production ? '' : contentFingerprint()
  if (!cached || cached.fingerprint !== fingerprint) {
    const catalog = buildCatalog({ cacheOnly: production })
    cached = { fingerprint, catalog }
    catalog.catch(() => {
      cached = undefined
    })
  }
  return cached.catalog
}

/** A course as the repository has it (version 0), whatever the studio has published since. */
export async function repositoryCourse(slug: string): Promise<CatalogCourse | null> {
  return (await repositoryCatalog()).courses.get(slug) ?? null
}

/** The version hash of a course as the repository has it (version 0). */
export async function repositoryVersionHash(slug: string): Promise<string | null> {
  return (await repositoryCourse(slug))?.version ?? null
}

/** The catalog for serving: the repository's courses, each replaced by its newest studio version if it has one. */
export async function getCatalog(): Promise<Catalog> {
  return withPublishedVersions(await repositoryCatalog())
}

/** Published courses only: draft courses are visible to nobody but the content check and the studio. */
export async function publishedCourses(): Promise<CatalogCourse[]> {
  const { courses } = await getCatalog()
  return [...courses.values()].filter((c) => c.file.status === 'published')
}

export async function findCourse(slug: string): Promise<CatalogCourse | null> {
  const course = (await getCatalog()).courses.get(slug)
  return course && course.file.status === 'published' ? course : null
}

/** The lesson text in the learner's language, or the Russian text with `fallback: true`. */
export function lessonVariant(lesson: CatalogLesson, locale: Locale): { variant: LessonVariant; fallback: boolean } | null {
  const own = lesson.variants[locale]
  if (own) return { variant: own, fallback: false }
  const russian = lesson.variants[defaultLocale]
  return russian ? { variant: russian, fallback: true } : null
}
