/** A learner's progress through one course, from the lessons they opened and finished. */

export interface LessonState {
  opened: boolean
  done: boolean
}

export interface CourseProgress {
  done: number
  total: number
  /** 0–100, rounded down so 100 means every lesson is done. */
  percent: number
  /** Where the "resume" button goes. */
  resumeLesson: string
  started: boolean
  finished: boolean
}

export function courseProgress(lessonSlugs: readonly string[], states: ReadonlyMap<string, LessonState>): CourseProgress {
  const total = lessonSlugs.length
  const done = lessonSlugs.filter((slug) => states.get(slug)?.done).length
  const started = lessonSlugs.some((slug) => states.get(slug)?.opened)
  // Resume at the first lesson not yet done; a finished course resumes at its start.
  const resumeLesson = lessonSlugs.find((slug) => !states.get(slug)?.done) ?? lessonSlugs[0] ?? ''
  return { done, total, percent: total === 0 ? 0 : Math.floor((done / total) * 100), resumeLesson, started, finished: total > 0 && done === total }
}

/** A lesson is done when the learner says so, or when every knowledge check in it is answered correctly. */
export function lessonCompletedByChecks(quizIds: readonly string[], correctlyAnswered: ReadonlySet<string>): boolean {
  return quizIds.length > 0 && quizIds.every((id) => correctlyAnswered.has(id))
}

/** What the course page offers first: the next thing the learner has to do. */
export type CourseStep = 'start' | 'resume' | 'exam' | 'certificate' | 'review'

/**
 * The course page's main button. Lessons left: start or resume them. Every lesson done: the final
 * exam while there is one and no certificate of it, else the certificate; going over the lessons
 * again is then the second button, and the first only for a finished course with no exam.
 */
export function nextCourseStep(input: { progress: Pick<CourseProgress, 'started' | 'finished'> | null; hasExam: boolean; holdsCertificate: boolean }): CourseStep {
  const { progress } = input
  if (!progress?.finished) return progress?.started ? 'resume' : 'start'
  if (input.hasExam && !input.holdsCertificate) return 'exam'
  return input.holdsCertificate ? 'certificate' : 'review'
}
