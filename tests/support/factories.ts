/** Small builders of test data, written through the app's own db module. */
import crypto from 'node:crypto'
import { db, type Prisma } from '~/server/platform/db.server.ts'
import { hashPassword } from '~/server/accounts/password.server.ts'
import { findCourse } from '~/server/courses/catalog.server.ts'

export const TEST_PASSWORD = 'correct horse battery'

let passwordHash: Promise<string> | undefined

/** A person who can log in, their address confirmed unless `confirmed: false` (as if they had just signed up). */
export async function createUser(overrides: { email?: string; name?: string; isAdmin?: boolean; locale?: 'ru' | 'kk' | 'en'; confirmed?: boolean } = {}) {
  passwordHash ??= hashPassword(TEST_PASSWORD)
  return db.user.create({
    data: {
      email: overrides.email ?? `user-${crypto.randomBytes(4).toString('hex')}@example.org`,
      name: overrides.name ?? 'Test Person',
      isAdmin: overrides.isAdmin ?? false,
      locale: overrides.locale ?? 'ru',
      passwordHash: await passwordHash,
      emailConfirmedAt: overrides.confirmed === false ? null : new Date(),
    },
  })
}

/**
 * Every lesson of the course completed by the learner (their LessonProgress rows, as marking each
 * one done writes them): what a course's final exam asks before an attempt may start
 * (app/domain/exam/readiness.ts). An application's training figures are left as they were. The
 * course is read from the catalogue the test process serves (CONTENT_DIR).
 */
export async function completeLessons(userId: string, courseSlug: string): Promise<void> {
  const course = await findCourse(courseSlug)
  if (!course) throw new Error(`no published course ${courseSlug}`)
  const completedAt = new Date()
  await db.$transaction(
    course.lessons.map((lesson) =>
      db.lessonProgress.upsert({
        where: { userId_courseSlug_lessonSlug: { userId, courseSlug, lessonSlug: lesson.slug } },
        create: { userId, courseSlug, lessonSlug: lesson.slug, contentVersion: lesson.version, completedAt, completedBy: 'learner' },
        update: { completedAt, completedBy: 'learner', contentVersion: lesson.version },
      }),
    ),
  )
}

export async function createNgo(overrides: { name?: string; slug?: string } = {}) {
  const suffix = crypto.randomBytes(3).toString('hex')
  return db.ngo.create({ data: { name: overrides.name ?? `NGO ${suffix}`, slug: overrides.slug ?? `ngo-${suffix}` } })
}

export async function addMember(userId: string, ngoId: string, role: 'LEAD' | 'TRAINER') {
  return db.membership.create({ data: { userId, ngoId, role } })
}

/** A person who can log in (createUser) and holds `role` in the NGO. */
export async function createMember(ngoId: string, role: 'LEAD' | 'TRAINER', overrides: Parameters<typeof createUser>[0] = {}) {
  const user = await createUser(overrides)
  await addMember(user.id, ngoId, role)
  return user
}

/** Notifications matching `where` whose email is still to be sent (their job is queued). */
export async function pendingEmails(where: Prisma.NotificationWhereInput): Promise<number> {
  const ids = (await db.notification.findMany({ where, select: { id: true } })).map((n) => n.id)
  return db.job.count({ where: { kind: 'notification.email', subjectId: { in: ids }, state: 'queued' } })
}

export async function auditActions(): Promise<string[]> {
  return (await db.auditEvent.findMany({ orderBy: { at: 'asc' }, select: { action: true } })).map((e) => e.action)
}

/**
 * Another request's transaction that has written a user with this email and stays open until
 * `rollBack()`, which ends it with an error and gives that error back.
 */
export async function uncommittedUser(email: string): Promise<{ rollBack: () => Promise<unknown> }> {
  let opened!: () => void
  const open = new Promise<void>((resolve) => (opened = resolve))
  let release!: () => void
  const held = new Promise<void>((resolve) => (release = resolve))
  const pending = db.$transaction(async (tx) => {
    await tx.user.create({ data: { email, name: 'Not yet', passwordHash: '' } })
    opened()
    await held
    throw new Error('rolled back')
  }, { timeout: 10_000 })
  const failure = pending.then(() => null, (error: unknown) => error)
  await open
  return {
    rollBack: () => {
      release()
      return failure
    },
  }
}
