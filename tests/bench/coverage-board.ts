/**
 * Issue 18's scenario: the live coverage board's data route (what every wall screen polls) over
 * 10,000 polling stations and 20,000 assignments with the morning's check-ins, at 20 concurrent
 * connections, for a coalition admin: one region (Almaty, the largest city), the largest region
 * (Turkistan), and the whole country (every region's line). Target: p99 under 150 ms.
 *   Run: npm run build && npm run bench:board      BENCH_STATIONS=n, BENCH_SECONDS=n, BENCH_KEEP_DB=1
 */
import { execFileSync } from 'node:child_process'
import fs from 'node:fs'
import path from 'node:path'
import Database from 'better-sqlite3'
import { sqlitePath } from '../../prisma/scripts/database-url.ts'
import { loggedIn, measure, report, startBenchApp, type Measured } from './harness.ts'

const CONNECTIONS = 20
const SECONDS = Number(process.env.BENCH_SECONDS ?? 10)
const STATIONS = Number(process.env.BENCH_STATIONS ?? 10_000)
const TARGET_P99_MS = 150

const { app, databaseUrl } = await startBenchApp({ NOTIFICATIONS_INTERVAL_MS: '0' })
try {
  const started = Date.now()
  execFileSync(process.execPath, ['--import', 'tsx', 'tests/bench/seed-election-day.ts', String(STATIONS)], { env: { ...process.env, DATABASE_URL: databaseUrl }, stdio: 'inherit' })
  console.log(`seeded in ${((Date.now() - started) / 1000).toFixed(0)} s`)
  const database = new Database(sqlitePath(databaseUrl))
  database.pragma('wal_checkpoint(TRUNCATE)')
  database.exec('ANALYZE')
  const covered = (region: string) =>
    database
      .prepare(
        `SELECT count(DISTINCT a.stationId) AS n FROM Assignment a JOIN PollingStation s ON s.id = a.stationId JOIN CampaignShift h ON h.id = a.shiftId
         WHERE h.sortOrder = 1 AND s.campaignId = (SELECT id FROM Campaign WHERE slug = 'bench-election') AND (? = '' OR s.regionCode = ?)
           AND (SELECT kind FROM CheckIn c WHERE c.assignmentId = a.id ORDER BY c.deviceAt DESC LIMIT 1) = 'arrived'`,
      )
      .pluck()
      .get(region, region) as number

  const { client, cookie } = await loggedIn(app, 'admin@example.org')
  const scenarios = [
    { name: 'Almaty (KZ-75)', region: 'KZ-75' },
    { name: 'Turkistan Region (KZ-61)', region: 'KZ-61' },
    { name: 'whole country, per region', region: '' },
  ]
  // The floor on this machine under the same load: the server's cheapest answer.
  const measured: Measured[] = [await measure('floor: /healthz of the same server', `${app.url}/healthz`, { connections: CONNECTIONS, seconds: SECONDS })]
  for (const s of scenarios) {
    const url = `/coverage/data?campaign=bench-election${s.region ? `&region=${s.region}` : ''}`
    const response = await client.get(url)
    if (response.status !== 200) throw new Error(`${url} answered ${response.status}`)
    const board = (await response.json()) as { totals: { stations: number; assigned: number; covered: number; late: number } }
    const want = covered(s.region)
    if (board.totals.covered !== want) throw new Error(`${s.name}: the board shows ${board.totals.covered} covered, the database says ${want}`)
    measured.push(await measure(`${s.name}: ${board.totals.covered} of ${board.totals.assigned} covered, ${board.totals.late} late`, app.url + url, { connections: CONNECTIONS, seconds: SECONDS, headers: { cookie } }))
  }
  database.close()
  report(`Coverage board data route, ${STATIONS} stations, ${STATIONS * 2} assignments, ${CONNECTIONS} connections, ${SECONDS} s`, measured)
  console.log(`\ntarget p99 < ${TARGET_P99_MS} ms:`)
  for (const row of measured.slice(1)) console.log(`- ${row.name}: ${row.p99 < TARGET_P99_MS && row.errors === 0 && row.non2xx === 0 ? 'met' : 'NOT met'} (${row.p99} ms)`)
} finally {
  await app.stop()
  const dir = path.dirname(sqlitePath(databaseUrl))
  if (process.env.BENCH_KEEP_DB) console.log(`\ndatabase kept: ${sqlitePath(databaseUrl)}`)
  else if (path.basename(dir).startsWith('observer-bench-')) fs.rmSync(dir, { recursive: true, force: true })
}
