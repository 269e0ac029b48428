/**
 * Regions are reference data: upserted on every run. Demo people, NGOs and a campaign are added
 * only to an empty database, so running the seed again never touches real data.
 */
import { CODE_ALPHABET } from '../app/domain/certificates.ts'
import { examBankSchema, rightIdOf, type ExamBank, type Question } from '../app/domain/exam/bank.ts'
import { drawQuestions, random, seedFrom } from '../app/domain/exam/draw.ts'
import { scoreAttempt, scoreQuestion, type Answer } from '../app/domain/exam/scoring.ts'
import { db } from '../app/server/platform/db.server.ts'
import { hashPassword } from '../app/server/accounts/password.server.ts'
import { electionDate, kzInstant } from '../app/domain/assignments.ts'
import { demoObserverHome, demoShifts, demoStations } from './data/demo-stations.ts'
import fs from 'node:fs'
import { parse } from 'yaml'
import { demoAccounts, demoNgos, DEMO_CERTIFICATE_CODE, DEMO_PASSWORD } from './data/demo.ts'
import { regions } from './data/regions.ts'
import { recruitSearchText } from '../app/domain/recruits.ts'
import { syntheticRecruit } from './data/synthetic-recruits.ts'

const DAY = 24 * 60 * 60 * 1000

function utcDate(daysFromNow: number): Date {
  const d = new Date(Date.now() + daysFromNow * DAY)
  return new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate()))
}

export async function seedRegions() {
  for (const [index, region] of regions.entries()) {
    const { code, pollingStations, ...names } = region
    await db.region.upsert({ where: { code }, create: { code, ...names, sortOrder: index, pollingStations }, update: { ...names, sortOrder: index } })
    // An admin's count (/admin/regions) stays; only a region still without one gets the estimate.
    await db.region.updateMany({ where: { code, pollingStations: 0 }, data: { pollingStations } })
  }
}

export async function seedDemo(): Promise<boolean> {
  if ((await db.user.count()) > 0) return false
  const passwordHash = await hashPassword(DEMO_PASSWORD)
  const users = new Map<string, string>()
  for (const account of demoAccounts) {
    const user = await db.user.create({ data: { email: account.email, name: account.name, isAdmin: account.isAdmin, passwordHash, locale: 'ru', emailConfirmedAt: new Date() } })
    users.set(account.email, user.id)
  }
  const ngos = new Map<string, string>()
  for (const ngo of demoNgos) {
    const created = await db.ngo.create({
      data: {
        slug: ngo.slug,
        name: ngo.name,
        description: ngo.description,
        contactEmail: `info@${ngo.slug}.example.org`,
        accreditationBody: ngo.accreditationBody,
        accreditationIssuer: ngo.accreditationIssuer,
        accreditationNumber: ngo.accreditationBody ? `DEMO-${ngo.slug.toUpperCase()}` : null,
        accreditedFrom: ngo.accreditationBody ? utcDate(-60) : null,
        accreditedUntil: ngo.accreditationBody ? utcDate(305) : null,
        regions: { create: ngo.regions.map((regionCode) => ({ regionCode })) },
      },
    })
    ngos.set(ngo.slug, created.id)
  }
  const membership = (email: string, slug: string, role: 'LEAD' | 'TRAINER') => ({ userId: users.get(email) ?? '', ngoId: ngos.get(slug) ?? '', role })
  await db.membership.createMany({
    data: [
      membership('lead@example.org', 'dala-watch', 'LEAD'),
      membership('trainer@example.org', 'dala-watch', 'TRAINER'),
      membership('lead2@example.org', 'tulpar-youth', 'LEAD'),
    ],
  })
  await db.campaign.create({
    data: {
      slug: 'kurultai-demo',
      nameRu: 'Выборы депутатов Курултая (демо)',
      nameKk: 'Құрылтай депутаттарын сайлау (демо)',
      nameEn: 'Election of Kurultai deputies (demo)',
      kind: 'PARLIAMENTARY',
      electionDay: utcDate(120),
      applicationDeadline: utcDate(90),
      minimumAge: 18,
      declarations: JSON.stringify(['notCommissionMember', 'notCandidate', 'actsImpartially']),
      courses: { create: [{ courseSlug: 'observer-basics' }] },
    },
  })
  await seedLearning(users.get('volunteer@example.org') ?? '', users.get('aruzhan@example.org') ?? '')
  await seedRecruits(ngos.get('dala-watch') ?? '', users.get('lead@example.org') ?? '', users.get('volunteer@example.org') ?? '', users.get('aruzhan@example.org') ?? '')
  await seedLiveSessions(ngos.get('dala-watch') ?? '', users.get('trainer@example.org') ?? '', users.get('lead@example.org') ?? '', [users.get('volunteer@example.org') ?? '', users.get('aruzhan@example.org') ?? ''])
  await seedElectionDay(ngos.get('dala-watch') ?? '', users.get('lead@example.org') ?? '', users.get('aruzhan@example.org') ?? '')
  await db.auditEvent.create({ data: { action: 'seed.demo', details: JSON.stringify({ accounts: demoAccounts.length, ngos: demoNgos.length }) } })
  return true
}

let demoBank: ExamBank | undefined
function basicsBank(): ExamBank {
  demoBank ??= examBankSchema.parse(parse(fs.readFileSync('content/courses/observer-basics/exam/basics-final.yaml', 'utf8')))
  return demoBank
}

/** The right answer to a question, as the exam stores it. */
function rightAnswer(q: Question): Answer {
  switch (q.type) {
    case 'single':
      return { type: 'single', optionId: q.options.find((o) => o.correct)?.id ?? '' }
    case 'multiple':
      return { type: 'multiple', optionIds: q.options.filter((o) => o.correct).map((o) => o.id) }
    case 'truefalse':
      return { type: 'truefalse', value: q.answer }
    case 'ordering':
      return { type: 'ordering', itemIds: q.items.map((i) => i.id) }
    case 'matching':
      return { type: 'matching', pairs: Object.fromEntries(q.pairs.map((p) => [p.id, rightIdOf(p)])) }
    case 'short':
      return { type: 'short', text: q.accepted.ru[0] ?? '' }
  }
}

/** A plausible mistake: a wrong option, one right option missed plus a wrong one, two items swapped… */
function wrongAnswer(q: Question, next: () => number): Answer {
  const pick = <T>(list: readonly T[]): T => list[Math.floor(next() * list.length)] as T
  switch (q.type) {
    case 'single':
      return { type: 'single', optionId: pick(q.options.filter((o) => !o.correct)).id }
    case 'multiple': {
      const right = q.options.filter((o) => o.correct).map((o) => o.id)
      return { type: 'multiple', optionIds: [...right.slice(1), pick(q.options.filter((o) => !o.correct)).id] }
    }
    case 'truefalse':
      return { type: 'truefalse', value: !q.answer }
    case 'ordering': {
      const ids = q.items.map((i) => i.id)
      return { type: 'ordering', itemIds: [ids[1] ?? '', ids[0] ?? '', ...ids.slice(2)] }
    }
    case 'matching': {
      const rights = q.pairs.map((p) => rightIdOf(p))
      return { type: 'matching', pairs: Object.fromEntries(q.pairs.map((p, i) => [p.id, rights[i < 2 ? 1 - i : i] ?? ''])) }
    }
    case 'short':
      return { type: 'short', text: 'не знаю' }
  }
}

/**
 * A graded attempt at the basics exam with real answers and credits, so item statistics have figures
 * on a fresh demo: the questions drawn as the exam draws them, each answered right with the learner's
 * `skill` (some questions harder than others), drawn again until the result is the one wanted.
 */
async function seedGradedAttempt(userId: string, seed: string, locale: 'ru' | 'kk', submittedAt: Date, skill: number, wantPassed: boolean) {
  const bank = basicsBank()
  for (let round = 0; ; round++) {
    const attemptSeed = round ? `${seed}-${round}` : seed
    const next = random(seedFrom(attemptSeed))
    const questions = drawQuestions(bank, attemptSeed).map((id) => bank.questions.find((q) => q.id === id) as Question)
    // Harder topics for the demo: counting and fraud are missed more often, and so the statistics differ.
    const answers = new Map(questions.map((q) => [q.id, next() < skill - (q.topic === 'counting' || q.topic === 'fraud' ? 0.25 : 0) ? rightAnswer(q) : wrongAnswer(q, next)]))
    const score = scoreAttempt(questions, answers, bank.rules)
    if (score.passed !== wantPassed && round < 50) continue
    const startedAt = new Date(submittedAt.getTime() - 25 * 60_000)
    return db.examAttempt.create({
      data: {
        userId, courseSlug: 'observer-basics', examId: bank.id, contentVersion: 'seed', seed: attemptSeed, questionIds: JSON.stringify(questions.map((q) => q.id)), locale, status: 'SUBMITTED',
        startedAt, deadline: new Date(startedAt.getTime() + bank.rules.timeLimitMinutes * 60_000), submittedAt, points: score.points, maxPoints: score.max, percent: score.percent, passed: score.passed,
        answers: { create: questions.map((q) => ({ questionId: q.id, answer: JSON.stringify(answers.get(q.id)), savedAt: new Date(startedAt.getTime() + 60_000), credit: scoreQuestion(q, answers.get(q.id), bank.rules.multipleChoiceScoring).score })) },
      },
    })
  }
}

/**
 * Something to show on the learning screens: the demo volunteer has finished two lessons, and a
 * second volunteer passed the final exam and holds a certificate (printed by the run command).
 */
async function seedLearning(volunteerId: string, graduateId: string) {
  const course = 'observer-basics'
  const courseFile = parse(fs.readFileSync(`content/courses/${course}/course.yaml`, 'utf8')) as { title: Record<string, string>; lessons: string[] }
  await db.courseEnrollment.createMany({ data: [{ userId: volunteerId, courseSlug: course }, { userId: graduateId, courseSlug: course }] })
  const done = (userId: string, lessons: string[]) =>
    db.lessonProgress.createMany({ data: lessons.map((lessonSlug) => ({ userId, courseSlug: course, lessonSlug, contentVersion: 'seed', completedAt: new Date(), completedBy: 'learner' })) })
  await done(volunteerId, courseFile.lessons.slice(0, 2))
  await done(graduateId, courseFile.lessons)
  const started = new Date(Date.now() - 3 * DAY)
  const attempt = await seedGradedAttempt(graduateId, 'seed', 'kk', new Date(started.getTime() + 22 * 60_000), 0.95, true)
  const campaign = await db.campaign.findFirst({ where: { slug: 'kurultai-demo' }, select: { id: true } })
  await db.certificate.create({
    data: {
      code: DEMO_CERTIFICATE_CODE, userId: graduateId, holderName: 'Аружан Серікқызы', courseSlug: course, courseVersion: 'seed', courseTitle: JSON.stringify(courseFile.title),
      attemptId: attempt.id, percent: attempt.percent ?? 0, campaignId: campaign?.id ?? null, issuedAt: attempt.submittedAt ?? started, expiresAt: new Date(started.getTime() + 365 * DAY),
    },
  })
}

/**
 * Something for the lead's workspace: the two demo volunteers' applications (one in training, one
 * certified) and sixty fictional recruits of Dala Watch spread over the pipeline, a few of them stuck.
 */
async function seedRecruits(ngoId: string, leadId: string, volunteerId: string, graduateId: string) {
  const campaign = await db.campaign.findFirstOrThrow({ where: { slug: 'kurultai-demo' }, select: { id: true } })
  const { lessons, title: courseTitle } = parse(fs.readFileSync('content/courses/observer-basics/course.yaml', 'utf8')) as { lessons: string[]; title: Record<string, string> }
  const plan: Array<{ state: 'submitted' | 'screening' | 'accepted' | 'in_training' | 'certified' | 'rejected' | 'withdrawn'; count: number }> = [
    { state: 'submitted', count: 16 },
    { state: 'screening', count: 10 },
    { state: 'accepted', count: 12 },
    { state: 'in_training', count: 14 },
    { state: 'certified', count: 8 },
    { state: 'rejected', count: 4 },
    { state: 'withdrawn', count: 2 },
  ]
  let index = 0
  for (const { state, count } of plan) {
    for (let i = 0; i < count; i++, index++) {
      // Certified recruits live where the demo has polling stations (demoObserverHome).
      const person = { ...syntheticRecruit(index), ...(state === 'certified' ? demoObserverHome(i) : {}) }
      const createdAt = new Date(Date.now() - (30 - (index % 25)) * DAY)
      // Some accepted recruits have waited ten days without opening a lesson: the "stuck" view shows them.
      const stateChangedAt = state === 'accepted' && i < 4 ? new Date(Date.now() - 10 * DAY) : new Date(createdAt.getTime() + DAY)
      const user = await db.user.create({ data: { email: person.email, name: person.fullName, passwordHash: '', locale: 'ru' } })
      const percent = state === 'in_training' ? (i * 7) % 100 : state === 'certified' ? 100 : 0
      // Lesson progress that matches the percentage, so the recruit page tells the same story as the list.
      const lessonsDone = Math.floor((percent * lessons.length) / 100)
      if (state === 'in_training' || state === 'certified') {
        await db.courseEnrollment.create({ data: { userId: user.id, courseSlug: 'observer-basics', source: 'campaign', campaignId: campaign.id } })
        await db.lessonProgress.createMany({ data: lessons.slice(0, Math.max(1, lessonsDone)).map((lessonSlug, n) => ({ userId: user.id, courseSlug: 'observer-basics', lessonSlug, contentVersion: 'seed', completedAt: n < lessonsDone ? new Date() : null, completedBy: n < lessonsDone ? 'learner' : null })) })
      }
      await db.application.create({
        data: {
          ...person, campaignId: campaign.id, ngoId, userId: user.id, state, createdAt, stateChangedAt, consentVersion: '2026-11-v1', consentedAt: createdAt,
          trainingPercent: percent,
          events: { create: [{ toState: 'submitted', actorId: user.id, actorRole: 'volunteer', at: createdAt }, ...(state === 'submitted' ? [] : [{ fromState: 'submitted' as const, toState: state, actorId: leadId, actorRole: 'lead', reason: state === 'rejected' ? 'Член участковой комиссии' : null, at: stateChangedAt }])] },
        },
      })
      // Certified recruits hold a passed attempt and a certificate, so the NGO's roster has people on it.
      if (state === 'certified') {
        const submittedAt = new Date(Date.now() - 5 * DAY)
        // Every other one failed a first attempt a week earlier: the statistics then see weaker answers too.
        if (i % 2 === 0) await seedGradedAttempt(user.id, `seed-${index}-first`, 'ru', new Date(submittedAt.getTime() - 7 * DAY), 0.6, false)
        const attempt = await seedGradedAttempt(user.id, `seed-${index}`, 'ru', submittedAt, 0.8 + (i % 4) * 0.05, true)
        const letter = (n: number) => CODE_ALPHABET[n % CODE_ALPHABET.length]
        await db.certificate.create({
          data: {
            code: `DEMR${letter(index)}-${letter(index * 7)}${letter(index * 11)}${letter(index * 13)}${letter(index * 17)}${letter(index * 19)}`, userId: user.id, holderName: person.fullName, courseSlug: 'observer-basics', courseVersion: 'seed',
            courseTitle: JSON.stringify(courseTitle), attemptId: attempt.id, percent: attempt.percent ?? 0, campaignId: campaign.id, ngoId, issuedAt: submittedAt, expiresAt: new Date(submittedAt.getTime() + 365 * DAY),
          },
        })
      }
    }
  }
  const own = async (userId: string, state: 'in_training' | 'certified', percent: number, seedIndex: number) => {
    const user = await db.user.findUniqueOrThrow({ where: { id: userId }, select: { email: true, name: true } })
    const synthetic = syntheticRecruit(seedIndex)
    // The account's own name, and the search text made of it (not of the synthetic person's name).
    const person = { ...synthetic, email: user.email, fullName: user.name, searchText: recruitSearchText({ fullName: user.name, phone: synthetic.phone, iin: synthetic.iin }) }
    const at = new Date(Date.now() - 20 * DAY)
    await db.application.create({
      data: {
        ...person, campaignId: campaign.id, ngoId, userId, state, createdAt: at, stateChangedAt: at, consentVersion: '2026-11-v1', consentedAt: at, trainingPercent: percent,
        events: { create: [{ toState: 'submitted', actorId: userId, actorRole: 'volunteer', at }, { fromState: 'submitted', toState: 'accepted', actorId: leadId, actorRole: 'lead', at: new Date(at.getTime() + DAY) }, { fromState: 'accepted', toState: state, actorRole: 'system', at: new Date(at.getTime() + 2 * DAY) }] },
      },
    })
  }
  await own(volunteerId, 'in_training', 28, 900)
  await own(graduateId, 'certified', 100, 901)
  await db.certificate.updateMany({ where: { userId: graduateId }, data: { ngoId } })
}

/** Kazakhstan time (UTC+5) on a day from now, as the instant it names. */
function kazakhstanTime(daysFromNow: number, hour: number): Date {
  const day = utcDate(daysFromNow)
  return new Date(day.getTime() + (hour - 5) * 3_600_000)
}

/**
 * Live sessions for the demo: a coalition-wide Zoom class and Dala Watch's offline meeting ahead,
 * with some recruits registered, and a past class with attendance so the figures have something to show.
 */
async function seedLiveSessions(ngoId: string, trainerId: string, leadId: string, volunteers: string[]) {
  const campaign = await db.campaign.findFirstOrThrow({ where: { slug: 'kurultai-demo' }, select: { id: true } })
  const recruits = (await db.application.findMany({ where: { ngoId, campaignId: campaign.id, state: { in: ['in_training', 'certified'] } }, orderBy: { createdAt: 'asc' }, take: 12, select: { userId: true } })).map((a) => a.userId)
  const session = (data: { ngoId: string | null; format: 'ONLINE' | 'OFFLINE'; titles: [string, string, string]; descriptions: [string, string, string]; startsAt: Date; hours: number; meetingUrl?: string; address?: string; room?: string; capacity?: number; createdById: string }) =>
    db.liveSession.create({
      data: {
        ngoId: data.ngoId, format: data.format, titleRu: data.titles[0], titleKk: data.titles[1], titleEn: data.titles[2],
        descriptionRu: data.descriptions[0], descriptionKk: data.descriptions[1], descriptionEn: data.descriptions[2],
        startsAt: data.startsAt, endsAt: new Date(data.startsAt.getTime() + data.hours * 3_600_000), meetingUrl: data.meetingUrl ?? null,
        address: data.address ?? null, room: data.room ?? null, capacity: data.capacity ?? null, createdById: data.createdById,
        campaigns: { create: [{ campaignId: campaign.id }] }, courses: { create: [{ courseSlug: 'observer-basics' }] }, trainers: { create: [{ userId: trainerId }] },
      },
    })
  const online = await session({
    ngoId: null, format: 'ONLINE', createdById: trainerId, startsAt: kazakhstanTime(3, 19), hours: 1.5, meetingUrl: 'https://zoom.us/j/0000000000?pwd=demo',
    titles: ['Права и обязанности наблюдателя', 'Бақылаушының құқықтары мен міндеттері', 'An observer’s rights and duties'],
    descriptions: ['Разбираем права наблюдателя на участке и то, чего делать нельзя. Вопросы — в чате.', 'Учаскедегі бақылаушының құқықтарын және не істеуге болмайтынын талдаймыз. Сұрақтар — чатта.', 'What an observer may do at the polling station, and what not. Questions in the chat.'],
  })
  const offline = await session({
    ngoId, format: 'OFFLINE', createdById: leadId, startsAt: kazakhstanTime(6, 11), hours: 2, address: 'Алматы, пр. Абая, 10', room: '305', capacity: 20,
    titles: ['Подсчёт голосов: практикум', 'Дауыстарды санау: практикум', 'Counting the votes: a workshop'],
    descriptions: ['Учимся следить за подсчётом на настоящих (пустых) бланках протоколов.', 'Хаттамалардың нағыз (бос) бланкілерінде санауды бақылауды үйренеміз.', 'Practising how to watch the count on real (blank) protocol forms.'],
  })
  const past = await session({
    ngoId: null, format: 'ONLINE', createdById: trainerId, startsAt: kazakhstanTime(-7, 19), hours: 1.5, meetingUrl: 'https://zoom.us/j/0000000001?pwd=demo',
    titles: ['Знакомство со школой наблюдателя', 'Бақылаушы мектебімен танысу', 'Welcome to the observer school'],
    descriptions: ['', '', ''],
  })
  const people = [...volunteers, ...recruits]
  await db.liveSessionRegistration.createMany({ data: people.slice(0, 9).map((userId, i) => ({ sessionId: online.id, userId, registeredAt: new Date(Date.now() - (10 - i) * 3_600_000) })) })
  await db.liveSessionRegistration.createMany({ data: people.slice(0, 6).map((userId, i) => ({ sessionId: offline.id, userId, registeredAt: new Date(Date.now() - (8 - i) * 3_600_000) })) })
  await db.liveSessionRegistration.createMany({
    data: people.slice(1, 11).map((userId, i) => ({
      sessionId: past.id, userId, registeredAt: new Date(past.startsAt.getTime() - 2 * DAY),
      ...(i % 3 === 2 ? {} : { attendedAt: new Date(past.startsAt.getTime() + 5 * 60_000), attendanceSource: i % 4 === 0 ? 'manual' : 'code', attendanceMarkedById: i % 4 === 0 ? trainerId : null }),
    })),
  })
}

export async function seed() {
  await seedRegions()
  return seedDemo()
}

if (import.meta.url === `file://${process.argv[1]}`) {
  if (process.argv.includes('--regions-only')) {
    await seedRegions()
    console.log('Regions up to date.')
  } else {
    const added = await seed()
    console.log(added ? 'Seeded regions and demo data.' : 'Regions up to date; database already has data, demo data not added.')
  }
  await db.$disconnect()
}

/**
 * Election day of the demo campaign: its stations and shifts, and the demo lead's certified
 * observers assigned to stations of their regions for the opening shift (some confirmed, one declined);
 * Aruzhan's assignment waits for her answer on "My assignment".
 */
async function seedElectionDay(ngoId: string, leadId: string, graduateId: string) {
  const campaign = await db.campaign.findFirstOrThrow({ where: { slug: 'kurultai-demo' }, select: { id: true, electionDay: true } })
  await db.pollingStation.createMany({ data: demoStations().map((s) => ({ ...s, campaignId: campaign.id })) })
  const day = electionDate(campaign.electionDay)
  const nextDay = electionDate(new Date(campaign.electionDay.getTime() + DAY))
  const shifts = []
  for (const [n, s] of demoShifts.entries()) {
    shifts.push(await db.campaignShift.create({ data: { campaignId: campaign.id, nameRu: s.nameRu, nameKk: s.nameKk, nameEn: s.nameEn, startsAt: kzInstant(day, s.start) as Date, endsAt: kzInstant(s.endNextDay ? nextDay : day, s.end) as Date, sortOrder: n + 1 } }))
  }
  const opening = shifts[0]
  if (!opening) return
  const allStations = await db.pollingStation.findMany({ where: { campaignId: campaign.id }, select: { id: true, number: true, regionCode: true } })
  allStations.sort((a, b) => Number(a.number) - Number(b.number))
  const certified = await db.application.findMany({ where: { campaignId: campaign.id, ngoId, state: 'certified' }, orderBy: { createdAt: 'asc' }, select: { id: true, userId: true, regionCode: true } })
  const answers = ['confirmed', 'confirmed', 'assigned', 'declined', 'confirmed'] as const
  let placed = 0
  for (const application of certified) {
    // A station of their own region (Almaty's for anyone from a region without a list, as Aruzhan).
    const home = allStations.filter((s) => s.regionCode === application.regionCode)
    const stations = home.length ? home : allStations.filter((s) => s.regionCode === 'KZ-75')
    const station = stations[(placed * 7) % stations.length]
    if (!station) break
    const own = application.userId === graduateId
    const status = own ? 'assigned' : (answers[placed % answers.length] ?? 'assigned')
    await db.assignment.create({
      data: {
        campaignId: campaign.id, ngoId, applicationId: application.id, stationId: station.id, shiftId: opening.id, status, assignedById: leadId,
        declineReason: status === 'declined' ? 'Буду в командировке в Астане' : null, respondedAt: status === 'assigned' ? null : new Date(),
      },
    })
    placed++
  }
}
