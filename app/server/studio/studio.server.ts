/**
 * The trainer studio: drafts of lesson and exam files saved as the trainer types, publishing a
 * course's drafts as a new version, rolling back to an earlier one, comparing versions, and
 * downloading a course as files to commit back to content/.
 */
import { parseDocument } from 'yaml'
import { examPath, fileStatus, lessonPath, parseStudioPath, type FileStatus } from '~/domain/studio/files.ts'
import { locales, type Locale } from '~/domain/locale.ts'
import type { Actor } from '~/domain/permissions.ts'
import { recordAudit } from '../platform/audit.server.ts'
import { getCatalog, repositoryVersionHash } from '../courses/catalog.server.ts'
import { courseDir, loadCourseFiles, type CatalogCourse, type ContentDiagnostic, type CourseFiles } from '../courses/course-files.server.ts'
import { compileLesson, type CompiledLesson } from '../courses/compile.server.ts'
import { db } from '../platform/db.server.ts'
import { storeVersion, versionFiles, type StoreResult } from './versions.server.ts'
import { lru } from '../platform/lru.server.ts'

/** May this person edit this course? Admins any; trainers the coalition's courses, or their NGOs' own. */
export async function mayEditCourse(actor: Actor, course: CatalogCourse): Promise<boolean> {
  if (actor.isAdmin) return true
  const trainerNgoIds = actor.memberships.filter((m) => m.role === 'TRAINER').map((m) => m.ngoId)
  if (trainerNgoIds.length === 0) return false
  if (course.file.owners.length === 0) return true
  const owners = await db.ngo.findMany({ where: { slug: { in: course.file.owners }, id: { in: trainerNgoIds } }, select: { id: true } })
  return owners.length > 0
}

/** Every course of the catalog (drafts included) this person may edit. */
export async function editableCourses(actor: Actor): Promise<CatalogCourse[]> {
  const { courses } = await getCatalog()
  const result: CatalogCourse[] = []
  for (const course of courses.values()) if (await mayEditCourse(actor, course)) result.push(course)
  return result
}

export async function editableCourse(actor: Actor, slug: string): Promise<CatalogCourse | 'forbidden' | null> {
  const course = (await getCatalog()).courses.get(slug)
  if (!course) return null
  return (await mayEditCourse(actor, course)) ? course : 'forbidden'
}

export interface DraftRow {
  path: string
  source: string
  updatedAt: Date
  updatedBy: string | null
}

export async function courseDrafts(slug: string): Promise<Map<string, DraftRow>> {
  const rows = await db.contentDraft.findMany({ where: { courseSlug: slug }, orderBy: { path: 'asc' } })
  const authors = new Map((await db.user.findMany({ where: { id: { in: rows.map((r) => r.updatedById).filter((id): id is string => !!id) } }, select: { id: true, name: true } })).map((u) => [u.id, u.name]))
  return new Map(rows.map((r) => [r.path, { path: r.path, source: r.source, updatedAt: r.updatedAt, updatedBy: r.updatedById ? (authors.get(r.updatedById) ?? null) : null }]))
}

/** The files the studio would publish: the served version with the drafts on top. */
export function filesWithDrafts(course: CatalogCourse, drafts: ReadonlyMap<string, DraftRow>): Map<string, string> {
  const files = new Map(course.files)
  for (const [path, draft] of drafts) files.set(path, draft.source)
  return files
}

/** Is this file one the studio edits in this course (a listed lesson in a language, or its exam bank)? */
export function editablePath(course: CatalogCourse, path: string): boolean {
  const file = parseStudioPath(path)
  if (!file) return false
  if (file.kind === 'lesson') return course.file.lessons.includes(file.lesson)
  return course.file.finalExam === file.exam
}

export interface CourseOverview {
  lessons: Array<{ slug: string; title: string; files: Record<Locale, FileStatus> }>
  exam: { path: string; status: FileStatus; questionCount: number } | null
  draftCount: number
}

export function courseOverview(course: CatalogCourse, drafts: ReadonlyMap<string, DraftRow>, locale: Locale): CourseOverview {
  const lessons = course.lessons.map((lesson) => {
    const files = Object.fromEntries(locales.map((l) => [l, fileStatus(course.files.get(lessonPath(lesson.slug, l)), drafts.get(lessonPath(lesson.slug, l))?.source)])) as Record<Locale, FileStatus>
    const variant = lesson.variants[locale] ?? lesson.variants.ru
    return { slug: lesson.slug, title: variant?.frontmatter.title ?? lesson.slug, files }
  })
  const exam = course.file.finalExam
    ? { path: examPath(course.file.finalExam), status: fileStatus(course.files.get(examPath(course.file.finalExam)), drafts.get(examPath(course.file.finalExam))?.source), questionCount: course.exam?.questions.length ?? 0 }
    : null
  return { lessons, exam, draftCount: drafts.size }
}

/** The text the editor opens: the draft when there is one, else the served version. */
export async function editorSource(course: CatalogCourse, path: string): Promise<{ source: string; published: string | undefined; draft: DraftRow | null }> {
  const draft = await db.contentDraft.findUnique({ where: { courseSlug_path: { courseSlug: course.slug, path } } })
  const published = course.files.get(path)
  const author = draft?.updatedById ? await db.user.findUnique({ where: { id: draft.updatedById }, select: { name: true } }) : null
  return {
    source: draft?.source ?? published ?? '',
    published,
    draft: draft ? { path, source: draft.source, updatedAt: draft.updatedAt, updatedBy: author?.name ?? null } : null,
  }
}

export interface LessonPreview {
  diagnostics: Array<{ line: number; column?: number; message: string }>
  compiled: CompiledLesson | null
}

/** Compiles a lesson source through the same safe gate and compiler learners' lessons go through. */
export async function previewLesson(course: CatalogCourse, path: string, source: string): Promise<LessonPreview> {
  const compiled = await compileLesson(source, `${courseDir(course.slug)}/${path}`)
  const diagnostics = compiled.diagnostics.map((d) => ({ line: d.line, ...(d.column ? { column: d.column } : {}), message: d.message }))
  return { diagnostics, compiled: diagnostics.length === 0 ? compiled : null }
}

/** Problems of an exam bank draft, at their lines (the same rules as content:check). */
export async function checkExamSource(course: CatalogCourse, path: string, source: string): Promise<Array<{ line: number; message: string }>> {
  const files = new Map(course.files)
  files.set(path, source)
  const diagnostics: ContentDiagnostic[] = []
  await loadCourseFiles(course.slug, files, {}, diagnostics)
  return diagnostics.filter((d) => d.severity === 'error' && d.file.endsWith(path)).map((d) => ({ line: d.line, message: d.message }))
}

/** Saves (or, when it equals the served text, drops) a trainer's draft of one file. */
export async function saveDraft(actorId: string, course: CatalogCourse, path: string, source: string): Promise<'saved' | 'unchanged'> {
  if (course.files.get(path) === source) {
    await db.contentDraft.deleteMany({ where: { courseSlug: course.slug, path } })
    return 'unchanged'
  }
  await db.contentDraft.upsert({
    where: { courseSlug_path: { courseSlug: course.slug, path } },
    create: { courseSlug: course.slug, path, source, updatedById: actorId },
    update: { source, updatedById: actorId },
  })
  return 'saved'
}

export async function discardDraft(actorId: string, course: CatalogCourse, path: string): Promise<boolean> {
  const { count } = await db.contentDraft.deleteMany({ where: { courseSlug: course.slug, path } })
  if (count) await recordAudit({ actorId, action: 'content.draft_discarded', targetType: 'course', targetId: course.slug, details: { path } })
  return count > 0
}

/** Publishes every draft of the course as one new version; the drafts are then gone. */
export async function publishCourse(actorId: string, course: CatalogCourse, note: string): Promise<StoreResult> {
  const drafts = await courseDrafts(course.slug)
  const result = await storeVersion({
    courseSlug: course.slug,
    files: filesWithDrafts(course, drafts),
    currentHash: course.version,
    actorId,
    note,
    action: 'content.published',
    details: { files: [...drafts.keys()] },
  })
  if (result.ok || result.reason === 'unchanged') {
    // Only the drafts that were published: one saved meanwhile stays a draft.
    for (const draft of drafts.values()) await db.contentDraft.deleteMany({ where: { courseSlug: course.slug, path: draft.path, updatedAt: { lte: draft.updatedAt } } })
  }
  return result
}

/** Restores an earlier version's files as a new version (history only grows; nothing is deleted). */
export async function rollbackCourse(actorId: string, course: CatalogCourse, number: number, note: string): Promise<StoreResult | { ok: false; reason: 'unknownVersion' }> {
  if (number === course.versionNumber) return { ok: false, reason: 'unchanged' }
  const files = await versionFiles(course.slug, number)
  if (!files) return { ok: false, reason: 'unknownVersion' }
  return storeVersion({ courseSlug: course.slug, files, currentHash: course.version, actorId, note, restoredFrom: number, action: 'content.rolled_back', details: { restoredFrom: number, from: course.versionNumber } })
}

export interface VersionRow {
  number: number
  createdAt: Date | null
  author: string | null
  note: string
  restoredFrom: number | null
  hash: string | null
  certificates: number
  current: boolean
}

/** Every version of a course, newest first, with how many certificates were earned on each. */
export async function courseVersions(course: CatalogCourse): Promise<VersionRow[]> {
  const rows = await db.courseVersion.findMany({ where: { courseSlug: course.slug }, orderBy: { number: 'desc' }, select: { number: true, createdAt: true, createdById: true, note: true, restoredFrom: true, hash: true } })
  const authors = new Map((await db.user.findMany({ where: { id: { in: rows.map((r) => r.createdById).filter((id): id is string => !!id) } }, select: { id: true, name: true } })).map((u) => [u.id, u.name]))
  const counts = await db.certificate.groupBy({ by: ['courseVersion'], where: { courseSlug: course.slug }, _count: { _all: true } })
  const certificatesOf = (hash: string | null) => counts.find((c) => c.courseVersion === hash)?._count._all ?? 0
  const repoHash = await repositoryVersionHash(course.slug)
  return [
    ...rows.map((r) => ({
      number: r.number,
      createdAt: r.createdAt,
      author: r.createdById ? (authors.get(r.createdById) ?? null) : null,
      note: r.note,
      restoredFrom: r.restoredFrom,
      hash: r.hash,
      certificates: certificatesOf(r.hash),
      current: r.number === course.versionNumber,
    })),
    { number: 0, createdAt: null, author: null, note: '', restoredFrom: null, hash: repoHash, certificates: certificatesOf(repoHash), current: course.versionNumber === 0 },
  ]
}

export interface FileDiff {
  path: string
  change: 'added' | 'removed' | 'changed'
  hunks: Array<{ oldStart: number; newStart: number; lines: string[] }>
}

/** Line diff of every file that differs between two sets of course files. `diff` is loaded on first use (a serving worker seldom needs it). */
export async function diffFiles(before: CourseFiles, after: CourseFiles): Promise<FileDiff[]> {
  const { structuredPatch } = await import('diff')
  const paths = [...new Set([...before.keys(), ...after.keys()])].sort()
  const result: FileDiff[] = []
  for (const path of paths) {
    const a = before.get(path)
    const b = after.get(path)
    if (a === b) continue
    const patch = structuredPatch(path, path, a ?? '', b ?? '', '', '', { context: 2 })
    result.push({
      path,
      change: a === undefined ? 'added' : b === undefined ? 'removed' : 'changed',
      hunks: patch.hunks.map((h) => ({ oldStart: h.oldStart, newStart: h.newStart, lines: h.lines })),
    })
  }
  return result
}

/** The course as a zip of its folder (course.yaml, lessons/, exam/), ready to commit to content/courses/. */
export async function courseArchive(slug: string, files: CourseFiles): Promise<Uint8Array> {
  const { strToU8, zipSync } = await import('fflate')
  const entries: Record<string, Uint8Array> = {}
  for (const [path, text] of files) entries[`${slug}/${path}`] = strToU8(text)
  return zipSync(entries, { level: 6, mtime: new Date('2026-01-01T00:00:00Z') })
}

export interface ParsedBank {
  questions: ReadonlyArray<Record<string, unknown>>
  rules: Readonly<Record<string, unknown>>
}

/** A course's published bank and its draft, for a few courses. */
const KEPT_BANKS = 4
/** Bank texts parsed lately, by text. */
const parsedBanks = lru<ParsedBank>(KEPT_BANKS)

/**
 * A bank file's questions and rules as plain values, parsed once per text: the published file's text
 * is the same for a build and a draft's changes only when it is saved, while the question pages read
 * them on every request (the 197 KB bank took about 50 ms a parse, and the question list parsed it
 * three times: 144–167 ms a page on the demo data, 4–7 ms now). Frozen, since every caller shares them;
 * at most KEPT_BANKS texts kept (about 0.5 MB each with the text).
 */
export function parsedBank(source: string): ParsedBank {
  const kept = parsedBanks.get(source)
  if (kept) return kept
  // A copy in plain JSON values: what yaml's toJS returns held about 4 MB of the parse per 197 KB bank
  // (measured with the heap after collection), the copy about 240 KB.
  const js = JSON.parse(JSON.stringify(parseDocument(source).toJS() ?? null)) as { questions?: unknown; rules?: unknown } | null
  const rules = js?.rules && typeof js.rules === 'object' && !Array.isArray(js.rules) ? (js.rules as Record<string, unknown>) : {}
  const parsed = deepFreeze({ questions: Array.isArray(js?.questions) ? (js.questions as Array<Record<string, unknown>>) : [], rules })
  parsedBanks.set(source, parsed)
  return parsed
}

/** Questions of an exam bank source, tolerant of a draft that does not validate yet. */
export function bankQuestions(source: string): ReadonlyArray<Record<string, unknown>> {
  return parsedBank(source).questions
}

function deepFreeze<T>(value: T): T {
  if (value && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.freeze(value)
    for (const inner of Object.values(value)) deepFreeze(inner)
  }
  return value
}

/** Per question id, how many exam attempts in progress drew it (one scan of the live attempts' JSON lists). */
export async function liveAttemptsByQuestion(course: CatalogCourse): Promise<Map<string, number>> {
  // Attempts in progress are few (those sitting the exam right now) and their question lists short;
  // reading them is portable across SQLite and PostgreSQL, unlike their JSON functions.
  const counts = new Map<string, number>()
  const attempts = await db.examAttempt.findMany({ where: { courseSlug: course.slug, status: 'IN_PROGRESS' }, select: { questionIds: true } })
  for (const attempt of attempts) for (const id of JSON.parse(attempt.questionIds) as string[]) counts.set(id, (counts.get(id) ?? 0) + 1)
  return counts
}
