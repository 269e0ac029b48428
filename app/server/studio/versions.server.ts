/**
 * Course versions published from the studio, and the catalog learners are served: the repository's
 * content/ (version 0) with, for each course that has one, its newest stored version in its place.
 *
 * A version stores the whole course (every file) and its compiled lessons, so any instance serves it
 * without compiling, and any version can be compared or restored. Every process checks for a newer
 * version at most once a second; the one that publishes sees it at once.
 */
import type { CompiledLesson } from '../courses/compile.server.ts'
import { courseDir, loadCourseFiles, readCourseDir, type Catalog, type CatalogCourse, type ContentDiagnostic, type CourseFiles } from '../courses/course-files.server.ts'
import { recordAudit } from '../platform/audit.server.ts'
import { db, isUniqueViolation } from '../platform/db.server.ts'

interface Head {
  id: string
  courseSlug: string
  number: number
}

const HEAD_TTL_MS = 1000
let heads: { at: number; rows: Promise<Head[]> } | undefined
let overlay: { key: string; repo: Catalog; catalog: Promise<Catalog> } | undefined

/** The newest version of every course that has one (a few rows: versions are published by hand). */
function currentHeads(): Promise<Head[]> {
  if (!heads || Date.now() - heads.at > HEAD_TTL_MS) {
    const rows = db.courseVersion
      .findMany({ select: { id: true, courseSlug: true, number: true }, orderBy: [{ courseSlug: 'asc' }, { number: 'desc' }] })
      .then((all) => all.filter((row, i) => i === 0 || all[i - 1]?.courseSlug !== row.courseSlug))
    heads = { at: Date.now(), rows }
    rows.catch(() => {
      heads = undefined
    })
  }
  return heads.rows
}

/** After a publish or rollback: this process serves the new version from the next request. */
export function invalidatePublished(): void {
  heads = undefined
}

function filesOf(json: string): Map<string, string> {
  return new Map(Object.entries(JSON.parse(json) as Record<string, string>))
}

async function courseFromVersion(row: { courseSlug: string; number: number; files: string; compiled: string }): Promise<CatalogCourse | null> {
  const precompiled = new Map(Object.entries(JSON.parse(row.compiled) as Record<string, CompiledLesson>))
  const diagnostics: ContentDiagnostic[] = []
  const course = await loadCourseFiles(row.courseSlug, filesOf(row.files), { precompiled }, diagnostics)
  return course ? { ...course, versionNumber: row.number } : null
}

/** The catalog with every course's newest studio version in place of the repository's. */
export async function withPublishedVersions(repo: Catalog): Promise<Catalog> {
  const current = await currentHeads()
  if (current.length === 0) return repo
  const key = current.map((h) => h.id).join(',')
  if (!overlay || overlay.key !== key || overlay.repo !== repo) {
    const catalog = (async () => {
      const courses = new Map(repo.courses)
      const rows = await db.courseVersion.findMany({ where: { id: { in: current.map((h) => h.id) } } })
      for (const row of rows) {
        if (!repo.courses.has(row.courseSlug)) continue
        const course = await courseFromVersion(row)
        if (course) courses.set(row.courseSlug, course)
      }
      return { courses, diagnostics: repo.diagnostics }
    })()
    overlay = { key, repo, catalog }
    catalog.catch(() => {
      overlay = undefined
    })
  }
  return overlay.catalog
}

/** The files of one version of a course: 0 is the repository's content/. */
export async function versionFiles(courseSlug: string, number: number): Promise<CourseFiles | null> {
  if (number === 0) {
    const files = readCourseDir(courseDir(courseSlug))
    return files.size ? files : null
  }
  const row = await db.courseVersion.findUnique({ where: { courseSlug_number: { courseSlug, number } }, select: { files: true } })
  return row ? filesOf(row.files) : null
}

/** The exam bank an attempt was drawn from, by the course version it recorded (null: not stored). */
export async function courseAtVersion(courseSlug: string, hash: string): Promise<CatalogCourse | null> {
  const row = await db.courseVersion.findFirst({ where: { courseSlug, hash }, orderBy: { number: 'desc' } })
  return row ? courseFromVersion(row) : null
}

export type StoreResult = { ok: true; number: number } | { ok: false; reason: 'invalid'; diagnostics: ContentDiagnostic[] } | { ok: false; reason: 'unchanged' }

/**
 * Validates a whole course exactly as `content:check` does and stores it as the next version.
 * Refused (and nothing stored) when any file has an error, or when it is the version already served.
 */
export async function storeVersion(input: {
  courseSlug: string
  files: CourseFiles
  currentHash: string
  actorId: string
  note: string
  restoredFrom?: number
  action: 'content.published' | 'content.rolled_back'
  details?: Record<string, unknown>
}): Promise<StoreResult> {
  const compiled: Record<string, CompiledLesson> = {}
  const diagnostics: ContentDiagnostic[] = []
  const course = await loadCourseFiles(input.courseSlug, input.files, { onCompiled: (key, lesson) => (compiled[key] = lesson) }, diagnostics)
  const errors = diagnostics.filter((d) => d.severity === 'error')
  if (!course || errors.length) return { ok: false, reason: 'invalid', diagnostics: errors }
  if (course.version === input.currentHash) return { ok: false, reason: 'unchanged' }
  for (let tries = 1; ; tries++) {
    try {
      return await storeNext(input, course.version, compiled)
    } catch (error) {
      // PostgreSQL: another publish took the same number a moment ago; read the newest again.
      if (!isUniqueViolation(error) || tries >= 3) throw error
    }
  }
}

/**
 * Stores the files as the course's next version, in one transaction with its audit record. When the
 * newest stored version already holds exactly these files (a publish clicked twice, or two trainers
 * publishing the same drafts at once) it is the result and nothing is stored: a triple click had made
 * three identical versions, each audited as published.
 */
async function storeNext(
  input: Parameters<typeof storeVersion>[0],
  hash: string,
  compiled: Record<string, CompiledLesson>,
): Promise<StoreResult> {
  const number = await db.$transaction(async (tx) => {
    const last = await tx.courseVersion.findFirst({ where: { courseSlug: input.courseSlug }, orderBy: { number: 'desc' }, select: { number: true, hash: true } })
    if (last && last.hash === hash) return last.number
    const next = (last?.number ?? 0) + 1
    const version = await tx.courseVersion.create({
      data: {
        courseSlug: input.courseSlug,
        number: next,
        files: JSON.stringify(Object.fromEntries(input.files)),
        compiled: JSON.stringify(compiled),
        hash,
        note: input.note,
        restoredFrom: input.restoredFrom ?? null,
        createdById: input.actorId,
      },
    })
    await recordAudit({ actorId: input.actorId, action: input.action, targetType: 'course', targetId: input.courseSlug, details: { version: next, versionId: version.id, note: input.note, ...input.details } }, tx)
    return next
  })
  invalidatePublished()
  return { ok: true, number }
}
