/** Personal data past its retention is purged; what is still in use is kept. */
import fs from 'node:fs'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { db } from '~/server/platform/db.server.ts'
import { outboxDir } from '~/server/platform/email.server.ts'
import { purgeExpiredPersonalData } from '~/server/jobs/retention.server.ts'
import { createNgo, createUser } from '../support/factories.ts'
import { rosterCampaign } from '../support/roster-fixture.ts'

const DAY = 86_400_000

describe('retention', () => {
  it('purges expired sessions, spent tokens, expired limiter rows, old list and report rows, old outbox files and old finished jobs, and keeps the rest', async () => {
    const now = new Date()
    const user = await createUser()
    await db.session.createMany({ data: [{ id: 'expired-session', userId: user.id, expiresAt: new Date(now.getTime() - 1000) }, { id: 'live-session', userId: user.id, expiresAt: new Date(now.getTime() + DAY) }] })
    await db.passwordResetToken.createMany({
      data: [
        { tokenHash: 'used', userId: user.id, expiresAt: new Date(now.getTime() + DAY), usedAt: now },
        { tokenHash: 'expired', userId: user.id, expiresAt: new Date(now.getTime() - 1000) },
        { tokenHash: 'live', userId: user.id, expiresAt: new Date(now.getTime() + DAY) },
      ],
    })
    await db.rateLimiterFlexible.createMany({ data: [{ key: 'old', points: 3, expire: new Date(now.getTime() - 1000) }, { key: 'current', points: 1, expire: new Date(now.getTime() + 60_000) }] })
    const ngo = await createNgo()
    const campaign = await rosterCampaign()
    const rows = JSON.stringify([{ n: 2, cells: ['Асем Нұрланқызы', '900515300424'] }])
    const old = await db.recruitImport.create({ data: { ngoId: ngo.id, campaignId: campaign.id, fileName: 'old.csv', headers: '["ФИО","ИИН"]', rows, result: '{"rows":[]}', createdAt: new Date(now.getTime() - 31 * DAY) } })
    const recent = await db.recruitImport.create({ data: { ngoId: ngo.id, campaignId: campaign.id, fileName: 'new.csv', headers: '["ФИО","ИИН"]', rows, createdAt: new Date(now.getTime() - 5 * DAY) } })
    const session = await db.liveSession.create({ data: { format: 'ONLINE', titleRu: 'Занятие', titleKk: 'Сабақ', titleEn: 'Class', startsAt: now, endsAt: now } })
    const reportRows = JSON.stringify([['Асем Нұрланқызы', 'asem@example.org', '45']])
    const oldReport = await db.attendanceReport.create({ data: { sessionId: session.id, fileName: 'zoom-old.csv', headers: '["Name","Email","Minutes"]', rows: reportRows, createdAt: new Date(now.getTime() - 31 * DAY) } })
    const newReport = await db.attendanceReport.create({ data: { sessionId: session.id, fileName: 'zoom-new.csv', headers: '["Name","Email","Minutes"]', rows: reportRows, createdAt: new Date(now.getTime() - 5 * DAY) } })
    const longAgo = new Date(now.getTime() - 31 * DAY)
    const lately = new Date(now.getTime() - 2 * DAY)
    await db.job.createMany({
      data: [
        { id: 'old-done', kind: 'notification.email', subjectId: 'n1', state: 'done', finishedAt: longAgo },
        { id: 'old-cancelled', kind: 'notification.email', subjectId: 'n2', state: 'cancelled', finishedAt: longAgo },
        { id: 'old-failed', kind: 'notification.email', subjectId: 'n3', state: 'failed', finishedAt: longAgo },
        { id: 'new-done', kind: 'notification.email', subjectId: 'n4', state: 'done', finishedAt: lately },
        { id: 'queued', kind: 'notification.email', subjectId: 'n5', state: 'queued', createdAt: longAgo },
      ],
    })
    const dir = outboxDir()
    fs.mkdirSync(dir, { recursive: true })
    const oldMail = path.join(dir, 'old-message.json')
    const newMail = path.join(dir, 'new-message.json')
    fs.writeFileSync(oldMail, '{"to":"a@example.org"}')
    fs.writeFileSync(newMail, '{"to":"b@example.org"}')
    const fifteenDaysAgo = (now.getTime() - 15 * DAY) / 1000
    fs.utimesSync(oldMail, fifteenDaysAgo, fifteenDaysAgo)

    const purged = await purgeExpiredPersonalData(now)
    expect(purged).toMatchObject({ sessions: 1, tokens: 2, limiterRows: 1, importFiles: 1, reportFiles: 1, outboxFiles: 1, jobs: 2 })
    expect((await db.attendanceReport.findUniqueOrThrow({ where: { id: oldReport.id } })).rows).toBe('[]')
    expect((await db.attendanceReport.findUniqueOrThrow({ where: { id: newReport.id } })).rows).toBe(reportRows)
    expect((await db.job.findMany({ where: { id: { in: ['old-done', 'old-cancelled', 'old-failed', 'new-done', 'queued'] } }, orderBy: { id: 'asc' } })).map((j) => j.id)).toEqual(['new-done', 'old-failed', 'queued'])
    expect((await db.session.findMany({ where: { userId: user.id } })).map((s) => s.id)).toEqual(['live-session'])
    expect((await db.passwordResetToken.findMany({ where: { userId: user.id } })).map((t) => t.tokenHash)).toEqual(['live'])
    expect((await db.rateLimiterFlexible.findMany({ where: { key: { in: ['old', 'current'] } } })).map((r) => r.key)).toEqual(['current'])
    expect(await db.recruitImport.findUniqueOrThrow({ where: { id: old.id } })).toMatchObject({ rows: '[]', headers: '["ФИО","ИИН"]', result: '{"rows":[]}', fileName: 'old.csv' })
    expect((await db.recruitImport.findUniqueOrThrow({ where: { id: recent.id } })).rows).toBe(rows)
    expect(fs.existsSync(oldMail)).toBe(false)
    expect(fs.existsSync(newMail)).toBe(true)
    // Nothing left to purge the second time.
    expect(await purgeExpiredPersonalData(now)).toEqual({ sessions: 0, tokens: 0, limiterRows: 0, importFiles: 0, reportFiles: 0, outboxFiles: 0, jobs: 0 })
  })
})
