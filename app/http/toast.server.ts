/** One-shot messages shown after a redirect ("NGO saved"), kept in their own short-lived cookie. */
import { createCookieSessionStorage, redirect } from '@remix-run/node'
import { z } from 'zod'
import { secureCookies, sessionSecret } from '../server/platform/env.server.ts'

const toastSchema = z.object({ key: z.string().max(100), kind: z.enum(['success', 'info', 'error']).default('success') })
export type Toast = z.infer<typeof toastSchema>

const TOAST_COOKIE = 'os_toast'

const storage = createCookieSessionStorage({
  cookie: {
    name: TOAST_COOKIE,
    path: '/',
    sameSite: 'lax',
    httpOnly: true,
    secure: secureCookies(),
    secrets: [sessionSecret()],
  },
})

export async function toastHeaders(toast: Toast, headers = new Headers()): Promise<Headers> {
  const session = await storage.getSession()
  session.flash('toast', toast)
  headers.append('Set-Cookie', await storage.commitSession(session))
  return headers
}

export async function redirectWithToast(url: string, toast: Toast, init?: { headers?: Headers }): Promise<Response> {
  return redirect(url, { headers: await toastHeaders(toast, init?.headers) })
}

export async function readToast(request: Request): Promise<{ toast: Toast | null; setCookie: string | null }> {
  const header = request.headers.get('Cookie')
  // Nearly every page has no toast: then no cookie is parsed and no schema fails (zod builds an error
  // for the missing value), which was about 0.1 ms of every page's root loader.
  if (!header?.includes(`${TOAST_COOKIE}=`)) return { toast: null, setCookie: null }
  const session = await storage.getSession(header)
  const value: unknown = session.get('toast')
  if (value === undefined) return { toast: null, setCookie: null }
  const parsed = toastSchema.safeParse(value)
  if (!parsed.success) return { toast: null, setCookie: null }
  return { toast: parsed.data, setCookie: await storage.commitSession(session) }
}
