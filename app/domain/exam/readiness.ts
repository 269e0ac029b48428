/**
 * Who is ready for a course's final exam: the rule a start checks (canStartAttempt in timing.ts).
 * A learner starts a course's final exam only once every lesson of the course is completed (marked
 * done, or every knowledge check in it answered rightly: LessonProgress.completedAt) and every
 * course it lists under `prerequisites` in course.yaml is passed. Resuming an attempt already open
 * is never refused.
 */

/** What a learner still has to do before the exam may start; both empty: ready. */
export interface TrainingLeft {
  /** The course's lessons not completed yet, by slug, in the course's order. */
  lessons: string[]
  /** The prerequisite courses not passed yet, by slug, in the order course.yaml lists them. */
  prerequisites: string[]
}

export function trainingLeft(input: { lessons: readonly string[]; completedLessons: ReadonlySet<string>; prerequisites: readonly string[]; passedCourses: ReadonlySet<string> }): TrainingLeft {
  return {
    lessons: input.lessons.filter((slug) => !input.completedLessons.has(slug)),
    prerequisites: input.prerequisites.filter((slug) => !input.passedCourses.has(slug)),
  }
}

export const trainingDone = (left: TrainingLeft): boolean => left.lessons.length === 0 && left.prerequisites.length === 0

/**
 * A course counts as passed, as another course's prerequisite: with a final exam, when the learner
 * holds a certificate of it that no one revoked (an expired one still shows the course was passed;
 * a score overridden to a fail revokes it); without a final exam, when every lesson is completed.
 * A course the catalogue does not serve (a draft) cannot be passed.
 */
export function coursePassed(course: { served: boolean; hasExam: boolean; lessons: readonly string[] }, learner: { completedLessons: ReadonlySet<string>; holdsUnrevokedCertificate: boolean }): boolean {
  if (!course.served) return false
  if (course.hasExam) return learner.holdsUnrevokedCertificate
  return course.lessons.length > 0 && course.lessons.every((slug) => learner.completedLessons.has(slug))
}
