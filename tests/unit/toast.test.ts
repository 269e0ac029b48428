/** One-shot messages after a redirect (app/http/toast.server.ts): read once, then gone. */
import { describe, expect, it } from 'vitest'
import { readToast, toastHeaders } from '~/http/toast.server.ts'

const page = (cookie?: string) => new Request('http://localhost/ngo/x', cookie ? { headers: { Cookie: cookie } } : {})
/** The cookie a browser sends back for a Set-Cookie value. */
const sent = (setCookie: string) => setCookie.split(';')[0] ?? ''

describe('toasts', () => {
  it('reads the toast a redirect set, once, and clears its cookie', async () => {
    const headers = await toastHeaders({ key: 'ngo.saved', kind: 'success' })
    const cookie = `os_session=abc; ${sent(headers.get('Set-Cookie') ?? '')}; lng=ru`
    const first = await readToast(page(cookie))
    expect(first.toast).toEqual({ key: 'ngo.saved', kind: 'success' })
    expect(first.setCookie).toMatch(/^os_toast=/)
    // The browser now holds the committed (emptied) cookie: nothing to show again.
    const again = await readToast(page(`os_session=abc; ${sent(first.setCookie ?? '')}`))
    expect(again).toEqual({ toast: null, setCookie: null })
  })

  it('answers nothing, and sets no cookie, without a toast cookie or with a forged one', async () => {
    expect(await readToast(page())).toEqual({ toast: null, setCookie: null })
    expect(await readToast(page('os_session=abc; lng=kk'))).toEqual({ toast: null, setCookie: null })
    // Not signed with the server's secret: ignored.
    const forged = `os_toast=${Buffer.from(JSON.stringify({ __flash_toast__: { key: 'x', kind: 'error' } })).toString('base64')}`
    expect(await readToast(page(forged))).toEqual({ toast: null, setCookie: null })
  })
})
