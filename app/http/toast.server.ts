/** One-shot messages shown after a redirect ("NGO saved"), kept in their own short-lived cookie. */
import { createCookieSessionStorage, redirect } from '@remix-run/node'
import { z } from 'zod'
import { secureCookies, sessionSecret } from '../server/platform/env.server.ts'

const toastSchema = z.object({ key: z.string().max(100), kind: z.enum(['success', 'info', 'error']).default('success') })
export type Toast = z.infer<typeof toastSchema>

const storage = createCookieSessionStorage({
  cookie: {
    name: 'os_toast',
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
  const session = await storage.getSession(request.headers.get('Cookie'))
  const parsed = toastSchema.safeParse(session.get('toast'))
  if (!parsed.success) return { toast: null, setCookie: null }
  return { toast: parsed.data, setCookie: await storage.commitSession(session) }
}
