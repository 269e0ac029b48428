/**
 * What a learner still has to do before a course's final exam (the rule: app/domain/exam/readiness.ts),
 * read from their lesson progress and certificates. The exam's start decides with it
 * (exams.server.ts), and the exam and course pages explain it.
 */
import { coursePassed, trainingLeft, type TrainingLeft } from '~/domain/exam/readiness.ts'
import { findCourse } from '../courses/catalog.server.ts'
import type { CatalogCourse } from '../courses/course-files.server.ts'
import { plainRead, Prisma } from '../platform/db.server.ts'

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
