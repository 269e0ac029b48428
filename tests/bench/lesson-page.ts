/**
 * Issue 3's scenario: the lesson page for a logged-in learner at 50 concurrent connections, beside
 * a bare node:http server returning the same HTML bytes. Target: p99 under 100 ms and at least 25%
 * of the ceiling's throughput.   Run: npm run bench:lesson   (on a throwaway PostgreSQL: -- --postgres)
 */
import { bareServer, benchOnPostgres, loggedIn, measure, report, startBenchApp } from './harness.ts'

const CONNECTIONS = 50
const SECONDS = Number(process.env.BENCH_SECONDS ?? 10)
const LESSON = '/courses/observer-basics/03-rights'

const { app, stopDatabase } = await startBenchApp()
try {
  const { client, cookie } = await loggedIn(app, 'volunteer@example.org')
  const page = await client.get(LESSON)
  if (page.status !== 200) throw new Error(`lesson page answered ${page.status}`)
  const html = Buffer.from(await page.arrayBuffer())
  const bare = await bareServer(html, 'text/html; charset=utf-8')
  try {
    const ceiling = await measure('bare node:http, same bytes (ceiling)', bare.url, { connections: CONNECTIONS, seconds: SECONDS })
    const lesson = await measure(`lesson page, logged-in learner (${(html.length / 1024).toFixed(0)} KB HTML)`, app.url + LESSON, { connections: CONNECTIONS, seconds: SECONDS, headers: { cookie } })
    report(`Lesson page, ${CONNECTIONS} connections, ${SECONDS} s, ${benchOnPostgres ? 'PostgreSQL' : 'SQLite'}`, [ceiling, lesson], ceiling)
    const share = lesson.requestsPerSecond / ceiling.requestsPerSecond
    console.log(`\ntarget p99 < 100 ms: ${lesson.p99 < 100 ? 'met' : 'NOT met'} (${lesson.p99} ms); target ≥ 25% of ceiling: ${share >= 0.25 ? 'met' : 'NOT met'} (${(share * 100).toFixed(1)}%)`)
  } finally {
    await bare.close()
  }
} finally {
  await app.stop()
  await stopDatabase()
}
