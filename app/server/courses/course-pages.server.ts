/** What the course screens show, assembled from the catalog and the learner's progress. */
import { lessonBodyPath } from '~/domain/content/lesson-body.ts'
import { nextCourseStep, type CourseProgress } from '~/domain/content/progress.ts'
import { toPublicQuiz } from '~/domain/content/quiz.ts'
import type { TrainingLeft } from '~/domain/exam/readiness.ts'
import { localizedName, type Locale } from '~/domain/locale.ts'
import { findCourse, lessonVariant, publishedCourses } from './catalog.server.ts'
import type { CatalogCourse } from './course-files.server.ts'
import { bodyHtml, bodyOutline, lessonBody, lessonBodyHash } from './lesson-body.server.tsx'
import { courseStanding, enrolledCourses, listCourseProgress, requiredCampaignsByCourse, visitLesson } from './learning.server.ts'
import { heldCertificateCode } from '../exams/certificates.server.ts'
import { renewalOf, trainingLeftFor } from '../exams/readiness.server.ts'

function courseSummary(course: CatalogCourse, locale: Locale) {
  return {
    slug: course.slug,
    title: course.file.title[locale],
    summary: course.file.summary[locale],
    audience: course.file.audience[locale],
    minutes: course.file.estimatedMinutes,
    lessonCount: course.lessons.length,
  }
}

export async function catalogPage(userId: string | null, locale: Locale) {
  const [courses, progress, required, enrolled] = await Promise.all([
    publishedCourses(),
    userId ? listCourseProgress(userId) : Promise.resolve(new Map<string, CourseProgress>()),
    requiredCampaignsByCourse(),
    userId ? enrolledCourses(userId) : Promise.resolve(new Set<string>()),
  ])
  return courses.map((course) => ({
    ...courseSummary(course, locale),
    progress: progress.get(course.slug) ?? null,
    /** Enrolled (a campaign's acceptance enrols before any lesson is opened): the catalogue says so. */
    enrolled: enrolled.has(course.slug),
    requiredFor: (required.get(course.slug) ?? []).map((c) => localizedName(c, locale)),
  }))
}

/** What is left before a course's final exam, as the exam and course pages name it: lesson and course titles with their slugs. */
export async function trainingLeftView(course: CatalogCourse, left: TrainingLeft, locale: Locale) {
  const lessonTitle = (slug: string) => {
    const lesson = course.lessons.find((l) => l.slug === slug)
    return (lesson && lessonVariant(lesson, locale)?.variant.frontmatter.title) ?? slug
  }
  const prerequisites = await Promise.all(left.prerequisites.map(async (slug) => ({ slug, title: (await findCourse(slug))?.file.title[locale] ?? slug })))
  return { lessons: left.lessons.map((slug) => ({ slug, title: lessonTitle(slug) })), prerequisites }
}

export async function coursePage(slug: string, userId: string | null, locale: Locale) {
  const course = await findCourse(slug)
  if (!course) return null
  const [standing, certificateCode] = userId ? await Promise.all([courseStanding(userId, course), course.exam ? heldCertificateCode(userId, course.slug) : null]) : [null, null]
  // The completed lessons were read for the progress bar: the exam's readiness reads only the prerequisites.
  const completedLessons = new Set([...(standing?.statuses ?? [])].filter(([, status]) => status === 'done').map(([slug]) => slug))
  const left = userId && course.exam ? await trainingLeftFor(userId, course, { completedLessons }) : null
  // A certificate that has lapsed (`renewalOf`) sends the learner to the exam again, not to the certificate.
  const renewal = userId && certificateCode ? await renewalOf(userId, course.slug, new Date()) : null
  const progress = standing?.progress ?? null
  const states = standing?.statuses ?? new Map<string, 'opened' | 'done'>()
  const required = (await requiredCampaignsByCourse()).get(course.slug) ?? []
  return {
    ...courseSummary(course, locale),
    progress,
    requiredFor: required.map((c) => localizedName(c, locale)),
    hasExam: course.exam !== null,
    /** What the page offers first: the lessons, then the final exam, then the certificate. */
    nextStep: nextCourseStep({ progress, hasExam: course.exam !== null, holdsCertificate: certificateCode !== null && renewal === null }),
    certificateCode,
    /** For a signed-in learner: what is left before the final exam may start (nothing: ready). */
    examTrainingLeft: left ? await trainingLeftView(course, left, locale) : null,
    lessons: course.lessons.map((lesson) => {
      const shown = lessonVariant(lesson, locale)
      return {
        slug: lesson.slug,
        title: shown?.variant.frontmatter.title ?? lesson.slug,
        minutes: shown?.variant.frontmatter.minutes ?? 0,
        checks: lesson.quizIds.length,
        status: states.get(lesson.slug) ?? 'new',
      }
    }),
  }
}

export async function lessonPage(courseSlug: string, lessonSlug: string, userId: string, locale: Locale) {
  const course = await findCourse(courseSlug)
  const lesson = course?.lessons.find((l) => l.slug === lessonSlug)
  const shown = lesson && lessonVariant(lesson, locale)
  if (!course || !lesson || !shown) return null
  const { variant, fallback } = shown
  const [{ progress, ...state }, body] = await Promise.all([visitLesson(userId, course, lesson, locale), lessonBody(variant.code, locale)])
  const neighbour = (offset: number) => {
    const other = course.lessons[lesson.position + offset]
    const otherShown = other && lessonVariant(other, locale)
    if (!other || !otherShown) return null
    // Its body's address, so a client-side move there fetches the body alongside the page data.
    const bodyUrl = lessonBodyPath(course.slug, other.slug, locale, lessonBodyHash(otherShown.variant.code, locale))
    return { slug: other.slug, title: otherShown.variant.frontmatter.title, bodyUrl }
  }
  return {
    course: { slug: course.slug, title: course.file.title[locale], lessonCount: course.lessons.length },
    lesson: {
      slug: lesson.slug,
      number: lesson.position + 1,
      title: variant.frontmatter.title,
      minutes: variant.frontmatter.minutes,
      objectives: variant.frontmatter.objectives,
      toc: variant.toc,
      language: variant.locale,
      fallback,
    },
    // Where the HTML and the checks go; the HTML itself is printed into the page once and fetched
    // from `url` on client-side navigation, never carried in this data.
    body: { hash: body.hash, segments: bodyOutline(body), url: lessonBodyPath(course.slug, lesson.slug, locale, body.hash) },
    // Questions and options only: keys and explanations come back from the action once graded.
    quizzes: Object.fromEntries(variant.quizzes.map((q) => [q.id, toPublicQuiz(q)])),
    results: state.results,
    done: state.done,
    progress,
    previous: neighbour(-1),
    next: neighbour(1),
  }
}

/**
 * The HTML stretches of a lesson body, for the body resource: only for the rendering the hash names
 * (a newer version or another language has another hash, and gets null).
 */
export async function lessonBodyHtml(courseSlug: string, lessonSlug: string, locale: Locale, hash: string): Promise<string[] | null> {
  const course = await findCourse(courseSlug)
  const lesson = course?.lessons.find((l) => l.slug === lessonSlug)
  const shown = lesson && lessonVariant(lesson, locale)
  if (!shown || lessonBodyHash(shown.variant.code, locale) !== hash) return null
  return bodyHtml(await lessonBody(shown.variant.code, locale))
}
