/**
 * Who may reach each route module, per loader and action, for the six actors of route-world.ts.
 * tests/integration/route-matrix.test.ts fails when a route module of the build is missing here (a
 * new route is covered by default) or listed here but gone, and checks every cell over HTTP;
 * tests/integration/hostile-input.test.ts sends junk to every action as an actor allowed to post.
 */
import type { ActorName, World } from './route-world.ts'

/**
 * ok: anything but a refusal or a server error (2xx, 3xx to a non-login place, or a 4xx about the input);
 * login: 302 to /login?redirectTo=<this address>; forbidden: 403; notFound: 404 (something outside
 * the actor's scope is answered like something that does not exist); unauthorized: 401 (API tokens).
 */
export type Outcome = 'ok' | 'login' | 'forbidden' | 'notFound' | 'unauthorized'
export type Expectation = Record<ActorName, Outcome>

export interface Case {
  /** The address, from the world's fixture ids. */
  path: (ids: World['ids']) => string
  expect: Expectation
  /** The body the matrix posts (default: an empty form). Harmless: it changes nothing later cells need. */
  body?: (ids: World['ids']) => Record<string, string>
  /** A short reason for a case beyond the route's main one. */
  note?: string
}

export interface RouteEntry {
  loader?: Case[]
  action?: Case[]
}

const all = (outcome: Outcome): Expectation => ({ anonymous: outcome, volunteer: outcome, trainer: outcome, leadA: outcome, leadB: outcome, admin: outcome })
const PUBLIC = all('ok')
const SIGNED_IN: Expectation = { ...all('ok'), anonymous: 'login' }
const ADMIN: Expectation = { ...all('forbidden'), anonymous: 'login', admin: 'ok' }
const TRAINER: Expectation = { ...ADMIN, trainer: 'ok' }
const LEAD_A: Expectation = { ...ADMIN, leadA: 'ok' }
/** NGO B's record under NGO A's address: out of scope for A's lead and for admins alike. */
const FOREIGN_UNDER_A: Expectation = { ...ADMIN, leadA: 'notFound', admin: 'notFound' }
/** The volunteer's own record: nobody else's, and answered as unknown to them. */
const OWNER_ONLY: Expectation = { ...all('notFound'), anonymous: 'login', volunteer: 'ok' }
/** The volunteer's certificate: the holder and admins may see it. */
/** The coverage board: the coalition for admins, their own NGO for leads. */
const BOARD: Expectation = { ...all('forbidden'), anonymous: 'login', leadA: 'ok', leadB: 'ok', admin: 'ok' }
const HOLDER_OR_ADMIN: Expectation = { ...all('forbidden'), anonymous: 'login', volunteer: 'ok', admin: 'ok' }

/** A live session's page: those eligible or holding a seat (the volunteer), those who run it (trainers for a coalition-wide one), admins. */
const SESSION_PAGE: Expectation = { ...all('notFound'), anonymous: 'login', volunteer: 'ok', trainer: 'ok', admin: 'ok' }

const A = '/ngo/ngo-a'
const CAMPAIGN = `${A}/campaigns/camp`

const one = (path: Case['path'], expect: Expectation, extra: Partial<Case> = {}): Case[] => [{ path, expect, ...extra }]
const page = (path: string, expect: Expectation): RouteEntry => ({ loader: one(() => path, expect) })
const form = (path: string, expect: Expectation, actionExpect: Expectation = expect): RouteEntry => ({ loader: one(() => path, expect), action: one(() => path, actionExpect) })

export const routeTable: Record<string, RouteEntry> = {
  root: page('/', PUBLIC),
  'routes/$': page('/no-such-page', all('notFound')),
  'routes/_index': page('/', PUBLIC),
  'routes/healthz': page('/healthz', PUBLIC),

  // Accounts
  'routes/login': form('/login', PUBLIC),
  // The logout action runs last in the matrix (it ends the actor's session).
  'routes/logout': form('/logout', PUBLIC),
  'routes/signup': form('/signup', PUBLIC), // signed-in visitors are sent to /account
  'routes/forgot-password': { action: one(() => '/forgot-password', PUBLIC) },
  'routes/reset-password': form('/reset-password', PUBLIC),
  'routes/account': form('/account', SIGNED_IN),
  // The address's confirmation (a post without the emailed link's token: 400, nothing changed).
  'routes/confirm-email': form('/confirm-email', SIGNED_IN),
  'routes/account.data[.json]': page('/account/data.json', SIGNED_IN),

  // Election day: the observer's check-in, the coverage board (admins: the coalition; leads: their NGO)
  'routes/checkin': form('/checkin', SIGNED_IN),
  'routes/checkin.taps': { action: one(() => '/checkin/taps', SIGNED_IN) },
  'routes/coverage': page('/coverage', BOARD),
  'routes/coverage.data': page('/coverage/data', BOARD),
  'routes/inbox': form('/inbox', SIGNED_IN),

  // Learning, exams, certificates
  'routes/courses._index': page('/courses', PUBLIC),
  'routes/courses.$course._index': page('/courses/basics', PUBLIC),
  'routes/courses.$course.$lesson': form('/courses/basics/01-first', SIGNED_IN),
  'routes/courses.$course.$lesson_.body.$locale.$hash': { loader: one((ids) => ids.lessonBody, SIGNED_IN) },
  'routes/courses.$course.exam._index': form('/courses/basics/exam', SIGNED_IN),
  'routes/courses.$course.exam.$attempt': {
    loader: one((ids) => `/courses/basics/exam/${ids.attempt}`, OWNER_ONLY),
    action: one((ids) => `/courses/basics/exam/${ids.attempt}`, OWNER_ONLY, { body: () => ({ intent: 'save', questionId: 'no-such-question' }) }),
  },
  'routes/certificates._index': page('/certificates', SIGNED_IN),
  'routes/certificates.$code._index': {
    loader: one((ids) => `/certificates/${ids.certificate}`, HOLDER_OR_ADMIN),
    action: one((ids) => `/certificates/${ids.certificate}`, { ...HOLDER_OR_ADMIN, volunteer: 'forbidden' }),
  },
  'routes/certificates.$code.pdf': { loader: one((ids) => `/certificates/${ids.certificate}/pdf`, HOLDER_OR_ADMIN) },
  'routes/verify._index': { action: one(() => '/verify', PUBLIC) },
  'routes/verify.$code': { loader: one((ids) => `/verify/${ids.certificate}`, PUBLIC) },
  'routes/verify.$code_.status[.json]': { loader: one((ids) => `/verify/${ids.certificate}/status.json`, PUBLIC) },

  // Papers that verify themselves
  'routes/v': page('/v', PUBLIC),
  'routes/[.well-known].observer-school-keys[.json]': page('/.well-known/observer-school-keys.json', PUBLIC),
  'routes/attempts._index': page('/attempts', TRAINER),
  'routes/attempts.$attemptId': {
    loader: one((ids) => `/attempts/${ids.attempt}`, TRAINER),
    action: [
      { path: (ids) => `/attempts/${ids.attempt}`, expect: TRAINER },
      { path: (ids) => `/attempts/${ids.attempt}`, expect: { ...TRAINER, trainer: 'forbidden' }, body: () => ({ intent: 'extra-time' }), note: 'extra time is for admins only' },
    ],
  },

  // Recruitment
  'routes/apply._index': page('/apply', PUBLIC),
  'routes/apply.$campaign': form('/apply/camp', SIGNED_IN),
  'routes/applications._index': form('/applications', SIGNED_IN),
  'routes/assignment': form('/assignment', SIGNED_IN),

  // The NGO lead's workspace
  'routes/ngo.$ngo': page(A, LEAD_A),
  'routes/ngo.$ngo._index': page(A, LEAD_A),
  'routes/ngo.$ngo.election-day': form(`${A}/election-day`, LEAD_A),
  'routes/ngo.$ngo.letters.$assignmentId': {
    loader: [
      { path: (ids) => `${A}/letters/${ids.assignmentA}?language=kk`, expect: LEAD_A },
      { path: (ids) => `${A}/letters/${ids.assignmentB}`, expect: FOREIGN_UNDER_A, note: "NGO B's observer's letter under NGO A's address" },
    ],
  },
  'routes/ngo.$ngo.letters.region.$region': page(`${A}/letters/region/KZ-75?campaign=camp`, LEAD_A),
  'routes/ngo.$ngo.dashboard': page(`${A}/dashboard`, LEAD_A),
  'routes/ngo.$ngo.api-tokens': form(`${A}/api-tokens`, LEAD_A),
  'routes/ngo.$ngo.campaigns.$campaign._index': form(CAMPAIGN, LEAD_A),
  'routes/ngo.$ngo.campaigns.$campaign.new': form(`${CAMPAIGN}/new`, LEAD_A),
  'routes/ngo.$ngo.campaigns.$campaign.stuck': page(`${CAMPAIGN}/stuck`, LEAD_A),
  'routes/ngo.$ngo.campaigns.$campaign.import._index': form(`${CAMPAIGN}/import`, LEAD_A),
  'routes/ngo.$ngo.campaigns.$campaign.import.template[.csv]': page(`${CAMPAIGN}/import/template.csv`, LEAD_A),
  'routes/ngo.$ngo.campaigns.$campaign.import.$importId': {
    loader: one((ids) => `${CAMPAIGN}/import/${ids.importA}`, LEAD_A),
    action: one((ids) => `${CAMPAIGN}/import/${ids.importA}`, LEAD_A),
  },
  'routes/ngo.$ngo.campaigns.$campaign.assignments._index': form(`${CAMPAIGN}/assignments`, LEAD_A),
  'routes/ngo.$ngo.campaigns.$campaign.assignments.new': form(`${CAMPAIGN}/assignments/new`, LEAD_A),
  'routes/ngo.$ngo.campaigns.$campaign.assignments.suggest': form(`${CAMPAIGN}/assignments/suggest`, LEAD_A),
  'routes/ngo.$ngo.recruits.$applicationId': {
    loader: [
      { path: (ids) => `${A}/recruits/${ids.applicationA}`, expect: LEAD_A },
      { path: (ids) => `${A}/recruits/${ids.applicationB}`, expect: FOREIGN_UNDER_A, note: "NGO B's recruit under NGO A's address" },
    ],
    action: [
      { path: (ids) => `${A}/recruits/${ids.applicationA}`, expect: LEAD_A, body: () => ({ intent: 'note', body: 'Проверка доступа' }) },
      { path: (ids) => `${A}/recruits/${ids.applicationB}`, expect: FOREIGN_UNDER_A, body: () => ({ intent: 'note', body: 'Проверка доступа' }), note: "NGO B's recruit under NGO A's address" },
    ],
  },
  'routes/ngo.$ngo.rosters._index': page(`${A}/rosters`, LEAD_A),
  'routes/ngo.$ngo.rosters.export': page(`${A}/rosters/export?campaign=camp&format=csv`, LEAD_A),
  'routes/ngo.$ngo.rosters.templates._index': page(`${A}/rosters/templates`, LEAD_A),
  'routes/ngo.$ngo.rosters.templates.new': form(`${A}/rosters/templates/new`, LEAD_A),
  'routes/ngo.$ngo.rosters.templates.$templateId': {
    loader: [
      { path: (ids) => `${A}/rosters/templates/${ids.templateA}`, expect: LEAD_A },
      { path: (ids) => `/ngo/ngo-b/rosters/templates/${ids.templateA}`, expect: { ...ADMIN, leadB: 'notFound', admin: 'notFound' }, note: "NGO A's template under NGO B's address" },
    ],
    action: one((ids) => `${A}/rosters/templates/${ids.templateA}`, LEAD_A),
  },
  'routes/api.v1.rosters.$campaign': page('/api/v1/rosters/camp', all('unauthorized')),

  // Trainers
  'routes/studio': page('/studio', TRAINER),
  'routes/studio._index': page('/studio', TRAINER),
  'routes/studio.$course._index': form('/studio/basics', TRAINER),
  'routes/studio.$course.download': page('/studio/basics/download', TRAINER),
  'routes/studio.$course.lessons.$lesson.$locale': form('/studio/basics/lessons/01-first/ru', TRAINER),
  'routes/studio.$course.questions._index': page('/studio/basics/questions', TRAINER),
  'routes/studio.$course.questions.$question': form('/studio/basics/questions/q-one', TRAINER),
  'routes/studio.$course.stats': page('/studio/basics/stats', TRAINER),
  'routes/studio_.sessions_.$sessionId_.report._index': {
    loader: one((ids) => `/studio/sessions/${ids.sessionA}/report`, LEAD_A),
    action: one((ids) => `/studio/sessions/${ids.sessionA}/report`, LEAD_A),
  },
  'routes/studio_.sessions_.$sessionId_.report.$reportId': {
    loader: one((ids) => `/studio/sessions/${ids.sessionA}/report/${ids.attendanceReportA}`, LEAD_A),
    action: one((ids) => `/studio/sessions/${ids.sessionA}/report/${ids.attendanceReportA}`, LEAD_A),
  },
  'routes/studio.$course.versions': form('/studio/basics/versions', TRAINER),

  // Live sessions: the volunteer's side (the volunteer applied to NGO A and holds a seat at the coalition-wide session)
  'routes/sessions._index': form('/sessions', SIGNED_IN),
  'routes/sessions.$sessionId._index': {
    loader: [
      { path: (ids) => `/sessions/${ids.sessionCoalition}`, expect: SESSION_PAGE },
      { path: (ids) => `/sessions/${ids.sessionB}`, expect: { ...all('notFound'), anonymous: 'login', leadB: 'ok', admin: 'ok' }, note: "NGO B's own session: its lead's, not NGO A's recruit's or trainer's" },
    ],
    action: one((ids) => `/sessions/${ids.sessionCoalition}`, SIGNED_IN),
  },
  'routes/sessions.$sessionId.calendar[.ics]': { loader: one((ids) => `/sessions/${ids.sessionCoalition}/calendar.ics`, SESSION_PAGE) },
  'routes/calendar.$token': {
    loader: [
      { path: (ids) => `/calendar/${ids.calendarToken}.ics`, expect: PUBLIC, note: 'the secret in the address is the key' },
      { path: () => '/calendar/no-such-token.ics', expect: all('notFound'), note: 'an unknown or replaced token' },
    ],
  },
  'routes/attend': form('/attend', SIGNED_IN),

  // Live sessions: trainers (coalition-wide sessions) and leads (their NGO's own)
  'routes/studio.sessions._index': page('/studio/sessions', TRAINER),
  'routes/studio.sessions.new': form('/studio/sessions/new', TRAINER),
  'routes/studio.sessions.learners': page('/studio/sessions/learners', TRAINER),
  'routes/studio.sessions.$sessionId._index': {
    loader: [
      { path: (ids) => `/studio/sessions/${ids.sessionCoalition}`, expect: TRAINER },
      { path: (ids) => `/studio/sessions/${ids.sessionA}`, expect: ADMIN, note: "NGO A's own session: its lead's, not a trainer's who is not named on it" },
    ],
    action: one((ids) => `/studio/sessions/${ids.sessionCoalition}`, TRAINER),
  },
  'routes/studio.sessions.$sessionId.edit': {
    loader: one((ids) => `/studio/sessions/${ids.sessionCoalition}/edit`, TRAINER),
    action: one((ids) => `/studio/sessions/${ids.sessionCoalition}/edit`, TRAINER),
  },
  'routes/studio.sessions.$sessionId.present': { loader: one((ids) => `/studio/sessions/${ids.sessionCoalition}/present`, TRAINER) },
  'routes/ngo.$ngo.sessions._index': page(`${A}/sessions`, LEAD_A),
  'routes/ngo.$ngo.sessions.new': form(`${A}/sessions/new`, LEAD_A),
  'routes/ngo.$ngo.sessions.learners': page(`${A}/sessions/learners`, LEAD_A),
  'routes/ngo.$ngo.sessions.$sessionId._index': {
    loader: [
      { path: (ids) => `${A}/sessions/${ids.sessionA}`, expect: LEAD_A },
      { path: (ids) => `${A}/sessions/${ids.sessionCoalition}`, expect: LEAD_A, note: 'a coalition-wide session: read-only, the NGO\'s recruits only' },
      { path: (ids) => `${A}/sessions/${ids.sessionB}`, expect: FOREIGN_UNDER_A, note: "NGO B's session under NGO A's address" },
    ],
    action: [
      { path: (ids) => `${A}/sessions/${ids.sessionA}`, expect: LEAD_A },
      { path: (ids) => `${A}/sessions/${ids.sessionB}`, expect: FOREIGN_UNDER_A, note: "NGO B's session under NGO A's address" },
    ],
  },
  'routes/ngo.$ngo.sessions.$sessionId.edit': {
    loader: [
      { path: (ids) => `${A}/sessions/${ids.sessionA}/edit`, expect: LEAD_A },
      { path: (ids) => `${A}/sessions/${ids.sessionCoalition}/edit`, expect: { ...ADMIN, admin: 'forbidden' }, note: 'a coalition-wide session is edited in the studio' },
    ],
    action: one((ids) => `${A}/sessions/${ids.sessionA}/edit`, LEAD_A),
  },
  'routes/ngo.$ngo.sessions.$sessionId.present': { loader: one((ids) => `${A}/sessions/${ids.sessionA}/present`, LEAD_A) },

  // Coalition admins
  'routes/admin': page('/admin', ADMIN),
  'routes/admin._index': page('/admin', ADMIN),
  'routes/admin.audit': page('/admin/audit', ADMIN),
  'routes/admin.dashboard': page('/admin/dashboard', ADMIN),
  'routes/admin.exports': page('/admin/exports', ADMIN),
  'routes/admin.people': form('/admin/people', ADMIN),
  'routes/admin.people_.$userId.anonymise': {
    loader: [
      { path: (ids) => `/admin/people/${ids.person}/anonymise`, expect: ADMIN },
      { path: () => '/admin/people/no-such-person/anonymise', expect: { ...ADMIN, admin: 'notFound' }, note: 'an unknown person' },
    ],
    // The empty form lacks the confirmation: refused with 400, nobody is anonymised.
    action: one((ids) => `/admin/people/${ids.person}/anonymise`, ADMIN),
  },
  'routes/admin.operations': form('/admin/operations', ADMIN),
  'routes/admin.regions': form('/admin/regions', ADMIN),
  'routes/admin.ngos._index': page('/admin/ngos', ADMIN),
  'routes/admin.ngos.new': form('/admin/ngos/new', ADMIN),
  'routes/admin.ngos.$ngoId': {
    loader: one((ids) => `/admin/ngos/${ids.ngoA}`, ADMIN),
    action: one((ids) => `/admin/ngos/${ids.ngoA}`, ADMIN),
  },
  'routes/admin.campaigns._index': page('/admin/campaigns', ADMIN),
  'routes/admin.campaigns.new': form('/admin/campaigns/new', ADMIN),
  'routes/admin.campaigns.$campaignId': {
    loader: one((ids) => `/admin/campaigns/${ids.campaign}`, ADMIN),
    action: one((ids) => `/admin/campaigns/${ids.campaign}`, ADMIN),
  },
  'routes/admin.stations._index': form('/admin/stations?campaign=camp', ADMIN),
  'routes/admin.stations.template[.csv]': page('/admin/stations/template.csv', ADMIN),
  'routes/admin.stations.$campaign.import.$importId': {
    loader: one(() => '/admin/stations/camp/import/no-such-import', { ...ADMIN, admin: 'notFound' }),
    action: one(() => '/admin/stations/camp/import/no-such-import', { ...ADMIN, admin: 'notFound' }),
  },
  'routes/admin.shifts': form('/admin/shifts?campaign=camp', ADMIN),
  'routes/admin.coverage._index': page('/admin/coverage?campaign=camp', ADMIN),
  // The world's campaign has no shifts: the export of a shift it does not have is not found.
  'routes/admin.coverage.export': page('/admin/coverage/export?campaign=camp&shift=none&format=csv', { ...ADMIN, admin: 'notFound' }),
  'routes/admin.rosters._index': page('/admin/rosters', ADMIN),
  'routes/admin.rosters.export': page('/admin/rosters/export?campaign=camp&format=csv', ADMIN),
  'routes/admin.rosters.templates._index': page('/admin/rosters/templates', ADMIN),
  'routes/admin.rosters.templates.new': form('/admin/rosters/templates/new', ADMIN),
  'routes/admin.rosters.templates.$templateId': {
    loader: one((ids) => `/admin/rosters/templates/${ids.templateCoalition}`, ADMIN),
    action: one((ids) => `/admin/rosters/templates/${ids.templateCoalition}`, ADMIN),
  },
}

/** Outcome of one response, in the table's terms. */
export function classify(response: Response, requested: string): Outcome | `other:${number}` {
  const status = response.status
  // A server error hides whether the refusal would have come: never a pass.
  if (status >= 500) return `other:${status}`
  if (status === 401) return 'unauthorized'
  if (status === 403) return 'forbidden'
  if (status === 404) return 'notFound'
  if (status >= 300 && status < 400) {
    const location = response.headers.get('Location') ?? ''
    if (location.startsWith('/login?')) {
      // Remix hands loaders and actions the address without its `?index` marker.
      const expected = requested.replace(/[?&]index$/, '')
      const target = new URLSearchParams(location.slice('/login?'.length)).get('redirectTo')
      return target === expected ? 'login' : `other:${status}`
    }
    return 'ok'
  }
  if (status === 405) return `other:${status}`
  return 'ok'
}

/** The address an action is posted to: index routes take `?index`, as Remix's own forms send. */
export function actionPath(path: string, index: boolean): string {
  return index ? `${path}${path.includes('?') ? '&' : '?'}index` : path
}
