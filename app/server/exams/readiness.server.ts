/**
 * What a learner still has to do before a course's final exam (the rule: app/domain/exam/readiness.ts),
 * read from their lesson progress and certificates. The exam's start decides with it
 * (exams.server.ts), and the exam and course pages explain it.
 */
import { coursePassed, trainingLeft, type TrainingLeft } from '~/domain/exam/readiness.ts'
import { renewalSince } from '~/domain/exam/timing.ts'
import { findCourse } from '../courses/catalog.server.ts'
import type { CatalogCourse } from '../courses/course-files.server.ts'
import { asDate, plainRead, Prisma } from '../platform/db.server.ts'

const lessonSlugs = (course: CatalogCourse) => course.lessons.map((lesson) => lesson.slug)

/**
 * The course's lessons the learner has not completed and its prerequisite courses they have not
 * passed. One plain statement for a course without prerequisites (the usual case, and the one an
 * exam's start pays for); two more reads with them. A caller that has already read the learner's
 * completed lessons of this course (the course page, from `courseStanding`) passes them as
 * `completedLessons`, and only the prerequisites are read.
 */
export async function trainingLeftFor(userId: string, course: CatalogCourse, known: { completedLessons?: ReadonlySet<string> } = {}): Promise<TrainingLeft> {
  const prerequisites = course.file.prerequisites
  const courses = known.completedLessons ? prerequisites : [course.slug, ...prerequisites]
  const [completedRows, certificateRows, prerequisiteCourses] = await Promise.all([
    courses.length
      ? plainRead<{ courseSlug: string; lessonSlug: string }>`
          SELECT "courseSlug", "lessonSlug" FROM "LessonProgress"
          WHERE "userId" = ${userId} AND "courseSlug" IN (${Prisma.join(courses)}) AND "completedAt" IS NOT NULL`
      : Promise.resolve([]),
    prerequisites.length
      ? plainRead<{ courseSlug: string }>`
          SELECT DISTINCT "courseSlug" FROM "Certificate" WHERE "userId" = ${userId} AND "courseSlug" IN (${Prisma.join(prerequisites)}) AND "revokedAt" IS NULL`
      : Promise.resolve([]),
    Promise.all(prerequisites.map((slug) => findCourse(slug))),
  ])
  const completedIn = (slug: string) => new Set(completedRows.filter((row) => row.courseSlug === slug).map((row) => row.lessonSlug))
  const certified = new Set(certificateRows.map((row) => row.courseSlug))
  const passedCourses = new Set(
    prerequisites.filter((slug, i) => {
      const prerequisite = prerequisiteCourses[i] ?? null
      return coursePassed(
        { served: prerequisite !== null, hasExam: prerequisite?.exam != null, lessons: prerequisite ? lessonSlugs(prerequisite) : [] },
        { completedLessons: completedIn(slug), holdsUnrevokedCertificate: certified.has(slug) },
      )
    }),
  )
  return trainingLeft({ lessons: lessonSlugs(course), completedLessons: known.completedLessons ?? completedIn(course.slug), prerequisites, passedCourses })
}

/**
 * When the learner's latest certificate of the course was issued, if it has lapsed for what they
 * train for (`renewalSince`): expired, or ending before the latest election day of a campaign they are
 * accepted in that requires the course. Read only for a learner who passed before.
 */
export async function renewalOf(userId: string, courseSlug: string, now: Date): Promise<Date | null> {
  const [latest] = await plainRead<{ issuedAt: unknown; expiresAt: unknown; revokedAt: unknown }>`
    SELECT "issuedAt", "expiresAt", "revokedAt" FROM "Certificate" WHERE "userId" = ${userId} AND "courseSlug" = ${courseSlug} ORDER BY "issuedAt" DESC LIMIT 1`
  if (!latest) return null
  const campaigns = await plainRead<{ electionDay: unknown }>`
    SELECT c."electionDay" FROM "Application" a JOIN "Campaign" c ON c."id" = a."campaignId"
    JOIN "CampaignCourse" cc ON cc."campaignId" = c."id" AND cc."courseSlug" = ${courseSlug} AND cc."required" IS TRUE
    WHERE a."userId" = ${userId} AND a."state" IN ('accepted', 'in_training')`
  const mustHoldUntil = campaigns.reduce((until, row) => Math.max(until, asDate(row.electionDay).getTime()), now.getTime())
  return renewalSince({ issuedAt: asDate(latest.issuedAt), expiresAt: asDate(latest.expiresAt), revokedAt: latest.revokedAt == null ? null : asDate(latest.revokedAt) }, new Date(mustHoldUntil))
}
