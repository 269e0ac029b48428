/**
 * The world the generated route tests run in: two NGOs, a campaign, a fixture course with an exam,
 * applications in each NGO, an exam attempt, a certificate, export templates, an import, a
 * notification, and six signed-in actors (anonymous, volunteer, trainer, lead of NGO A, lead of
 * NGO B, coalition admin), all speaking Russian, against the built app over real HTTP.
 */
import crypto from 'node:crypto'
import fs from 'node:fs'
import path from 'node:path'
import { pathToFileURL } from 'node:url'
import type { ServerBuild } from '@remix-run/node'
import { codeFromBytes } from '~/domain/certificates.ts'
import { findCourse } from '~/server/courses/catalog.server.ts'
import { buildCatalog } from '~/server/courses/course-files.server.ts'
import { db } from '~/server/platform/db.server.ts'
import { startAttempt } from '~/server/exams/exams.server.ts'
import { uploadReport } from '~/server/live-sessions/attendance-report.server.ts'
import { uploadImport } from '~/server/recruitment/imports.server.ts'
import { notify } from '~/server/jobs/notifications.server.ts'
import { Client, startApp, type RunningApp } from './app-server.ts'
import { setUpExamFixtureCourse } from './content-fixture.ts'
import { completeLessons, createMember, createUser, TEST_PASSWORD } from './factories.ts'
import { accreditedNgo, recruit, rosterCampaign } from './roster-fixture.ts'

export const actors = ['anonymous', 'volunteer', 'trainer', 'leadA', 'leadB', 'admin'] as const
export type ActorName = (typeof actors)[number]

export interface World {
  app: RunningApp
  clients: Record<ActorName, Client>
  /** A new session of the actor (anonymous: a new cookie jar), for tests that may end sessions. */
  signIn(actor: ActorName): Promise<Client>
  ids: {
    ngoA: string
    ngoB: string
    campaign: string
    applicationA: string
    applicationB: string
    attempt: string
    certificate: string
    templateA: string
    templateCoalition: string
    importA: string
    /** A participant report uploaded for NGO A's session. */
    attendanceReportA: string
    notification: string
    /** NGO B's recruit's account (the admins' anonymisation page). */
    person: string
    /** The address of lesson 01-first's Russian body, as the lesson page gives it. */
    lessonBody: string
    /** Live sessions: coalition-wide (the volunteer holds a seat), NGO A's own, NGO B's own; the volunteer's calendar feed token. */
    sessionCoalition: string
    sessionA: string
    sessionB: string
    calendarToken: string
    /** Election day: the volunteer's (NGO A) and NGO B's recruit's assignments to Almaty stations. */
    assignmentA: string
    assignmentB: string
  }
}

/** Route modules of the built app (`build/server/index.js`), with whether each has a loader and an action. */
export async function builtRoutes(): Promise<Array<{ id: string; index: boolean; loader: boolean; action: boolean; page: boolean; errorBoundary: boolean }>> {
  const file = path.resolve('build/server/index.js')
  if (!fs.existsSync(file)) throw new Error('Run `npm run build` before the route tests.')
  const build = (await import(pathToFileURL(file).href)) as ServerBuild
  return Object.values(build.routes)
    .filter((r) => r !== undefined)
    .map((r) => ({
      id: r.id,
      index: r.index === true,
      loader: typeof r.module.loader === 'function',
      action: typeof r.module.action === 'function',
      page: typeof r.module.default === 'function',
      errorBoundary: typeof r.module.ErrorBoundary === 'function',
    }))
}

/** `env`: more settings for the world's server (the busy-database matrix shortens the lock wait). */
export async function buildWorld(env: Record<string, string> = {}): Promise<World> {
  const fixture = setUpExamFixtureCourse()
  await buildCatalog() // production serves only from the compiled cache

  const ngoA = await accreditedNgo({ slug: 'ngo-a', name: 'НКО Альфа' })
  const ngoB = await accreditedNgo({ slug: 'ngo-b', name: 'НКО Бета' })
  const campaign = await rosterCampaign('camp', ['basics'])
  // The volunteer applied to NGO A and holds a certificate; another recruit applied to NGO B.
  const own = await recruit(1, campaign, ngoA.id, { state: 'accepted', certificates: [{ course: 'basics' }] })
  const other = await recruit(2, campaign, ngoB.id, { state: 'accepted', certificates: [] })
  // roster-fixture's codes are not in the certificate alphabet (the pages look codes up normalised), nor its
  // titles what the app stores (the PDF prints the title).
  const stored = await db.certificate.findFirstOrThrow({ where: { userId: own.user.id } })
  const certificate = await db.certificate.update({ where: { id: stored.id }, data: { code: codeFromBytes(crypto.randomBytes(64)) ?? 'ABCDE-FGHJK', courseTitle: JSON.stringify({ ru: 'Основы', kk: 'Негіздер', en: 'Basics' }) } })
  const course = await findCourse('basics')
  if (!course) throw new Error('fixture course missing')
  // An attempt under way: the volunteer has been through the lessons, as a start asks.
  await completeLessons(own.user.id, course.slug)
  const attempt = await startAttempt(own.user.id, course, 'ru')
  if (!attempt.ok) throw new Error('could not start the fixture attempt')
  await notify(own.user.id, 'application.accepted', {})
  const notification = await db.notification.findFirstOrThrow({ where: { userId: own.user.id } })

  const trainer = await createMember(ngoA.id, 'TRAINER', { email: 'matrix-trainer@example.org' })
  const leadA = await createMember(ngoA.id, 'LEAD', { email: 'matrix-lead-a@example.org' })
  const leadB = await createMember(ngoB.id, 'LEAD', { email: 'matrix-lead-b@example.org' })
  const admin = await createUser({ email: 'matrix-admin@example.org', isAdmin: true })

  const liveSession = (ngoId: string | null, title: string) =>
    db.liveSession.create({
      data: {
        ngoId, format: 'ONLINE', titleRu: title, titleKk: title, titleEn: title, meetingUrl: 'https://meet.example.org/matrix-secret-room',
        startsAt: new Date(Date.now() + 3 * 86_400_000), endsAt: new Date(Date.now() + 3 * 86_400_000 + 3_600_000), capacity: 30,
        campaigns: { create: [{ campaignId: campaign.id }] },
      },
    })
  const sessionCoalition = await liveSession(null, 'Общее занятие')
  const sessionA = await liveSession(ngoA.id, 'Занятие НПО А')
  const sessionB = await liveSession(ngoB.id, 'Занятие НПО Б')
  await db.liveSessionRegistration.create({ data: { sessionId: sessionCoalition.id, userId: own.user.id, status: 'registered' } })
  const calendarToken = 'matrixCalendarToken0123456789abcdefghijklmno'.slice(0, 43)
  await db.user.update({ where: { id: own.user.id }, data: { calendarToken } })

  const columns = JSON.stringify([{ column: 'fullName', header: { ru: '', kk: '', en: '' } }])
  const templateA = await db.exportTemplate.create({ data: { ngoId: ngoA.id, name: 'Шаблон А', columns, createdById: leadA.id } })
  const templateCoalition = await db.exportTemplate.create({ data: { ngoId: null, name: 'Общий шаблон', columns, createdById: admin.id } })
  const upload = await uploadImport({ kind: 'ngo', actorId: leadA.id, ngoId: ngoA.id }, campaign.id, { name: 'list.csv', bytes: new TextEncoder().encode('ФИО;ИИН;Телефон\nИван Иванов;900101300123;+77011234567\n') }, '127.0.0.1')
  if (!upload.ok) throw new Error(`fixture import failed: ${JSON.stringify(upload)}`)

  const report = await uploadReport({ actorId: leadA.id, sessionId: sessionA.id, ngoId: ngoA.id }, { name: 'zoom.csv', bytes: fs.readFileSync('tests/fixtures/zoom-participants-ru.csv') }, '127.0.0.1')
  if (!report.ok) throw new Error(`fixture report failed: ${JSON.stringify(report)}`)

  // Election day: a shift on the campaign's day and one Almaty station for each NGO's recruit.
  const shift = await db.campaignShift.create({ data: { campaignId: campaign.id, nameRu: 'Открытие', nameKk: 'Ашылуы', nameEn: 'Opening', startsAt: campaign.electionDay, endsAt: new Date(campaign.electionDay.getTime() + 8 * 3_600_000) } })
  const station = await db.pollingStation.create({ data: { campaignId: campaign.id, regionCode: 'KZ-75', number: '100', address: 'ул. Абая, 1' } })
  // NGO A's placed observer is certified and no other route of the table acts on them: a withdrawal or
  // rejection of the volunteer's own application (which the table's actions make) ends assignments.
  const placed = await recruit(3, campaign, ngoA.id, { certificates: [{ course: 'basics' }] })
  const assignmentA = await db.assignment.create({ data: { campaignId: campaign.id, ngoId: ngoA.id, applicationId: placed.application.id, stationId: station.id, shiftId: shift.id } })
  const assignmentB = await db.assignment.create({ data: { campaignId: campaign.id, ngoId: ngoB.id, applicationId: other.application.id, stationId: station.id, shiftId: shift.id } })

  const app = await startApp({ DATABASE_URL: process.env.DATABASE_URL ?? '', OUTBOX_DIR: process.env.OUTBOX_DIR ?? '', CONTENT_DIR: fixture.contentDir, CONTENT_CACHE_DIR: fixture.cacheDir, ...env })
  const signedIn = async (email: string) => {
    const client = new Client(app.url, { 'Accept-Language': 'ru' })
    await client.login(email, TEST_PASSWORD)
    return client
  }
  const emails: Record<Exclude<ActorName, 'anonymous'>, string> = { volunteer: own.user.email, trainer: trainer.email, leadA: leadA.email, leadB: leadB.email, admin: admin.email }
  const signIn = async (actor: ActorName) => (actor === 'anonymous' ? new Client(app.url, { 'Accept-Language': 'ru' }) : signedIn(emails[actor]))
  const clients = Object.fromEntries(await Promise.all(actors.map(async (actor) => [actor, await signIn(actor)] as const))) as Record<ActorName, Client>
  const lessonPage = await (await clients.volunteer.get('/courses/basics/01-first')).text()
  const lessonBody = lessonPage.match(/\/courses\/basics\/01-first\/body\/ru\/[A-Za-z0-9_-]+/)?.[0]
  if (!lessonBody) throw new Error('the lesson page names no body address')
  return {
    app,
    clients,
    signIn,
    ids: {
      ngoA: ngoA.id,
      ngoB: ngoB.id,
      campaign: campaign.id,
      applicationA: own.application.id,
      applicationB: other.application.id,
      attempt: attempt.attemptId,
      certificate: certificate.code,
      templateA: templateA.id,
      templateCoalition: templateCoalition.id,
      importA: upload.importId,
      attendanceReportA: report.reportId,
      notification: notification.id,
      person: other.user.id,
      lessonBody,
      sessionCoalition: sessionCoalition.id,
      sessionA: sessionA.id,
      sessionB: sessionB.id,
      calendarToken,
      assignmentA: assignmentA.id,
      assignmentB: assignmentB.id,
    },
  }
}
