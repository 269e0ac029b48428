/**
 * Starts the built app (build/cli/serve.js in front of build/server, as `npm start` runs it) on a free port against the test file's own
 * database (its notification loop off unless a test turns it on: tests send queued email themselves),
 * and a small cookie-keeping client that speaks to it like a browser without JavaScript.
 */
import { spawn, type ChildProcess } from 'node:child_process'
import crypto from 'node:crypto'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { isDeepStrictEqual } from 'node:util'
import { expect } from 'vitest'
import en from '~/i18n/locales/en.json'
import kk from '~/i18n/locales/kk.json'
import ru from '~/i18n/locales/ru.json'
import { mallocEnv } from '../../app/cli/malloc-env.ts'
import { v8PoolArgs } from '../../app/cli/v8-pool.ts'

/** The bundled server entry (app/cli/build-commands.ts), what `npm start` runs. */
export const SERVER_ENTRY = 'build/cli/serve.js'

export interface RunningApp {
  url: string
  /** The server process (with WEB_CONCURRENCY=1 the one that answers requests). */
  pid: number
  /** Everything the server has written so far (its JSON log lines on stdout). */
  output(): { stdout: string; stderr: string }
  stop(): Promise<void>
}

export async function startApp(env: Record<string, string> = {}, nodeArgs: string[] = []): Promise<RunningApp> {
  if (!fs.existsSync(path.resolve('build/server/index.js')) || !fs.existsSync(path.resolve(SERVER_ENTRY))) throw new Error('Run `npm run build` before the HTTP tests.')
  // A server alone (WEB_CONCURRENCY=1) as the README's systemd unit starts it: V8's background threads
  // one per core (app/cli/v8-pool.ts). With more workers the server gives its forked workers theirs.
  const workers = Number(env.WEB_CONCURRENCY ?? 1)
  const poolArgs = workers === 1 ? v8PoolArgs(nodeArgs, process.env.NODE_OPTIONS, os.availableParallelism(), 1) : []
  const child: ChildProcess = spawn(process.execPath, [...poolArgs, ...nodeArgs, SERVER_ENTRY], {
    env: {
      ...process.env,
      // As production starts a worker (app/cli/malloc-env.ts): the benches measure that process.
      ...mallocEnv(process.env),
      NODE_ENV: 'production',
      PORT: '0',
      HOST: '127.0.0.1',
      WEB_CONCURRENCY: '1',
      NOTIFICATIONS_INTERVAL_MS: '0',
      // What production insists on: a real secret, the public address (the port is not known before
      // start; requests that send Origin send this one) and consent to the file outbox.
      SESSION_SECRET: crypto.randomBytes(32).toString('hex'),
      APP_URL: 'http://observer-school.test',
      EMAIL_OUTBOX: 'true',
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  let output = ''
  let stdout = ''
  let stderr = ''
  const url = await new Promise<string>((resolve, reject) => {
    // Generous: two-core machines running several suites at once start a server slowly.
    const timer = setTimeout(() => {
      // Not left running behind a failed test (a slow start on a busy machine).
      child.kill('SIGTERM')
      reject(new Error(`app did not start:\n${output}`))
    }, 45_000)
    child.stdout?.on('data', (chunk: Buffer) => {
      output += chunk.toString()
      stdout += chunk.toString()
      const match = output.match(/running at (http:\/\/localhost:\d+)/)
      if (match?.[1]) {
        clearTimeout(timer)
        resolve(match[1].replace('localhost', '127.0.0.1'))
      }
    })
    child.stderr?.on('data', (chunk: Buffer) => {
      output += chunk.toString()
      stderr += chunk.toString()
    })
    child.on('exit', (code) => reject(new Error(`app exited with ${code}:\n${output}`)))
  })
  return {
    url,
    pid: child.pid ?? 0,
    output: () => ({ stdout, stderr }),
    // A server that has already exited (a crash test's) is stopped already.
    stop: () =>
      new Promise((resolve) => {
        if (child.exitCode !== null || child.signalCode !== null) return resolve()
        child.once('exit', () => resolve())
        child.kill('SIGTERM')
      }),
  }
}

/**
 * A server built with crash points (`npm run build:test`) that kills itself at `crashAt`: logs in as
 * `email`, posts `form` to `path`, and expects the post to lose its connection and the server to be
 * gone. Stopped whatever happens, so a build without crash points fails the test without leaving its
 * server behind.
 */
export async function crashWhilePosting(env: Record<string, string>, crashAt: string, login: { email: string; password: string }, pagePath: string, form: Record<string, string>): Promise<void> {
  const doomed = await startApp({ ...env, CRASH_AT: crashAt })
  try {
    const client = new Client(doomed.url)
    await client.login(login.email, login.password)
    const answered = await client.post(pagePath, form).then(
      (response) => `answered ${response.status}`,
      () => 'connection lost',
    )
    await expect.poll(() => isRunning(doomed.pid), { timeout: 10_000 }).toBe(false)
    // If this fails, the build has no crash points: the test command builds with CRASH_POINTS=on (npm run build:test).
    expect(answered).toBe('connection lost')
  } finally {
    await doomed.stop()
  }
}

/** Whether a process (e.g. a killed or stopped server, or one of its workers) is still running. */
export function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0)
    return true
  } catch {
    return false
  }
}

const localeFiles = { ru, kk, en }

export class Client {
  private cookies = new Map<string, string>()
  constructor(
    private readonly base: string,
    private readonly headers: Record<string, string> = {},
  ) {}

  cookie(name: string): string | undefined {
    return this.cookies.get(name)
  }

  /** Every cookie this client holds, as a browser would send them in a `Cookie` header. */
  cookieHeader(): string {
    return [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ')
  }

  async request(pathname: string, init: RequestInit = {}): Promise<Response> {
    const headers = new Headers(init.headers)
    for (const [k, v] of Object.entries(this.headers)) if (!headers.has(k)) headers.set(k, v)
    if (this.cookies.size) headers.set('Cookie', this.cookieHeader())
    const response = await fetch(this.base + pathname, { ...init, headers, redirect: 'manual' })
    this.keepCookies(response)
    // A form sent back with what was posted may hold a NUL the test itself sent (tests/integration/hostile-input.test.ts).
    const ownData = (init.method ?? 'GET') === 'GET' && !safeDecode(pathname).includes('\u0000')
    return (response.headers.get('Content-Type') ?? '').startsWith('text/html') ? withoutPageTranslations(response, ownData) : response
  }

  private keepCookies(response: Response) {
    for (const line of response.headers.getSetCookie()) {
      const [pair = ''] = line.split(';')
      const index = pair.indexOf('=')
      const name = pair.slice(0, index)
      const value = pair.slice(index + 1)
      if (!value || /max-age=0/i.test(line) || /expires=thu, 01 jan 1970/i.test(line)) this.cookies.delete(name)
      else this.cookies.set(name, value)
    }
  }

  get(pathname: string, headers: Record<string, string> = {}) {
    return this.request(pathname, { headers })
  }

  post(pathname: string, fields: Record<string, string | string[]>) {
    const body = new URLSearchParams()
    for (const [k, v] of Object.entries(fields)) for (const item of Array.isArray(v) ? v : [v]) body.append(k, item)
    return this.request(pathname, { method: 'POST', body, headers: { 'Content-Type': 'application/x-www-form-urlencoded' } })
  }

  async login(email: string, password: string): Promise<Response> {
    const response = await this.post('/login', { email, password })
    if (response.status !== 302) throw new Error(`login failed with ${response.status}`)
    return response
  }
}

/**
 * A page's bytes as text, refused unless they are what a browser should get: well-formed UTF-8 and no
 * U+0000. React 18's streaming renderer wrote a NUL byte wherever a two-byte letter (Cyrillic, Kazakh)
 * straddled its 2 KB chunks: a broken table-of-contents link, a NUL inside an exam's question text.
 * Every page a test fetches through a Client is checked (tests/bench/HISTORY.md, session 16); the
 * NUL check is left out only where the page may echo one the test sent (a posted form, a query).
 */
export function pageText(bytes: Uint8Array, { allowNul = false }: { allowNul?: boolean } = {}): string {
  const text = new TextDecoder('utf-8', { fatal: true }).decode(bytes)
  const nul = allowNul ? -1 : text.indexOf('\u0000')
  if (nul >= 0) throw new Error(`the page holds a NUL character at ${nul}: …${text.slice(Math.max(0, nul - 60), nul).replace(/\s+/g, ' ')}␀${text.slice(nul + 1, nul + 30)}…`)
  return text
}

function safeDecode(text: string): string {
  try {
    return decodeURIComponent(text)
  } catch {
    return text
  }
}

const PAGE_TRANSLATIONS = /<script id="page-translations" type="application\/json"[^>]*>([^<]*)<\/script>/

/**
 * A page carries its translations as a JSON block (app/components/page-translations.tsx). The block is
 * checked here to hold nothing but whole groups of the page's language file, word for word, and then
 * taken out, so a test that looks for a string in the page (a leaked key, another person's data, a
 * message that must not show) sees the page itself, not every string its translation groups hold.
 */
async function withoutPageTranslations(response: Response, ownData: boolean): Promise<Response> {
  const html = pageText(new Uint8Array(await response.arrayBuffer()), { allowNul: !ownData })
  const block = PAGE_TRANSLATIONS.exec(html)
  if (!block) return new Response(html, response)
  const lang = (/<html lang="(ru|kk|en)"/.exec(html)?.[1] ?? 'ru') as keyof typeof localeFiles
  const groups = JSON.parse(block[1]!) as Record<string, unknown>
  const file = localeFiles[lang] as Record<string, unknown>
  for (const [group, value] of Object.entries(groups)) {
    if (!isDeepStrictEqual(value, file[group])) throw new Error(`the page's translation block holds "${group}" unlike ${lang}.json: something other than translations travels in it`)
  }
  const headers = new Headers(response.headers)
  headers.delete('Content-Length')
  return new Response(html.replace(block[0], ''), { status: response.status, statusText: response.statusText, headers })
}

