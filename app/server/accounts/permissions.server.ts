/**
 * Every loader and action authorises through these helpers, and only they make a Scope (who acts,
 * over one NGO or the whole coalition) for the server modules. This is the auth boundary, so it
 * reads the Request and throws its refusals as Responses: anonymous visitors are sent to /login (and
 * brought back), others get a translated 403 (or 404) page.
 */
import { redirect } from '@remix-run/node'
import type { Session } from 'lucia'
import { hasNgoRole, isTrainer, workHome, type Actor, type NgoScope, type Scope } from '~/domain/permissions.ts'
import { isLocale } from '~/domain/locale.ts'
import type { NgoRoleValue } from '~/domain/validation/admin.ts'
import { plainRead } from '../platform/db.server.ts'
import { memoised, timed } from '../platform/request-scope.server.ts'
import { findNgoBySlug, type NgoRef } from '../recruitment/ngos.server.ts'
import { findCampaignBySlug } from '../recruitment/recruitment.server.ts'
import { editableCourse } from '../studio/studio.server.ts'
import { authenticateApiToken, type ApiCaller } from './api-tokens.server.ts'
import { lucia, sessionIdFromCookies, type SessionUser } from './session.server.ts'

export interface Auth {
  user: SessionUser | null
  session: Session | null
  /** A Set-Cookie value when the session cookie must be refreshed or cleared. */
  setCookie: string | null
}

/**
 * The auth read for a Request object, kept on it (not in a WeakMap keyed by it: V8 keeps a WeakMap's
 * values alive until a full collection, which moved every request's objects to the old generation;
 * see pageResponse in request-scope.server.ts).
 */
const AUTH = Symbol('auth')
type WithAuth = Request & { [AUTH]?: Promise<Auth> }

async function readAuth(sessionId: string): Promise<Auth> {
  if (!sessionId) return { user: null, session: null, setCookie: null }
  const { user, session } = await lucia.validateSession(sessionId)
  if (!session) return { user: null, session: null, setCookie: lucia.createBlankSessionCookie().serialize() }
  return {
    user: { id: user.id, email: user.email, name: user.name, locale: user.locale, isAdmin: user.isAdmin },
    session,
    setCookie: session.fresh ? lucia.createSessionCookie(session.id).serialize() : null,
  }
}

/**
 * The session and its user, read once per request: every loader of a page (each with its own copy
 * of the Request) shares one read through the request's scope (app/server/platform/request-scope.server.ts),
 * keyed by the session cookie itself.
 */
export function getAuth(request: Request): Promise<Auth> {
  const withAuth = request as WithAuth
  if (!withAuth[AUTH]) {
    // The cookie is read once: it keys the request scope's shared answer and is what that answer reads.
    const sessionId = sessionIdFromCookies(request.headers.get('Cookie') ?? '') ?? ''
    withAuth[AUTH] = memoised(`auth:${sessionId}`, () => timed('session', () => readAuth(sessionId)))
  }
  return withAuth[AUTH]
}

export async function getUser(request: Request): Promise<SessionUser | null> {
  return (await getAuth(request)).user
}

export function forbidden(): never {
  throw new Response('Forbidden', { status: 403, statusText: 'Forbidden' })
}

export function notFound(): never {
  throw new Response('Not Found', { status: 404, statusText: 'Not Found' })
}

export function loginRedirectTarget(request: Request): string {
  const url = new URL(request.url)
  // A link in a language (`/apply/…?lng=kk` in a Kazakh post) opens the login page in it too.
  const lng = url.searchParams.get('lng')
  return `/login?${new URLSearchParams({ redirectTo: `${url.pathname}${url.search}`, ...(lng && isLocale(lng) ? { lng } : {}) })}`
}

export async function requireUser(request: Request): Promise<SessionUser> {
  const user = await getUser(request)
  if (!user) throw redirect(loginRedirectTarget(request))
  return user
}

export async function requireAnonymous(request: Request): Promise<void> {
  if (await getUser(request)) throw redirect('/account')
}

/** The person's roles in NGOs, oldest first, read once per request (as the session is). */
function readMemberships(userId: string): Promise<Array<{ ngoId: string; role: NgoRoleValue; ngo: { slug: string } }>> {
  return memoised(`memberships:${userId}`, () =>
    timed('memberships', async () => {
      // One statement on every page (Prisma's nested select makes two, even for no memberships).
      const rows = await plainRead<{ ngoId: string; role: NgoRoleValue; slug: string }>`
        SELECT m."ngoId", m."role", n."slug" FROM "Membership" m JOIN "Ngo" n ON n."id" = m."ngoId"
        WHERE m."userId" = ${userId} ORDER BY m."createdAt", m."id"`
      return rows.map(({ ngoId, role, slug }) => ({ ngoId, role, ngo: { slug } }))
    }),
  )
}

export async function loadActor(user: SessionUser): Promise<Actor> {
  const memberships = await readMemberships(user.id)
  return { id: user.id, isAdmin: user.isAdmin, memberships: memberships.map(({ ngoId, role }) => ({ ngoId, role })) }
}

/** What the header shows of a person's roles: the (first) NGO they lead, and whether they train. */
export async function headerRoles(user: Pick<SessionUser, 'id'>): Promise<{ ledNgo: string | null; trainer: boolean }> {
  const memberships = await readMemberships(user.id)
  return { ledNgo: memberships.find((m) => m.role === 'LEAD')?.ngo.slug ?? null, trainer: memberships.some((m) => m.role === 'TRAINER') }
}

/** The page a person's work starts on (`workHome`), from the roles the header shows: where a login without its own target goes. */
export async function workHomeOf(user: { id: string; isAdmin: boolean }): Promise<string> {
  return workHome({ isAdmin: user.isAdmin, ...(await headerRoles(user)) })
}

export async function requireAdmin(request: Request): Promise<SessionUser> {
  const user = await requireUser(request)
  if (!user.isAdmin) forbidden()
  return user
}

/** The user must hold one of `roles` in the NGO (coalition admins always may). */
export async function requireNgoRole(request: Request, ngoId: string, roles: readonly NgoRoleValue[]): Promise<{ user: SessionUser; actor: Actor }> {
  const user = await requireUser(request)
  const actor = await loadActor(user)
  if (!hasNgoRole(actor, ngoId, roles)) forbidden()
  return { user, actor }
}

export async function requireTrainer(request: Request): Promise<{ user: SessionUser; actor: Actor }> {
  const user = await requireUser(request)
  const actor = await loadActor(user)
  if (!isTrainer(actor)) forbidden()
  return { user, actor }
}

/**
 * The lead's workspace of one NGO, addressed by its slug: 404 for an unknown NGO, 403 unless the
 * user leads it (or is a coalition admin). The returned scope is what recruitment queries filter by.
 */
export async function requireNgoLead(request: Request, ngoSlug: string | undefined): Promise<{ user: SessionUser; ngo: NgoRef; scope: NgoScope }> {
  const user = await requireUser(request)
  const ngo = ngoSlug ? await findNgoBySlug(ngoSlug) : null
  if (!ngo) notFound()
  const actor = await loadActor(user)
  if (!hasNgoRole(actor, ngo.id, ['LEAD'])) forbidden()
  return { user, ngo, scope: { kind: 'ngo', actorId: user.id, ngoId: ngo.id } }
}

/** The lead's workspace of one campaign: `requireNgoLead`, then 404 for an unknown campaign. */
export async function requireNgoCampaign(request: Request, params: { ngo?: string; campaign?: string }) {
  const lead = await requireNgoLead(request, params.ngo)
  const campaign = params.campaign ? await findCampaignBySlug(params.campaign) : null
  if (!campaign) notFound()
  return { ...lead, campaign }
}

/**
 * A coalition admin's scope: the whole coalition, or one NGO when its slug is given (404 for an
 * unknown one). `ngo` is that NGO, null for the coalition.
 */
export async function requireAdminScope(request: Request, ngoSlug = ''): Promise<{ user: SessionUser; scope: Scope; ngo: NgoRef | null }> {
  const user = await requireAdmin(request)
  if (!ngoSlug) return { user, scope: { kind: 'coalition', actorId: user.id }, ngo: null }
  const ngo = await findNgoBySlug(ngoSlug)
  if (!ngo) notFound()
  return { user, scope: { kind: 'ngo', actorId: user.id, ngoId: ngo.id }, ngo }
}

/**
 * The scope of work a lead queued to run later (an import run): authorised by requireNgoLead when it
 * was queued, and replayed by whichever process runs it, possibly after a restart.
 */
export function queuedWorkScope(actorId: string, ngoId: string): NgoScope {
  return { kind: 'ngo', actorId, ngoId }
}

/**
 * An API call's scope: the NGO its bearer token (the `Authorization` header) belongs to, acting as
 * the token's creator; null when the token is missing, malformed, unknown or revoked (the API
 * answers 401 itself, in JSON).
 */
export async function authenticateApiCall(authorization: string | null): Promise<{ caller: ApiCaller; scope: NgoScope } | null> {
  const caller = await authenticateApiToken(authorization)
  return caller ? { caller, scope: { kind: 'ngo', actorId: caller.createdById ?? '', ngoId: caller.ngo.id } } : null
}

/** A studio page's guard: 403 unless a trainer (or admin), 404 for an unknown course, 403 for a course of other NGOs. */
export async function requireEditableCourse(request: Request, slug: string | undefined) {
  const { user, actor } = await requireTrainer(request)
  const course = await editableCourse(actor, slug ?? '')
  if (course === null) notFound()
  if (course === 'forbidden') forbidden()
  return { user, actor, course }
}

/**
 * The election-day coverage board's scope: the whole coalition for an admin, the NGO a lead leads (the
 * first, when several) for a lead, 403 for anyone else.
 */
export async function requireBoardScope(request: Request): Promise<{ user: SessionUser; scope: Scope }> {
  const user = await requireUser(request)
  if (user.isAdmin) return { user, scope: { kind: 'coalition', actorId: user.id } }
  const led = (await loadActor(user)).memberships.find((m) => m.role === 'LEAD')
  if (!led) forbidden()
  return { user, scope: { kind: 'ngo', actorId: user.id, ngoId: led.ngoId } }
}
