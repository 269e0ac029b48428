/**
 * What a course's `prerequisites` must not be, beyond naming a course: a ring (a course that needs
 * itself, directly or through others) or, for a published course, a draft. Either would make the
 * course's final exam impossible to start (the exam's start asks for every prerequisite passed), so
 * `content:check` refuses both and the build stops.
 */
export interface PrerequisiteNode {
  slug: string
  status: 'published' | 'draft'
  prerequisites: readonly string[]
}

export interface PrerequisiteProblem {
  slug: string
  message: string
}

export function prerequisiteProblems(courses: readonly PrerequisiteNode[]): PrerequisiteProblem[] {
  const bySlug = new Map(courses.map((c) => [c.slug, c]))
  const problems: PrerequisiteProblem[] = []
  for (const course of courses) {
    const ring = ringThrough(course.slug, bySlug)
    if (ring) problems.push({ slug: course.slug, message: `prerequisites go round in a ring: ${ring.join(' -> ')}` })
    if (course.status === 'published') {
      for (const slug of course.prerequisites) {
        if (bySlug.get(slug)?.status === 'draft') problems.push({ slug: course.slug, message: `prerequisite "${slug}" is a draft: a published course can only need published ones` })
      }
    }
  }
  return problems
}

/** The shortest way from `start` back to itself through prerequisites, as slugs, or null. */
function ringThrough(start: string, bySlug: ReadonlyMap<string, PrerequisiteNode>): string[] | null {
  const cameFrom = new Map<string, string>()
  const queue = [start]
  for (let i = 0; i < queue.length; i++) {
    const slug = queue[i]!
    for (const next of bySlug.get(slug)?.prerequisites ?? []) {
      if (next === start) {
        const path = [slug]
        for (let at = slug; at !== start; ) {
          at = cameFrom.get(at)!
          path.unshift(at)
        }
        return [...path, start]
      }
      if (!cameFrom.has(next) && bySlug.has(next)) {
        cameFrom.set(next, slug)
        queue.push(next)
      }
    }
  }
  return null
}
