/**
 * Lessons over HTTP against the built app and the real course: the page and every script it loads
 * carry the questions but never an answer key or explanation until the learner has answered. And the
 * same for every page of the app: a test generated from the built route list fetches each route as a
 * learner (with a lesson read and an exam attempt under way), its loader data and its scripts, and
 * looks for the course's exam bank (ids, keys, explanations, feedback) and its knowledge checks' keys.
 */
import fs from 'node:fs'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { parse } from 'yaml'
import { buildCatalog, type CatalogCourse } from '~/server/courses/course-files.server.ts'
import type { QuizDefinition } from '~/domain/content/quiz.ts'
import { dataStrings, formNamesAndValues, inlineScriptStrings } from '../support/page-text.ts'
import { Client, pageText, startApp, type RunningApp } from '../support/app-server.ts'
import { completeLessons, createUser, TEST_PASSWORD } from '../support/factories.ts'

let app: RunningApp
let quizzes: QuizDefinition[]
let course: CatalogCourse
const LESSON = '/courses/observer-basics/03-rights'

beforeAll(async () => {
  delete process.env.CONTENT_DIR
  delete process.env.CONTENT_CACHE_DIR
  app = await startApp({ DATABASE_URL: process.env.DATABASE_URL ?? '' })
  const catalog = await buildCatalog({ cacheOnly: true })
  const found = catalog.courses.get('observer-basics')
  if (!found?.exam) throw new Error('the real course and its exam are needed')
  course = found
  quizzes = course.lessons.find((l) => l.slug === '03-rights')?.variants.en?.quizzes ?? []
})
afterAll(async () => {
  await app.stop()
})

const decode = (html: string) => html.replace(/&#x27;|&#39;/g, "'").replace(/&quot;/g, '"').replace(/&amp;/g, '&').replace(/\\"/g, '"')
/** A stretch of plain words from a text, long enough to be unique. */
const phrase = (text: string) => (text.match(/[A-Za-z ,]{24,}/)?.[0] ?? text).trim().slice(0, 40)

/** A learner signed in; `prepare` readies their data first (every lesson completed, say). */
async function signedIn(prepare?: (userId: string) => Promise<void>): Promise<Client> {
  const user = await createUser({ locale: 'en' })
  await prepare?.(user.id)
  const client = new Client(app.url, { 'Accept-Language': 'en' })
  await client.login(user.email, TEST_PASSWORD)
  return client
}

describe('lesson pages', () => {
  it('need a logged-in learner', async () => {
    const response = await new Client(app.url).get(LESSON)
    expect(response.status).toBe(302)
    expect(response.headers.get('Location')).toContain('/login?redirectTo=')
  })

  it('arrive whole in Russian and Kazakh: well-formed UTF-8, and no NUL where a two-byte letter met a 2 KB chunk of the render', async () => {
    // React 18's streaming renderer wrote a NUL there (a broken contents link, a NUL in a question).
    for (const locale of ['ru', 'kk'] as const) {
      const user = await createUser({ locale })
      const client = new Client(app.url, { 'Accept-Language': locale })
      await client.login(user.email, TEST_PASSWORD)
      for (const lesson of course.lessons) {
        const response = await fetch(`${app.url}/courses/${course.slug}/${lesson.slug}`, { headers: { cookie: client.cookieHeader(), 'Accept-Language': locale } })
        expect(response.status).toBe(200)
        const bytes = new Uint8Array(await response.arrayBuffer())
        expect(bytes.length).toBeGreaterThan(20_000)
        // Well-formed UTF-8 without a NUL (pageText throws, naming where).
        expect(() => pageText(bytes), `${locale} ${lesson.slug}`).not.toThrow()
      }
    }
  })

  it('send questions but no answer key or explanation, in the page or in any script it loads', async () => {
    expect(quizzes.length).toBeGreaterThanOrEqual(2)
    const client = await signedIn()
    const response = await client.get(LESSON)
    expect(response.status).toBe(200)
    const html = await response.text()
    const scripts = [...html.matchAll(/(?:src|href)="(\/assets\/[^"]+\.js)"/g)].map((m) => m[1] ?? '')
    expect(scripts.length).toBeGreaterThan(3)
    const bodies = await Promise.all(scripts.map(async (src) => (await client.get(src)).text()))
    const everything = decode([html, ...bodies].join('\n'))
    for (const quiz of quizzes) {
      expect(everything, 'the question is shown').toContain(phrase(quiz.question))
      expect(everything, `explanation of ${quiz.id}`).not.toContain(phrase(quiz.explanation))
    }
    // The page's data (not the components' source, which names the field) carries no key.
    expect(decode(html), 'answer key in the page data').not.toMatch(/"correct(Options)?"/)
    expect(decode(html)).not.toMatch(/"explanation"/)
  })

  it('print the lesson body once, as HTML, with each check in its place; the page data carries neither HTML nor code', async () => {
    const client = await signedIn()
    const html = await (await client.get(LESSON)).text()
    const bodyUrl = decode(/data-lesson-body="([^"]+)"/.exec(html)?.[1] ?? '')
    expect(bodyUrl).toMatch(/^\/courses\/observer-basics\/03-rights\/body\/en\/[0-9a-f]{24}$/)
    const body = await client.get(bodyUrl)
    expect(body.status).toBe(200)
    expect(body.headers.get('Cache-Control')).toBe('private, max-age=31536000, immutable')
    const stretches = (await body.json()) as string[]
    // Each stretch is in the page exactly once, verbatim.
    for (const [index, stretch] of stretches.entries()) expect(html.split(stretch).length, `stretch ${index} printed once`).toBe(2)
    // Stretches and checks follow each other in the page as in the lesson's source, no check inside a stretch.
    const placed = [
      ...stretches.map((stretch, index) => ({ at: html.indexOf(stretch), end: html.indexOf(stretch) + stretch.length, what: `html${index}` })),
      ...quizzes.map((quiz) => ({ at: html.indexOf(`id="${quiz.id}-legend"`), end: 0, what: quiz.id })),
    ].sort((a, b) => a.at - b.at)
    const source = fs.readFileSync(path.resolve('content/courses/observer-basics/lessons/03-rights.en.mdx'), 'utf8').replace(/^---[\s\S]*?---/, '')
    let stretch = 0
    const expected = source
      .split(/(<Quiz id="[^"]+"[\s\S]*?<\/Quiz>)/)
      .filter((chunk) => chunk.trim())
      .map((chunk) => /^<Quiz id="([^"]+)"/.exec(chunk)?.[1] ?? `html${stretch++}`)
    expect(placed.map((p) => p.what)).toEqual(expected)
    for (const [index, item] of placed.entries()) if (item.end) expect(placed[index + 1]?.at ?? Infinity).toBeGreaterThan(item.end)
    // A sentence of the lesson appears once in the page: not again in the hydration data.
    const sentence = /<p>([^<]{40,})/.exec(stretches[0] ?? '')?.[1]?.slice(0, 40) ?? ''
    expect(sentence.length).toBe(40)
    expect(decode(html).split(decode(sentence)).length).toBe(2)
    const data = decode(await (await client.get(`${LESSON}.data`)).text())
    expect(data).toContain(bodyUrl)
    expect(data).not.toContain(decode(sentence))
    expect(data, 'no compiled lesson code').not.toMatch(/_jsx|jsx-runtime|jsx_runtime|getMDXComponent/)
    expect(decode(html), 'no compiled lesson code in the page').not.toMatch(/_jsx\(|jsx_runtime/)
  })

  it('serve the body only to learners, only for the rendering its address names, without keys', async () => {
    const client = await signedIn()
    const html = await (await client.get(LESSON)).text()
    const bodyUrl = decode(/data-lesson-body="([^"]+)"/.exec(html)?.[1] ?? '')
    const anonymous = await new Client(app.url).get(bodyUrl)
    expect(anonymous.status).toBe(302)
    expect(anonymous.headers.get('Location')).toContain('/login?redirectTo=')
    const text = decode(await (await client.get(bodyUrl)).text())
    for (const quiz of quizzes) {
      expect(text).not.toContain(phrase(quiz.question))
      expect(text).not.toContain(phrase(quiz.explanation))
    }
    expect(text).not.toMatch(/"correct(Options)?"|"explanation"|<Option|<Explanation/)
    const hash = bodyUrl.split('/').pop() ?? ''
    for (const wrong of [bodyUrl.replace(hash, '0'.repeat(24)), bodyUrl.replace('/en/', '/ru/'), bodyUrl.replace('/en/', '/xx/'), bodyUrl.replace('03-rights', '99-nothing')]) {
      const response = await client.get(wrong)
      expect(response.status, wrong).toBe(404)
      expect(response.headers.get('Cache-Control')).toBe('no-store')
    }
  })

  it('ship no code that evaluates strings in the browser (mdx-bundler/client stays on the server)', () => {
    const dir = path.resolve('build/client/assets')
    const scripts = fs.readdirSync(dir).filter((name) => name.endsWith('.js'))
    expect(scripts.length).toBeGreaterThan(10)
    // zod's probe (`new Function("")`, an empty text, in a try) stays in its code but never runs in the
    // browser: app/components/zod-browser-config.tsx turns zod's compiled parsers off, and every browser
    // test fails on a Content-Security-Policy violation (tests/e2e/fixtures.ts).
    const offenders = scripts.filter((name) => /new Function|getMDXComponent|\beval\(/.test(fs.readFileSync(path.join(dir, name), 'utf8').replaceAll('new Function("")', '')))
    expect(offenders).toEqual([])
  })

  it('grade an answer on the server; the explanation arrives only then, the key only when right', async () => {
    const client = await signedIn()
    const quiz = quizzes.find((q) => q.type === 'single')
    if (!quiz) throw new Error('no single-choice check')
    const wrongIndex = quiz.options.findIndex((_, i) => !quiz.correct.includes(i))
    const wrong = await client.post(LESSON, { intent: 'answer', quizId: quiz.id, answer: String(wrongIndex) })
    expect(wrong.status).toBe(200)
    const wrongHtml = decode(await wrong.text())
    expect(wrongHtml).toContain(phrase(quiz.explanation))
    expect(wrongHtml).toContain('Not quite')
    const right = await client.post(LESSON, { intent: 'answer', quizId: quiz.id, answer: String(quiz.correct[0]) })
    expect(decode(await right.text())).toContain('Right!')
    const empty = await client.post(LESSON, { intent: 'answer', quizId: quiz.id })
    expect(empty.status).toBe(400)
    expect(await empty.text()).toContain('Choose an answer first.')
  })

  it('answer 404 for an unknown course or lesson, and 400 for junk', async () => {
    const client = await signedIn()
    expect((await client.get('/courses/no-such-course')).status).toBe(404)
    expect((await client.get('/courses/observer-basics/99-nothing')).status).toBe(404)
    expect((await client.post(LESSON, { intent: 'dance' })).status).toBe(400)
    expect((await client.post(LESSON, { intent: 'answer', quizId: 'x'.repeat(500), answer: '0' })).status).toBe(400)
  })

  it('list the course with the learner’s progress', async () => {
    const client = await signedIn()
    await client.post(LESSON, { intent: 'complete' })
    const page = decode(await (await client.get('/courses/observer-basics')).text())
    const lessons = (parse(fs.readFileSync('content/courses/observer-basics/course.yaml', 'utf8')) as { lessons: string[] }).lessons.length
    expect(page).toContain(`1 of ${lessons} lessons (${Math.floor(100 / lessons)}%)`)
    expect(page).toContain('Resume')
  })
})

/** The route list of the built app, as the browser gets it (Remix's client manifest). */
interface ManifestRoute {
  id: string
  parentId?: string
  path?: string
  index?: boolean
  hasLoader: boolean
}

/**
 * Routes not fetched, each with its reason. A route added later is fetched by default; one that
 * cannot be must be named here, or the test fails.
 */
const SKIPPED: Record<string, string> = {
  root: 'has no page of its own: its loader data comes with every page fetched below',
}

describe('answer-key secrecy on every page a learner can fetch', () => {
  it('no page, loader payload or script carries an exam key, explanation, feedback or bank id, or a knowledge check’s explanation', { timeout: 120_000 }, async () => {
    const bank = course.exam
    if (!bank) throw new Error('no exam')
    // A learner at the final exam (which starts once every lesson is completed), an attempt under way.
    const client = await signedIn((userId) => completeLessons(userId, course.slug))
    await client.post(LESSON, { intent: 'complete' })
    const started = await client.post(`/courses/${course.slug}/exam`, { intent: 'start' })
    expect(started.status).toBe(302)
    const attempt = started.headers.get('Location')?.split('/').pop() ?? ''
    expect(attempt).toMatch(/^\w+$/)

    const manifestUrl = /"url":\s*"(\/assets\/manifest-[\w-]+\.js)"/.exec(await (await client.get('/courses')).text())?.[1]
    expect(manifestUrl).toBeTruthy()
    const manifestText = await (await client.get(manifestUrl ?? '')).text()
    const routes = (JSON.parse(manifestText.replace(/^window\.__remixManifest=/, '').replace(/;\s*$/, '')) as { routes: Record<string, ManifestRoute> }).routes
    // The manifest is the whole app: one route per module in app/routes, and the root.
    expect(Object.keys(routes).length).toBe(fs.readdirSync('app/routes').length + 1)

    /** Values for every route parameter; a parameter not named here fails the test. */
    const params: Record<string, string[]> = {
      course: [course.slug],
      lesson: course.lessons.map((l) => l.slug),
      attempt: [attempt],
      attemptId: [attempt],
      code: ['K7QX9-M2PHT'],
      ngo: ['no-such-ngo'],
      ngoId: ['no-such-ngo'],
      campaign: ['no-such-campaign'],
      campaignId: ['no-such-campaign'],
      applicationId: ['no-such-application'],
      importId: ['no-such-import'],
      reportId: ['no-such-report'],
      templateId: ['no-such-template'],
      assignmentId: ['no-such-assignment'],
      region: ['KZ-75'],
      question: ['no-such-question'],
      userId: ['no-such-user'],
      sessionId: ['no-such-session'],
      token: ['no-such-token.ics'],
      locale: ['en'],
      '*': ['no-such-page'],
    }
    const fullPath = (id: string): string => {
      const route = routes[id]
      if (!route) return ''
      return [route.parentId ? fullPath(route.parentId) : '', route.path ?? ''].filter(Boolean).join('/')
    }
    const urlsOf = (path: string): string[] => {
      const segments = path.split('/').filter(Boolean)
      let urls = ['']
      for (const segment of segments) {
        const name = segment === '*' ? '*' : /^:(\w+)\??$/.exec(segment)?.[1]
        if (!name) {
          urls = urls.map((u) => `${u}/${segment}`)
          continue
        }
        const values = params[name]
        if (!values) throw new Error(`route parameter "${name}" (in /${path}) has no value in this test: add one`)
        urls = urls.flatMap((u) => values.map((v) => `${u}/${encodeURIComponent(v)}`))
      }
      return urls.map((u) => u || '/')
    }

    // A lesson body's address carries its content hash: take the addresses the lesson pages name.
    const bodyUrls = new Set<string>()
    for (const l of course.lessons) {
      const html = await (await client.get(`/courses/${course.slug}/${l.slug}`)).text()
      for (const m of html.matchAll(/\/courses\/[\w-]+\/[\w-]+\/body\/[a-z]{2}\/[\w-]+/g)) bodyUrls.add(m[0])
    }
    expect(bodyUrls.size).toBeGreaterThanOrEqual(course.lessons.length)
    const fetched = new Map<string, string[]>()
    for (const id of Object.keys(routes)) {
      if (SKIPPED[id]) continue
      fetched.set(id, fullPath(id).includes(':hash') ? [...bodyUrls] : urlsOf(fullPath(id)))
    }
    for (const id of Object.keys(routes)) expect(fetched.has(id) || id in SKIPPED, `route ${id} is neither fetched nor skipped`).toBe(true)
    for (const id of Object.keys(SKIPPED)) expect(routes[id], `skipped route ${id} no longer exists`).toBeTruthy()

    // What must not reach a learner before grading.
    const texts = (t: { ru: string; kk: string; en: string }) => [t.ru, t.kk, t.en]
    const questionIds = bank.questions.map((q) => q.id)
    const optionIds = new Set(bank.questions.flatMap((q) => (q.type === 'single' || q.type === 'multiple' ? q.options.map((o) => o.id) : q.type === 'ordering' ? q.items.map((i) => i.id) : q.type === 'matching' ? q.pairs.map((p) => p.id) : [])))
    const accepted = new Set(bank.questions.flatMap((q) => (q.type === 'short' ? [...q.accepted.ru, ...q.accepted.kk, ...q.accepted.en] : [])).map((a) => a.toLowerCase()))
    const secretTexts = [
      ...bank.questions.flatMap((q) => [...texts(q.explanation), ...(q.type === 'single' || q.type === 'multiple' ? q.options.flatMap((o) => (o.feedback ? texts(o.feedback) : [])) : [])]),
      ...course.lessons.flatMap((l) => Object.values(l.variants).flatMap((v) => v.quizzes.map((quiz) => quiz.explanation))),
    ]
    expect(secretTexts.length).toBeGreaterThan(100)

    const scripts = new Set<string>([manifestUrl ?? ''])
    const problems: string[] = []
    /**
     * `lesson`: a lesson page teaches the terms that short answers name (the glossary lists them), so
     * there accepted answers are content, not a key; everywhere else they must not appear as values.
     */
    const check = (where: string, body: string, structured: { strings: string[]; form: string[]; lesson?: boolean }) => {
      const plain = decode(body)
      for (const id of questionIds) if (plain.includes(id)) problems.push(`${where}: bank question id "${id}"`)
      for (const secret of secretTexts) if (plain.includes(secret)) problems.push(`${where}: "${secret.slice(0, 60)}…"`)
      for (const s of [...structured.strings, ...structured.form]) {
        if (optionIds.has(s)) problems.push(`${where}: bank option id "${s}" as a value`)
        if (!structured.lesson && accepted.has(s.toLowerCase())) problems.push(`${where}: accepted short answer "${s}" as a value`)
      }
      if (structured.strings.some((s) => ['correct', 'explanation', 'feedback', 'accepted'].includes(s))) problems.push(`${where}: a key's field in the data`)
    }
    let pages = 0
    for (const [id, urls] of fetched) {
      for (const url of urls) {
        const page = await client.get(url)
        expect(page.status, `${id} ${url}`).toBeLessThan(500)
        const type = page.headers.get('Content-Type') ?? ''
        const html = type.includes('text/') || type.includes('json') ? await page.text() : ''
        const lesson = id === 'routes/courses.$course.$lesson' || id === 'routes/courses.$course.$lesson_.body.$locale.$hash'
        check(`${url} (${page.status})`, html, { strings: inlineScriptStrings(html), form: formNamesAndValues(html), lesson })
        for (const m of html.matchAll(/(?:src|href)="(\/assets\/[^"]+\.js)"|import\("(\/assets\/[^"]+\.js)"\)/g)) scripts.add(m[1] ?? m[2] ?? '')
        const data = await client.get(url === '/' ? '/_root.data' : `${url}.data`)
        expect(data.status, `${id} ${url}.data`).toBeLessThan(500)
        const payload = await data.text()
        check(`${url}.data (${data.status})`, payload, { strings: dataStrings(payload), form: [], lesson })
        pages++
      }
    }
    // The learner's own pages answered (the rest are 403/404 pages, checked all the same).
    for (const url of ['/courses', `/courses/${course.slug}`, LESSON, `/courses/${course.slug}/exam`, `/courses/${course.slug}/exam/${attempt}`, '/certificates']) expect((await client.get(url)).status, url).toBe(200)
    expect(pages).toBeGreaterThan(Object.keys(routes).length)
    expect(scripts.size).toBeGreaterThan(10)
    for (const src of scripts) {
      const body = await (await client.get(src)).text()
      check(src, body, { strings: [], form: [] })
    }
    expect(problems).toEqual([])
  })
})
