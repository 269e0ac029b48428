/**
 * The shape of a course on disk: content/courses/<course>/course.yaml and
 * lessons/<NN-slug>.<lang>.mdx. One schema for `content:check`, the build and (later) the studio.
 */
import { z } from 'zod'

export const COURSE_SLUG = /^[a-z0-9]+(?:-[a-z0-9]+)*$/
export const LESSON_SLUG = /^\d{2}-[a-z0-9]+(?:-[a-z0-9]+)*$/
export const QUIZ_ID = /^[a-z0-9]+(?:-[a-z0-9]+)*$/

const text = (max: number) => z.string({ error: 'required text' }).trim().min(1, { error: 'must not be empty' }).max(max, { error: `at most ${max} characters` })

export const trilingualText = (max: number) => z.strictObject({ ru: text(max), kk: text(max), en: text(max) })

export const courseFileSchema = z.strictObject({
  title: trilingualText(160),
  summary: trilingualText(600),
  audience: trilingualText(300),
  estimatedMinutes: z.number({ error: 'a whole number of minutes' }).int().min(1).max(6000),
  lessons: z.array(z.string().regex(LESSON_SLUG, { error: 'lesson slugs look like 01-why-observe' })).min(1, { error: 'a course needs at least one lesson' }),
  prerequisites: z.array(z.string().regex(COURSE_SLUG)).default([]),
  finalExam: z.string().regex(QUIZ_ID).optional(),
  /** How long a certificate of this course is valid: months from issue, or days after a campaign's election day. */
  certificate: z
    .union([z.strictObject({ validMonths: z.number().int().min(1).max(120) }), z.strictObject({ validDaysAfterElection: z.number().int().min(0).max(3650) })])
    .default({ validMonths: 12 }),
  status: z.enum(['published', 'draft']).default('draft'),
  /** NGOs (by slug) whose trainers edit this course in the studio; none: every trainer of the coalition. */
  owners: z.array(z.string().regex(COURSE_SLUG)).default([]),
})

export type CourseFile = z.infer<typeof courseFileSchema>

export const lessonFrontmatterSchema = z.strictObject({
  title: text(200),
  minutes: z.number({ error: 'a whole number of minutes' }).int().min(1).max(240),
  objectives: z.array(text(300)).min(1, { error: 'list at least one learning objective' }).max(10),
})

export type LessonFrontmatter = z.infer<typeof lessonFrontmatterSchema>

/** `01-why-observe.kk.mdx` → { slug: '01-why-observe', locale: 'kk' } */
export function parseLessonFileName(fileName: string): { slug: string; locale: string } | null {
  const match = /^(.+)\.([a-z]{2})\.mdx$/.exec(fileName)
  if (!match?.[1] || !match[2]) return null
  return { slug: match[1], locale: match[2] }
}
