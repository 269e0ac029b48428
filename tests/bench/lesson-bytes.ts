/**
 * Bytes a learner downloads for each lesson of the demo course: the page's HTML on a first visit,
 * the loader data (`.data`) on a client-side navigation, and the lesson body resource (fetched once
 * per lesson version and then HTTP-cached), raw and gzipped; then the app server's CPU time per
 * lesson page (from /proc, so other work on the machine slows it but does not bill it). Run after `npm run build`:
 * `node --import tsx tests/bench/lesson-bytes.ts`.
 */
import fs from 'node:fs'
import { gzipSync } from 'node:zlib'
import { parse } from 'yaml'
import { loggedIn, startBenchApp } from './harness.ts'

const COURSE = '/courses/observer-basics'
const LESSONS = (parse(fs.readFileSync('content/courses/observer-basics/course.yaml', 'utf8')) as { lessons: string[] }).lessons

const kb = (bytes: number) => (bytes / 1024).toFixed(1)
const sizes = (buffer: Buffer) => `${kb(buffer.length)} (${kb(gzipSync(buffer).length)} gz)`

const { app, stopDatabase } = await startBenchApp({ WEB_CONCURRENCY: '1' })
try {
  const { client } = await loggedIn(app, 'volunteer@example.org')
  console.log('| lesson | HTML KB | of which hydration data KB | .data KB | body resource KB |')
  console.log('| --- | ---: | ---: | ---: | ---: |')
  for (const lesson of LESSONS) {
    const html = Buffer.from(await (await client.get(`${COURSE}/${lesson}`)).arrayBuffer())
    const text = html.toString()
    // Remix's single-fetch hydration data: the data blocks holding the turbo-stream (patches/@remix-run+react).
    const hydration = [...text.matchAll(/<script type="application\/json"[^>]*>([^<]*)<\/script><script[^>]*>window\.__remixContext\.streamController\.enqueue/g)].reduce((sum, m) => sum + Buffer.byteLength(m[1] ?? ''), 0)
    const data = Buffer.from(await (await client.get(`${COURSE}/${lesson}.data`)).arrayBuffer())
    const bodyUrl = /data-lesson-body="([^"]+)"/.exec(text)?.[1]?.replace(/&amp;/g, '&')
    const body = bodyUrl ? Buffer.from(await (await client.get(bodyUrl)).arrayBuffer()) : null
    console.log(`| ${lesson} | ${sizes(html)} | ${kb(hydration)} | ${sizes(data)} | ${body ? sizes(body) : '—'} |`)
  }
  // user + system CPU of the server process, in clock ticks (100 per second on Linux).
  const cpuTicks = () => {
    const fields = fs.readFileSync(`/proc/${app.pid}/stat`, 'utf8').split(') ')[1]?.split(' ') ?? []
    return Number(fields[11]) + Number(fields[12])
  }
  const REQUESTS = 300
  for (let i = 0; i < 30; i++) await (await client.get(`${COURSE}/03-rights`)).arrayBuffer()
  for (const [label, suffix] of [['page', ''], ['.data', '.data']] as const) {
    const before = cpuTicks()
    for (let i = 0; i < REQUESTS; i++) await (await client.get(`${COURSE}/03-rights${suffix}`)).arrayBuffer()
    console.log(`server CPU per 03-rights ${label}: ${(((cpuTicks() - before) * 10) / REQUESTS).toFixed(2)} ms (${REQUESTS} sequential requests)`)
  }
} finally {
  await app.stop()
  await stopDatabase()
}
