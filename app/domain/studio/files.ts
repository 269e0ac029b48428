/**
 * Which files of a course the studio edits, and how it names them. Pure rules, shared by the server
 * and the studio's pages.
 */
import { z } from 'zod'
import { hasHiddenCharacters, plainString } from '../validation/fields.ts'
import { LESSON_SLUG, QUIZ_ID } from '../content/course-schema.ts'
import { isLocale, type Locale } from '../locale.ts'

/** A lesson file or the exam bank; course.yaml (structure, certificate rules) changes by pull request. */
export type StudioFile = { kind: 'lesson'; lesson: string; locale: Locale; path: string } | { kind: 'exam'; exam: string; path: string }

export function lessonPath(lesson: string, locale: Locale): string {
  return `lessons/${lesson}.${locale}.mdx`
}

export function examPath(exam: string): string {
  return `exam/${exam}.yaml`
}

export function parseStudioPath(path: string): StudioFile | null {
  const lesson = /^lessons\/([^/.]+)\.([a-z]{2})\.mdx$/.exec(path)
  if (lesson?.[1] && lesson[2] && LESSON_SLUG.test(lesson[1]) && isLocale(lesson[2])) return { kind: 'lesson', lesson: lesson[1], locale: lesson[2], path }
  const exam = /^exam\/([^/.]+)\.yaml$/.exec(path)
  if (exam?.[1] && QUIZ_ID.test(exam[1])) return { kind: 'exam', exam: exam[1], path }
  return null
}

/** A lesson or bank is a few kilobytes; this bounds what one save may store. */
export const MAX_SOURCE_BYTES = 200_000

/**
 * Whether a source is over MAX_SOURCE_BYTES, in bytes as its name says (a page of Cyrillic is two
 * bytes a letter). The editor checks it in the browser before a save is sent, the server again.
 */
export function sourceTooLong(source: string): boolean {
  if (source.length > MAX_SOURCE_BYTES) return true
  // At most three bytes a UTF-16 unit: short enough text needs no encoding.
  return source.length * 3 > MAX_SOURCE_BYTES && new TextEncoder().encode(source).length > MAX_SOURCE_BYTES
}

export const draftSchema = z.object({
  path: z.string().max(200).refine((p) => parseStudioPath(p) !== null, { error: 'studio.errors.unknownFile' }),
  source: z
    .string({ error: 'validation.invalid' })
    .refine((s) => !sourceTooLong(s), { error: 'studio.errors.tooLong' })
    .refine((s) => !hasHiddenCharacters(s), { error: 'validation.controlCharacters' })
    .transform((s) => s.replace(/\r\n?/g, '\n')),
})

export const publishSchema = z.object({ note: plainString().trim().max(500, { error: 'studio.errors.noteTooLong' }).default('') })

/** The version to restore: a missing, empty or non-numeric one is refused (it must never read as version 0). */
export const rollbackSchema = z.object({
  version: z
    .string({ error: 'studio.errors.chooseVersion' })
    .regex(/^\d{1,9}$/, { error: 'studio.errors.chooseVersion' })
    .transform(Number),
  note: z.string({ error: 'validation.invalid' }).trim().max(500, { error: 'studio.errors.noteTooLong' }).default(''),
})

export type FileStatus = 'published' | 'draft' | 'missing' | 'new'

/** A file's status in the studio: unchanged, changed in a draft, or not written in this language. */
export function fileStatus(published: string | undefined, draft: string | undefined): FileStatus {
  if (draft !== undefined && published === undefined) return 'new'
  if (draft !== undefined && draft !== published) return 'draft'
  if (published === undefined) return 'missing'
  return 'published'
}
