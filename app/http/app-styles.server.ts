/**
 * The core stylesheet (app/styles/app.css) on a browser's first page: inside the HTML, not as a file.
 *
 * On a phone's slow link a stylesheet costs a round trip after the HTML has arrived, before anything
 * is painted, and its bytes queue behind the HTML's while the link idles through that round trip
 * (issue 15: 400 kbit/s, 400 ms). A browser that has never been here gets the built CSS in a `<style>`
 * element and a cookie saying so; every later page links the file as usual, cached for a year. The
 * cookie names the build's stylesheet, so after a deploy the new CSS is inlined once again. Pages read
 * it on the server only: the text reaches the root through AppCssContext (app/components/app-styles.tsx),
 * never the page's data or a script. Where there is no build to read (`npm run dev`), the file is linked.
 */
import fs from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { createCookie } from '@remix-run/node'
import { secureCookies } from '~/server/platform/env.server.ts'
import stylesHref from '~/styles/app.css?url'

/** Set on the first page a browser got with the styles inside; its value is the stylesheet's file name. */
const inlinedCookie = createCookie('css', { path: '/', sameSite: 'lax', httpOnly: true, secure: secureCookies(), maxAge: 60 * 60 * 24 * 365 })

let text: string | null | undefined

/** The built stylesheet's text, read once per process (null without a build: development). */
export function appCssText(): string | null {
  if (text !== undefined) return text
  try {
    // The server build is build/server/index.js; the browser's files are in build/client.
    const clientDir = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', 'client')
    // Nothing in a stylesheet may end the element it is printed in.
    text = fs.readFileSync(path.join(clientDir, stylesHref), 'utf8').replace(/<\/style/gi, '<\\/style')
  } catch {
    text = null
  }
  return text
}

type StylesMode = 'inline' | 'link'

/** Whether this page carries the styles inside (a browser's first page of this build) and the cookie that remembers it did. */
export async function stylesFor(request: Request): Promise<{ mode: StylesMode; setCookie?: string }> {
  if (!appCssText()) return { mode: 'link' }
  const version = path.basename(stylesHref)
  const seen: unknown = await inlinedCookie.parse(request.headers.get('Cookie'))
  if (seen === version) return { mode: 'link' }
  return { mode: 'inline', setCookie: await inlinedCookie.serialize(version) }
}
