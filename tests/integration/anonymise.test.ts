/**
 * Anonymising a person: seeded with everything the app can hold about someone (applications, the
 * timeline, notes, a draft, messages and emails, an exam attempt, certificates, audit records, a
 * roster export, an uploaded list, a login counter, a role), then read back by a search of every
 * text column of every table, found generically so a new table is searched by default. The outbox
 * is this file's own folder (tests/support/fresh-database.ts).
 */
import fs from 'node:fs'
import { describe, expect, it } from 'vitest'
import { foldText } from '~/domain/import-cells.ts'
import { foldForSearch } from '~/domain/recruits.ts'
import { applicationSchema } from '~/domain/validation/application.ts'
import { createInviteToken, login } from '~/server/accounts/accounts.server.ts'
import { anonymisePerson } from '~/server/accounts/anonymise.server.ts'
import { cancelDeletion, requestDeletion } from '~/server/accounts/deletion-requests.server.ts'
import { listPeople } from '~/server/accounts/people.server.ts'
import { findCertificate, revokeCertificate } from '~/server/exams/certificates.server.ts'
import { deliverDueNotifications } from '~/server/jobs/notification-worker.server.ts'
import { notify } from '~/server/jobs/notifications.server.ts'
import { databaseProvider, db } from '~/server/platform/db.server.ts'
import { outboxDir, readOutbox, sendEmail } from '~/server/platform/email.server.ts'
import { campaignDashboard } from '~/server/recruitment/dashboards.server.ts'
import { moveApplication, saveDraft, submitApplication } from '~/server/recruitment/applications.server.ts'
import { uploadImport } from '~/server/recruitment/imports.server.ts'
import { assignMember } from '~/server/recruitment/ngos.server.ts'
import { addNote, bulkAction, correctRecruitName } from '~/server/recruitment/recruitment.server.ts'
import { findRosterCampaign, recordRosterExport, rosterSummary } from '~/server/rosters/rosters.server.ts'
import { addMember, createUser, TEST_PASSWORD } from '../support/factories.ts'
import { accreditedNgo, recruit, rosterCampaign } from '../support/roster-fixture.ts'
import { campaignShifts, station } from '../support/deployment-fixture.ts'
import { letterFor } from '~/server/deployment/letters.server.ts'

const ip = '203.0.113.7'
const now = new Date('2027-01-10T10:00:00Z')

const ASEL = { fullName: 'Әсел Нұрланқызы', displayName: 'Асель Нурланкызы', email: 'asel.nurlan@example.org', iin: '900515300424', phone: '+77012345678', document: 'N47120958' }

/** Every text value of every table (tables read from the database's own catalogue). */
async function everyText(): Promise<Array<{ table: string; column: string; value: string }>> {
  const tables =
    databaseProvider() === 'sqlite'
      ? await db.$queryRawUnsafe<Array<{ name: string }>>("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'")
      : await db.$queryRawUnsafe<Array<{ name: string }>>("SELECT table_name AS name FROM information_schema.tables WHERE table_schema = 'public' AND table_type = 'BASE TABLE'")
  const out: Array<{ table: string; column: string; value: string }> = []
  // The recruit list's full-text index keeps its pieces in binary shadow tables: checked by searching it (indexTraces).
  for (const { name } of tables.filter((table) => !table.name.startsWith('ApplicationSearch_'))) {
    const rows = await db.$queryRawUnsafe<Array<Record<string, unknown>>>(`SELECT * FROM "${name}"`)
    for (const row of rows) for (const [column, value] of Object.entries(row)) if (typeof value === 'string') out.push({ table: name, column, value })
  }
  return out
}

/** Where the database still holds any of these: names compared folded (case, Kazakh letters), the rest case-blind. */
async function traces(person: { names: string[]; other: string[] }): Promise<string[]> {
  const names = person.names.map(foldText)
  const other = person.other.map((s) => s.toLowerCase())
  return (await everyText())
    .filter(({ value }) => names.some((n) => foldText(value).includes(n)) || other.some((s) => value.toLowerCase().includes(s)))
    .map(({ table, column, value }) => `${table}.${column}: ${value.slice(0, 120)}`)
}

/**
 * SQLite: what the recruit list's trigram index (ApplicationSearch) still finds of these, and whether
 * it removes deleted text at once (secure-delete) rather than leaving it beside a deletion marker.
 */
async function indexTraces(values: string[]): Promise<string[]> {
  if (databaseProvider() !== 'sqlite') return []
  const config = await db.$queryRawUnsafe<Array<{ v: number | bigint }>>(`SELECT "v" FROM "ApplicationSearch_config" WHERE "k" = 'secure-delete'`)
  const found = Number(config[0]?.v) === 1 ? [] : ['ApplicationSearch: secure-delete is off']
  for (const value of values) {
    const hits = await db.$queryRawUnsafe<Array<{ n: number | bigint }>>('SELECT count(*) AS n FROM "ApplicationSearch" WHERE "ApplicationSearch" MATCH ?', `"${value.replaceAll('"', '""')}"`)
    if (Number(hits[0]?.n) > 0) found.push(`ApplicationSearch: ${value}`)
  }
  return found
}

const aselIndexTraces = () => indexTraces([foldForSearch(ASEL.fullName), ASEL.iin, ASEL.phone.replace(/\D/g, '')])

const aselTraces = () => traces({ names: [ASEL.fullName, ASEL.displayName], other: [ASEL.email, ASEL.iin, ASEL.phone, ASEL.phone.slice(-10), ASEL.document] })

function applicationInput() {
  return applicationSchema({ electionDay: new Date('2027-03-21T00:00:00Z'), applicationDeadline: new Date('2027-02-20T00:00:00Z'), minimumAge: 18, declarations: [], now }).parse({
    fullName: ASEL.fullName, iin: ASEL.iin, birthDate: '1990-05-15', phone: '+7 701 234 56 78', email: ASEL.email, regionCode: 'KZ-75', settlement: 'Алматы',
    pollingStation: '123', languages: ['kk', 'ru'], availability: ['voting'], experience: 'none', motivation: `Меня зовут ${ASEL.fullName}, хочу наблюдать`, consent: 'on',
  })
}

async function seed() {
  const campaign = await rosterCampaign(undefined, ['observer-basics'])
  const ngo = await accreditedNgo({ name: 'Dala Watch' })
  const admin = await createUser({ email: 'admin@example.org', isAdmin: true })
  const lead = await createUser({ email: 'lead@example.org', name: 'Лид Координатор' })
  await addMember(lead.id, ngo.id, 'LEAD')
  const scope = { kind: 'ngo' as const, actorId: lead.id, ngoId: ngo.id }
  // Someone else, who must keep everything.
  const other = await recruit(2, campaign, ngo.id, { fullName: 'Иван Иванов', certificates: [{ course: 'observer-basics' }] })

  const asel = await createUser({ email: ASEL.email, name: ASEL.displayName })
  const otherCampaign = await rosterCampaign(undefined, ['observer-basics'])
  await saveDraft(asel.id, otherCampaign.id, { fullName: ASEL.fullName, phone: ASEL.phone })
  const submitted = await submitApplication(asel.id, campaign.id, ngo.id, applicationInput(), ip, now)
  if (!submitted.ok) throw new Error(submitted.error)
  const applicationId = submitted.applicationId
  await moveApplication(applicationId, 'screening', { id: lead.id, role: 'lead' }, `Позвонили ${ASEL.fullName} по ${ASEL.phone}`, ip)
  await moveApplication(applicationId, 'accepted', { id: lead.id, role: 'lead' }, undefined, ip)
  await addNote(scope, applicationId, `${ASEL.fullName}, ИИН ${ASEL.iin}: надёжная`, ip)
  await correctRecruitName(scope, applicationId, 'Асел Нурланкызы', ip)
  await correctRecruitName(scope, applicationId, ASEL.fullName, ip)
  await bulkAction(scope, campaign.id, [applicationId], { kind: 'message', text: `${ASEL.fullName}, ждём вас в субботу` }, ip)

  // Exam, certificates (one valid, one revoked), a trainer's accommodation.
  const attempt = await db.examAttempt.create({
    data: { userId: asel.id, courseSlug: 'observer-basics', examId: 'final', contentVersion: 'v1', seed: 's', questionIds: '[]', locale: 'ru', status: 'SUBMITTED', deadline: now, submittedAt: now, percent: 90, passed: true, overridePercent: 92, overrideReason: `Пересчёт для ${ASEL.fullName}` },
  })
  await db.examAccommodation.create({ data: { userId: asel.id, courseSlug: 'observer-basics', extraMinutes: 15, reason: `${ASEL.fullName}: слабое зрение`, grantedById: admin.id } })
  const valid = await db.certificate.create({
    data: { code: 'ABCDE-FGHJK', userId: asel.id, holderName: ASEL.fullName, courseSlug: 'observer-basics', courseVersion: 'v1', courseTitle: JSON.stringify({ ru: 'Основы', kk: 'Негіздер', en: 'Basics' }), attemptId: attempt.id, percent: 92, campaignId: campaign.id, ngoId: ngo.id, issuedAt: now, expiresAt: new Date('2028-01-01T00:00:00Z') },
  })
  const old = await db.certificate.create({
    data: { code: 'KMNPQ-RSTUV', userId: asel.id, holderName: ASEL.fullName, courseSlug: 'observer-basics', courseVersion: 'v0', courseTitle: '{"ru":"Основы","kk":"Негіздер","en":"Basics"}', attemptId: 'older-attempt', percent: 80, ngoId: ngo.id, issuedAt: new Date('2026-12-01T00:00:00Z'), expiresAt: new Date('2028-01-01T00:00:00Z') },
  })
  await revokeCertificate(admin.id, old.code, `Выдан ${ASEL.fullName} по ошибке`, ip)
  await db.application.update({ where: { id: applicationId }, data: { state: 'certified' } })

  // Election day: a shift still to come with an ID document number for her letter, and a rehearsal already over.
  const place = await station(campaign.id, 'KZ-75', '123')
  const { opening } = await campaignShifts(campaign.id)
  const rehearsal = await db.campaignShift.create({ data: { campaignId: campaign.id, nameRu: 'Репетиция', nameKk: 'Дайындық', nameEn: 'Rehearsal', startsAt: new Date('2026-11-01T03:00:00Z'), endsAt: new Date('2026-11-01T09:00:00Z') } })
  const coming = await db.assignment.create({ data: { campaignId: campaign.id, ngoId: ngo.id, applicationId, stationId: place.id, shiftId: opening.id, idDocumentNumber: ASEL.document } })
  const over = await db.assignment.create({ data: { campaignId: campaign.id, ngoId: ngo.id, applicationId, stationId: place.id, shiftId: rehearsal.id, idDocumentNumber: ASEL.document, status: 'confirmed' } })

  // A meeting's participant report with her row (name and email) and a hand match to her, beside Иван's.
  const session = await db.liveSession.create({ data: { format: 'ONLINE', titleRu: 'Вебинар', titleKk: 'Вебинар', titleEn: 'Webinar', startsAt: now, endsAt: new Date(now.getTime() + 3_600_000), meetingUrl: 'https://meet.example.org/x' } })
  const report = await db.attendanceReport.create({
    data: {
      sessionId: session.id, fileName: 'participants.csv', headers: JSON.stringify(['Имя', 'Email', 'Минуты']),
      rows: JSON.stringify([{ n: 2, cells: ['Иван Иванов', 'ivan@example.org', '55'] }, { n: 3, cells: [ASEL.displayName, ASEL.email, '60'] }]),
      mapping: JSON.stringify({ columns: { name: 0, email: 1, duration: 2 }, minimumMinutes: 30, manual: { [`email:${ASEL.email}`]: asel.id, 'name:иван иванов': other.user.id } }),
    },
  })

  // Account: a role (assigned by email), a session, a failed login (counter and audit), a pending invitation link.
  await assignMember(admin.id, ngo.id, ASEL.email, 'TRAINER', ip)
  expect((await login(ASEL.email, TEST_PASSWORD, ip)).ok).toBe(true)
  expect((await login(ASEL.email, 'wrong password', ip)).ok).toBe(false)
  await createInviteToken(asel.id)
  await db.ngo.update({ where: { id: ngo.id }, data: { contactEmail: ASEL.email } })

  // Emails: what the worker has sent goes to the outbox; later ones wait in the queue. One to someone else stays.
  await deliverDueNotifications({ now: new Date() })
  await notify(asel.id, 'message', { ngoId: ngo.id, text: `${ASEL.fullName}, не забудьте паспорт` })
  await sendEmail({ to: lead.email, subject: 'Список', text: `В списке: ${ASEL.fullName}` })
  await sendEmail({ to: other.user.email, subject: 'Привет', text: 'Для Ивана Иванова' })

  // A roster export whose reason names her, an uploaded list with her row, its result, and her deletion request.
  const rosterCampaignRow = await findRosterCampaign(campaign.slug)
  if (!rosterCampaignRow) throw new Error('campaign missing')
  await recordRosterExport({ scope, campaign: rosterCampaignRow, regions: [], locale: 'ru', iin: { full: true, reason: `ТИК просит данные ${ASEL.fullName}` } }, { format: 'csv', rowCount: 2, ip, ngoId: ngo.id })
  const csv = `ФИО;ИИН;Телефон;Email\nИван Иванов;${other.iin};+77019876543;ivan@example.org\n${ASEL.fullName};${ASEL.iin};8 701 234 56 78;${ASEL.email}\n`
  const upload = await uploadImport(scope, campaign.id, { name: 'list.csv', bytes: new TextEncoder().encode(csv) }, ip)
  if (!upload.ok) throw new Error('upload failed')
  await db.recruitImport.update({
    where: { id: upload.importId },
    data: { result: JSON.stringify({ rows: [{ row: 2, name: 'Иван Иванов', iinMasked: '9001••••0123', outcome: 'unchanged' }, { row: 3, name: ASEL.fullName, iinMasked: '9005••••0424', outcome: 'unchanged' }] }) },
  })
  await requestDeletion(asel.id, ip)

  return { campaign, ngo, admin, lead, other, asel, applicationId, valid, upload, coming, over, report }
}

describe('anonymising a person', () => {
  it('leaves no trace of their name, email, IIN or phone in any table, keeps every count, and the certificate verifies as "holder removed"', async () => {
    const { campaign, ngo, admin, other, asel, applicationId, valid, upload, coming, over, report } = await seed()
    const coalition = { kind: 'coalition' as const, actorId: admin.id }
    const before = {
      traces: await aselTraces(),
      dashboard: await campaignDashboard(coalition, campaign.id),
      groups: await db.application.groupBy({ by: ['regionCode', 'state', 'ngoId', 'campaignId'], _count: { _all: true }, orderBy: [{ regionCode: 'asc' }, { state: 'asc' }] }),
      roster: (await rosterSummary({ scope: coalition, campaign: (await findRosterCampaign(campaign.slug))!, regions: [], locale: 'ru' })).total,
      outbox: readOutbox().length,
    }
    // The seed reached every corner the search should look in: the test is not vacuous.
    if (databaseProvider() === 'sqlite') expect(await aselIndexTraces()).toHaveLength(3)
    const tables = new Set(before.traces.map((t) => t.split('.')[0]))
    for (const table of ['User', 'Application', 'ApplicationEvent', 'ApplicationNote', 'ApplicationDraft', 'Notification', 'AuditEvent', 'Certificate', 'ExamAttempt', 'ExamAccommodation', 'RecruitImport', 'RateLimiterFlexible', 'Ngo', 'Assignment', 'AttendanceReport']) {
      expect(tables, table).toContain(table)
    }
    expect(before.roster).toBe(2)
    expect(before.outbox).toBeGreaterThanOrEqual(3)
    expect((await listPeople({ page: 1, deletionRequested: true })).people.map((p) => p.id)).toEqual([asel.id])

    const result = await anonymisePerson(admin.id, asel.id, ip, now)
    expect(result).toMatchObject({ ok: true, repeated: false })

    expect(await aselTraces()).toEqual([])
    expect(await aselIndexTraces()).toEqual([])
    // Counts and dashboards keep their numbers; the roster has nobody to send in her place.
    expect(await campaignDashboard(coalition, campaign.id)).toEqual(before.dashboard)
    expect(await db.application.groupBy({ by: ['regionCode', 'state', 'ngoId', 'campaignId'], _count: { _all: true }, orderBy: [{ regionCode: 'asc' }, { state: 'asc' }] })).toEqual(before.groups)
    expect((await rosterSummary({ scope: coalition, campaign: (await findRosterCampaign(campaign.slug))!, regions: [], locale: 'ru' })).total).toBe(1)
    const application = await db.application.findUniqueOrThrow({ where: { id: applicationId } })
    expect(application).toMatchObject({ state: 'certified', regionCode: 'KZ-75', campaignId: campaign.id, languages: '["kk","ru"]', fullName: '', phone: '', email: '', searchText: '' })
    expect(application.anonymisedAt).not.toBeNull()

    // Certificates keep code, course, dates and validity, without a holder.
    const certificate = await findCertificate(valid.code, 'ru')
    expect(certificate).toMatchObject({ code: valid.code, status: 'valid', holderRemoved: true, holderName: '', courseSlug: 'observer-basics' })
    expect(certificate?.expiresAt.toISOString()).toBe(valid.expiresAt.toISOString())
    expect((await findCertificate('KMNPQ-RSTUV', 'ru'))?.status).toBe('revoked')

    // The account cannot be reached or used; nothing is left queued for it.
    const user = await db.user.findUniqueOrThrow({ where: { id: asel.id } })
    expect(user).toMatchObject({ email: `removed-${asel.id}@invalid`, name: '', isAdmin: false })
    expect(user.anonymisedAt).not.toBeNull()
    expect(await db.session.count({ where: { userId: asel.id } })).toBe(0)
    expect(await db.passwordResetToken.count({ where: { userId: asel.id } })).toBe(0)
    expect(await db.membership.count({ where: { userId: asel.id } })).toBe(0)
    const emailsToHer = async (state: string) => db.job.count({ where: { kind: 'notification.email', state, subjectId: { in: (await db.notification.findMany({ where: { userId: asel.id }, select: { id: true } })).map((n) => n.id) } } })
    expect(await emailsToHer('queued')).toBe(0)
    expect(await emailsToHer('cancelled')).toBeGreaterThan(0)
    // The outbox kept only the email to someone else; what is still queued goes to the admins and names nobody.
    expect(readOutbox().map((m) => m.to)).toEqual([other.user.email])
    expect((await deliverDueNotifications({ now: new Date() })).sent).toBe(1)
    expect(readOutbox().map((m) => m.to).sort()).toEqual([admin.email, other.user.email].sort())
    expect(await aselTraces()).toEqual([])
    const files = fs.readdirSync(outboxDir()).filter((f) => f.endsWith('.json'))
    expect(files.map((f) => fs.readFileSync(`${outboxDir()}/${f}`, 'utf8')).join('\n')).not.toMatch(/Нұрланқызы|asel\.nurlan|900515300424|7012345678/)

    // Nobody goes to the station in her name: the shift to come is gone (audited, the lead's list shows it
    // uncovered, no letter); the rehearsal already over stays as what happened, without her document number.
    expect(await db.assignment.count({ where: { id: coming.id } })).toBe(0)
    expect(await db.assignment.findUniqueOrThrow({ where: { id: over.id } })).toMatchObject({ status: 'confirmed', idDocumentNumber: null })
    expect(await db.auditEvent.count({ where: { action: 'assignment.removed', targetId: coming.id, ngoId: ngo.id, actorId: admin.id } })).toBe(1)
    expect(await letterFor({ kind: 'coalition', actorId: admin.id }, over.id, 'ru')).toBeNull()
    // Her row of the meeting report is blank and the hand match to her forgotten; Иван's stay.
    const scrubbed = await db.attendanceReport.findUniqueOrThrow({ where: { id: report.id } })
    expect(JSON.parse(scrubbed.rows)).toEqual([
      { n: 2, cells: ['Иван Иванов', 'ivan@example.org', '55'] },
      { n: 3, cells: ['', '', ''] },
    ])
    expect(JSON.parse(scrubbed.mapping ?? '{}').manual).toEqual({ 'name:иван иванов': other.user.id })

    // Someone else's data is untouched: the search does find what is there.
    expect(await traces({ names: ['Иван Иванов'], other: [other.iin] })).not.toEqual([])
    const list = await db.recruitImport.findUniqueOrThrow({ where: { id: upload.importId } })
    expect(JSON.parse(list.rows)).toEqual([
      { n: 2, cells: ['Иван Иванов', other.iin, '+77019876543', 'ivan@example.org'] },
      { n: 3, cells: ['', '', '', ''] },
    ])
    expect(await db.application.findUniqueOrThrow({ where: { id: other.application.id } })).toMatchObject({ fullName: 'Иван Иванов', iin: other.iin })

    // The removal itself is on record, naming nobody; the audit log keeps every action.
    const record = await db.auditEvent.findFirstOrThrow({ where: { action: 'user.anonymised', targetId: asel.id } })
    expect(record.actorId).toBe(admin.id)
    expect(JSON.parse(record.details)).toMatchObject({ applications: 1, certificates: 2, assignments: 1, meetingReports: 1, repeated: false })
    expect(await db.auditEvent.count({ where: { targetId: applicationId, action: 'application.moved' } })).toBe(2)
    expect(await db.auditEvent.count({ where: { actorId: asel.id, ip: { not: null } } })).toBe(0)
    expect((await listPeople({ page: 1, deletionRequested: true })).people).toEqual([])

    // Twice is harmless: nothing more to remove, and the second run is recorded too.
    const auditBefore = await db.auditEvent.count()
    expect(await anonymisePerson(admin.id, asel.id, ip)).toMatchObject({ ok: true, repeated: true, outboxFiles: 0 })
    expect(await aselTraces()).toEqual([])
    expect(await db.auditEvent.count()).toBe(auditBefore + 1)
    expect(await cancelDeletion(asel.id, ip)).toBe(false)
    // Last: a login attempt with her old email is recorded (as anyone's typed email would be).
    expect((await login(ASEL.email, TEST_PASSWORD, '198.51.100.1')).ok).toBe(false)
  })

  it("blanks another NGO's list row that holds their IIN without its leading zero, under split name columns and old contacts", async () => {
    // Born in the 2000s, the IIN starts with 0, which Excel drops from a number; the import reads it
    // back (readIinCell), but anonymising looked for the 12 digits only, so this row kept her IIN.
    const campaign = await rosterCampaign(undefined, ['observer-basics'])
    const [ngoA, ngoB] = [await accreditedNgo(), await accreditedNgo()]
    const admin = await createUser({ isAdmin: true })
    const leadB = await createUser()
    await addMember(leadB.id, ngoB.id, 'LEAD')
    const dina = await recruit(7, campaign, ngoA.id, { fullName: 'Ахметова Дина Сериковна' })
    const iin = '050515600126'
    await db.application.update({ where: { id: dina.application.id }, data: { iin } })
    const csv = `Фамилия;Имя;ИИН;Телефон;Email\nАхметова;Дина;${iin.slice(1)};8 777 000 00 01;dina.old@example.org\nИванов;Иван;900101300123;8 777 000 00 02;ivan@example.org\n`
    const upload = await uploadImport({ kind: 'ngo', actorId: leadB.id, ngoId: ngoB.id }, campaign.id, { name: 'b.csv', bytes: new TextEncoder().encode(csv) }, ip)
    if (!upload.ok) throw new Error(upload.error.key)
    expect((await anonymisePerson(admin.id, dina.user.id, ip)).ok).toBe(true)
    const list = await db.recruitImport.findUniqueOrThrow({ where: { id: upload.importId } })
    expect(JSON.parse(list.rows)).toEqual([
      { n: 2, cells: ['', '', '', '', ''] },
      { n: 3, cells: ['Иванов', 'Иван', '900101300123', '8 777 000 00 02', 'ivan@example.org'] },
    ])
  })

  it("blanks their NGO's list row that names them only in split name columns (a mistyped IIN, old contacts), mapped or not", async () => {
    // No cell of such a row held the whole name, so each cell was compared alone and the row kept her name.
    const campaign = await rosterCampaign(undefined, ['observer-basics'])
    const ngo = await accreditedNgo()
    const [admin, lead] = [await createUser({ isAdmin: true }), await createUser()]
    await addMember(lead.id, ngo.id, 'LEAD')
    const dina = await recruit(7, campaign, ngo.id, { fullName: 'Ахметова Дина Сериковна' })
    const scope = { kind: 'ngo', actorId: lead.id, ngoId: ngo.id } as const
    const list = (header: string) => `${header}\nАХМЕТОВА;Дина;Сериковна;900101300999;8 777 000 00 01;dina.old@example.org;Алматы;Алматы\nИванов;Иван;;900101300123;8 777 000 00 02;ivan@example.org;Алматы;Алматы\n`
    const uploads = await Promise.all(['Фамилия;Имя;Отчество;ИИН;Телефон;Email;Регион;Город', 'c1;c2;c3;c4;c5;c6;c7;c8'].map(async (header) => {
      const upload = await uploadImport(scope, campaign.id, { name: 'list.csv', bytes: new TextEncoder().encode(list(header)) }, ip)
      if (!upload.ok) throw new Error(upload.error.key)
      return upload.importId
    }))
    // The second one's header names nothing: its columns are the ones the lead confirmed.
    const columns = { lastName: 0, firstName: 1, middleName: 2, iin: 3, phone: 4, email: 5, region: 6, settlement: 7 }
    await db.recruitImport.update({ where: { id: uploads[1] }, data: { mapping: JSON.stringify({ columns, defaults: { languages: ['ru'], availability: ['voting'], experience: 'none' } }) } })
    expect((await anonymisePerson(admin.id, dina.user.id, ip)).ok).toBe(true)
    for (const id of uploads) {
      expect(JSON.parse((await db.recruitImport.findUniqueOrThrow({ where: { id } })).rows)).toEqual([
        { n: 2, cells: ['', '', '', '', '', '', '', ''] },
        { n: 3, cells: ['Иванов', 'Иван', '', '900101300123', '8 777 000 00 02', 'ivan@example.org', 'Алматы', 'Алматы'] },
      ])
    }
  })

  it("blanks a meeting report's rows that the import matched to them by a name in another order or form, and the row matched to them by hand", async () => {
    // Matching reads «Нурланова Асель» and «ИВАНОВ Пётр» as the legal names' people (word order, case,
    // ё/е, the first two of three words); anonymising compared whole names only, so those rows kept
    // their names in the report a trainer reopens, and so did the row a trainer matched by hand.
    const admin = await createUser({ isAdmin: true })
    const campaign = await rosterCampaign(undefined, ['observer-basics'])
    const ngo = await accreditedNgo()
    const petr = await recruit(8101, campaign, ngo.id, { fullName: 'Иванов Пётр Сергеевич' })
    const ivan = await recruit(8102, campaign, ngo.id, { fullName: 'Иван Иванов' })
    const session = await db.liveSession.create({ data: { format: 'ONLINE', titleRu: 'Вебинар', titleKk: 'Вебинар', titleEn: 'Webinar', startsAt: now, endsAt: new Date(now.getTime() + 3_600_000), meetingUrl: 'https://meet.example.org/y' } })
    await db.liveSessionRegistration.create({ data: { sessionId: session.id, userId: petr.user.id, status: 'registered' } })
    const report = await db.attendanceReport.create({
      data: {
        sessionId: session.id, fileName: 'participants.csv', headers: JSON.stringify(['Имя', 'Email', 'Минуты']),
        rows: JSON.stringify([
          { n: 2, cells: ['ИВАНОВ Пётр', '', '40'] },
          { n: 3, cells: ['Петя (Пётр Иванов)', '', '10'] },
          { n: 4, cells: ['Samsung SM-A515F', '', '30'] },
          { n: 5, cells: ['Иван Иванов', 'ivan@example.org', '55'] },
        ]),
        mapping: JSON.stringify({ columns: { name: 0, email: 1, duration: 2 }, minimumMinutes: 30, manual: { 'name:a515f samsung sm': petr.user.id, 'name:иван иванов': ivan.user.id } }),
      },
    })
    // A second upload naming him only in another order: no needle finds it, his registration does.
    const second = await db.attendanceReport.create({
      data: { sessionId: session.id, fileName: 'again.csv', headers: JSON.stringify(['Имя', 'Минуты']), rows: JSON.stringify([{ n: 2, cells: ['Пётр Иванов', '45'] }]), mapping: JSON.stringify({ columns: { name: 0, duration: 1 }, minimumMinutes: 30 }) },
    })
    expect((await anonymisePerson(admin.id, petr.user.id, ip)).ok).toBe(true)
    expect(JSON.parse((await db.attendanceReport.findUniqueOrThrow({ where: { id: second.id } })).rows)).toEqual([{ n: 2, cells: ['', ''] }])
    const scrubbed = await db.attendanceReport.findUniqueOrThrow({ where: { id: report.id } })
    expect(JSON.parse(scrubbed.rows)).toEqual([
      { n: 2, cells: ['', '', ''] },
      { n: 3, cells: ['', '', ''] },
      { n: 4, cells: ['', '', ''] },
      { n: 5, cells: ['Иван Иванов', 'ivan@example.org', '55'] },
    ])
    expect(JSON.parse(scrubbed.mapping ?? '{}').manual).toEqual({ 'name:иван иванов': ivan.user.id })
  })

  it('is refused for oneself and for an unknown person, and then changes nothing', async () => {
    const admin = await createUser({ isAdmin: true })
    const other = await createUser({ isAdmin: true })
    const snapshot = async () => ({ users: await db.user.findMany({ orderBy: { id: 'asc' } }), audit: await db.auditEvent.count() })
    const before = await snapshot()
    expect(await anonymisePerson(admin.id, admin.id, ip)).toEqual({ ok: false, error: 'self' })
    expect(await anonymisePerson(admin.id, 'no-such-user', ip)).toEqual({ ok: false, error: 'notFound' })
    expect(await snapshot()).toEqual(before)
    // Another admin may be anonymised while one remains.
    expect(await anonymisePerson(admin.id, other.id, ip)).toMatchObject({ ok: true })
    expect(await db.user.count({ where: { isAdmin: true } })).toBeGreaterThanOrEqual(1)
  })
})

describe('asking for deletion', () => {
  it('records the request once, tells every other admin, and can be cancelled', async () => {
    const [a, b] = [await createUser({ isAdmin: true }), await createUser({ isAdmin: true })]
    const person = await createUser()
    const first = await requestDeletion(person.id, ip, now)
    expect(first).toEqual({ requestedAt: now, alreadyRequested: false })
    expect(await requestDeletion(person.id, ip, new Date(now.getTime() + 1000))).toEqual({ requestedAt: now, alreadyRequested: true })
    for (const admin of [a, b]) expect(await db.notification.count({ where: { userId: admin.id, kind: 'account.deletion_requested' } })).toBe(1)
    const message = await db.notification.findFirstOrThrow({ where: { userId: a.id, kind: 'account.deletion_requested' } })
    expect(message.params).toBe('{}')
    expect(await db.auditEvent.count({ where: { action: 'account.deletion_requested', actorId: person.id } })).toBe(1)
    expect(await cancelDeletion(person.id, ip)).toBe(true)
    expect((await db.user.findUniqueOrThrow({ where: { id: person.id } })).deletionRequestedAt).toBeNull()
    expect(await cancelDeletion(person.id, ip)).toBe(false)
    expect(await db.auditEvent.count({ where: { action: 'account.deletion_cancelled', actorId: person.id } })).toBe(1)
  })
})
