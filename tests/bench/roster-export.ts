/**
 * Issue 6's scenario: one NGO's roster of 100,000 certified observers for one campaign, downloaded over
 * real HTTP (identity encoding) as CSV, XLSX and PDF. Per format: wall time to the last byte, its ratio
 * to the database dumping the same rows itself (`sqlite3 -csv`, timed in the same run), the file's
 * size, and the app server's memory (VmHWM of a fresh single-worker server: right after start, after a
 * tour of every kind of page, and after the export). `pdf-region` is the largest region alone as PDF.
 * Targets (issue 15): CSV within 1.5× sqlite3, XLSX within 4×, a 26,000-row region as PDF < 10 s,
 * peak RSS < 200 MB.
 *
 *   npm run build && npm run bench:exports
 *
 * BENCH_ROWS=n changes the size; BENCH_FORMATS=csv,xlsx picks formats; BENCH_RUNS=3 repeats each
 * format (the table gives median times and the highest memory); BENCH_KEEP_DB=1 keeps the
 * database and the downloaded files; BENCH_NODE_ARGS passes flags to the server (e.g. --cpu-prof).
 * The temporary folder (database, files, outbox) is removed at the end, also after a failure. Loopback only; the seeded data is fictional.
 */
import { execFileSync, spawnSync } from 'node:child_process'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import Database from 'better-sqlite3'
import { sqlitePath } from '../../prisma/scripts/database-url.ts'
import { random, syntheticRecruit } from '../../prisma/data/synthetic-recruits.ts'
import { regions } from '../../prisma/data/regions.ts'
import { startApp } from '../support/app-server.ts'
import { loggedIn } from './harness.ts'

const ROWS = Number(process.env.BENCH_ROWS ?? 100_000)
const FORMATS = (process.env.BENCH_FORMATS ?? 'csv,xlsx,pdf-region,pdf').split(',')
/** Runs of every format (BENCH_RUNS=3 for the README's medians); each run on fresh servers. */
const RUNS = Math.max(1, Number(process.env.BENCH_RUNS ?? 1))
/** Wall time as a multiple of sqlite3 -csv of the same rows (ratio), or in seconds. */
const TARGETS: Record<string, { ratio?: number; seconds?: number }> = { csv: { ratio: 1.5 }, xlsx: { ratio: 4 }, 'pdf-region': { seconds: 10 } }
const TARGET_RSS_MB = 200
/** Extra flags for the server, e.g. BENCH_NODE_ARGS="--cpu-prof --cpu-prof-dir=/tmp/prof" to profile it. */
const NODE_ARGS = (process.env.BENCH_NODE_ARGS ?? '').split(' ').filter(Boolean)
/** Turns on the server's /metrics, read for the heap figures. */
const METRICS_TOKEN = 'bench-metrics-token-0123456789'
const NGO = 'dala-watch'
const CAMPAIGN = 'kurultai-demo'
/** Past the demo seed's and the recruit bench's indexes: no e-mail or IIN collides. */
const FIRST_INDEX = 500_000

/** Fast raw inserts, one transaction: certified applications, their accounts and certificates. */
function seedRoster(database: Database.Database, count: number) {
  const scope = database.prepare('SELECT n.id AS ngoId, c.id AS campaignId, c.electionDay FROM Ngo n, Campaign c WHERE n.slug = ? AND c.slug = ?').get(NGO, CAMPAIGN) as { ngoId: string; campaignId: string; electionDay: string }
  const courses = database.prepare('SELECT courseSlug FROM CampaignCourse WHERE campaignId = ?').pluck().all(scope.campaignId) as string[]
  const home = database.prepare('SELECT regionCode FROM NgoRegion WHERE ngoId = ?').pluck().all(scope.ngoId) as string[]
  const taken = new Set(database.prepare('SELECT iin FROM Application WHERE campaignId = ?').pluck().all(scope.campaignId) as string[])
  const insertUser = database.prepare("INSERT INTO User (id, email, name, passwordHash, locale, isAdmin, createdAt, updatedAt) VALUES (?, ?, ?, '', 'ru', 0, ?, ?)")
  const insertApplication = database.prepare(
    `INSERT INTO Application (id, campaignId, ngoId, userId, state, fullName, iin, birthDate, sex, phone, email, regionCode, settlement, pollingStation, languages, availability, declarations, experience, consentVersion, consentedAt, source, searchText, stateChangedAt, trainingPercent, createdAt, updatedAt)
     VALUES (?, ?, ?, ?, 'certified', ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, '[]', ?, '2026-11-v1', ?, 'form', ?, ?, 100, ?, ?)`,
  )
  const insertCertificate = database.prepare(
    `INSERT INTO Certificate (id, code, userId, holderName, courseSlug, courseVersion, courseTitle, attemptId, percent, campaignId, ngoId, issuedAt, expiresAt)
     VALUES (?, ?, ?, ?, ?, 'bench', '{}', ?, 90, ?, ?, ?, ?)`,
  )
  const rnd = random(FIRST_INDEX)
  // Dates as Prisma writes them to SQLite, so its comparisons see the same text.
  const iso = (d: Date) => d.toISOString().replace('Z', '+00:00')
  const now = iso(new Date())
  const expires = iso(new Date(new Date(scope.electionDay).getTime() + 365 * 86_400_000))
  database.transaction(() => {
    let index = FIRST_INDEX
    for (let added = 0; added < count; index++) {
      const person = syntheticRecruit(index)
      if (taken.has(person.iin)) continue
      taken.add(person.iin)
      // Three in four from the NGO's home regions, as in the recruit bench.
      const regionCode = rnd() < 0.75 && home.length ? (home[Math.floor(rnd() * home.length)] ?? person.regionCode) : (regions[Math.floor(rnd() * regions.length)]?.code ?? person.regionCode)
      const userId = `bench-roster-user-${index}`
      insertUser.run(userId, `roster${index}@example.org`, person.fullName, now, now)
      insertApplication.run(`bench-roster-app-${index}`, scope.campaignId, scope.ngoId, userId, person.fullName, person.iin, iso(person.birthDate), person.sex, person.phone, `roster${index}@example.org`, regionCode, person.settlement, person.pollingStation, person.languages, person.availability, person.experience, now, person.searchText, now, now, now)
      for (const course of courses) insertCertificate.run(`bench-roster-cert-${index}-${course}`, `BR${index}-${course.slice(0, 3).toUpperCase()}`, userId, person.fullName, course, `bench-roster-attempt-${index}-${course}`, scope.campaignId, scope.ngoId, now, expires)
      added++
    }
  })()
  return { ...scope, courses }
}

/** The same rows as the roster, written by the database itself: the ceiling for the CSV. */
function rosterSql(scope: { ngoId: string; campaignId: string; electionDay: string; courses: string[] }) {
  const exists = scope.courses
    .map((course) => `EXISTS (SELECT 1 FROM Certificate c WHERE c.userId = a.userId AND c.courseSlug = '${course}' AND c.revokedAt IS NULL AND c.expiresAt > '${scope.electionDay}')`)
    .join(' AND ')
  return `SELECT a.fullName, a.iin, a.birthDate, a.phone, r.nameRu, a.settlement, a.pollingStation, a.languages,
      (SELECT group_concat(c.code, ', ') FROM Certificate c WHERE c.userId = a.userId AND c.revokedAt IS NULL AND c.expiresAt > '${scope.electionDay}') AS certificates
    FROM Application a JOIN Region r ON r.code = a.regionCode
    WHERE a.ngoId = '${scope.ngoId}' AND a.campaignId = '${scope.campaignId}' AND a.state NOT IN ('rejected', 'withdrawn') AND ${exists}
    ORDER BY r.nameRu, a.fullName;`
}

function memoryKb(pid: number, field: 'VmHWM' | 'VmRSS'): number {
  const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8')
  return Number(status.match(new RegExp(`${field}:\\s+(\\d+) kB`))?.[1] ?? 0)
}

/** The server's own view of its memory (prom-client's default metrics, MB): V8 heap used and held, external and array buffers. */
async function heapParts(app: Awaited<ReturnType<typeof startApp>>): Promise<string> {
  const text = await (await fetch(`${app.url}/metrics`, { headers: { Authorization: `Bearer ${METRICS_TOKEN}` } })).text()
  const value = (name: string) => Number(text.match(new RegExp(`^${name} (\\S+)`, 'm'))?.[1] ?? NaN) / 1048576
  // RSS by kind (smaps_rollup): anonymous (heaps, malloc) against file-backed (node's code, mapped files).
  const rollup = fs.readFileSync(`/proc/${app.pid}/smaps_rollup`, 'utf8')
  const kb = (field: string) => Number(rollup.match(new RegExp(`^${field}:\\s+(\\d+) kB`, 'm'))?.[1] ?? 0) / 1024
  return `heap used ${value('nodejs_heap_size_used_bytes').toFixed(0)} of ${value('nodejs_heap_size_total_bytes').toFixed(0)} MB, external ${value('nodejs_external_memory_bytes').toFixed(0)} MB; RSS now ${kb('Rss').toFixed(0)} MB = anonymous ${kb('Anonymous').toFixed(0)} + file-backed ${(kb('Rss') - kb('Anonymous')).toFixed(0)}`
}

/** CPU seconds (user + system) the process has used: wall time on a shared machine depends on the neighbours. */
function cpuSeconds(pid: number): number {
  const fields = fs.readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]?.split(' ') ?? []
  return (Number(fields[11]) + Number(fields[12])) / 100
}

interface Result {
  format: string
  run: number
  rows: string
  seconds: number
  ratio: number
  cpu: number
  load: number
  megabytes: number
  startHwmMb: number
  pagesHwmMb: number
  peakRssMb: number
  check: string
}

/** One page of every kind, as the people who use them: what a worker has loaded before the export. */
const tour: Array<[string, string[]]> = [
  ['admin@example.org', ['/admin', '/admin/dashboard', '/admin/ngos', '/admin/campaigns', '/admin/people', '/admin/audit', '/admin/regions', '/admin/exports', `/admin/rosters?campaign=${CAMPAIGN}`, '/studio', '/studio/observer-basics', '/studio/observer-basics/stats', '/studio/observer-basics/versions', '/studio/observer-basics/questions']],
  ['lead@example.org', [`/ngo/${NGO}`, `/ngo/${NGO}/dashboard`, `/ngo/${NGO}/campaigns/${CAMPAIGN}`, `/ngo/${NGO}/campaigns/${CAMPAIGN}/import`, `/ngo/${NGO}/campaigns/${CAMPAIGN}/import/template.csv`, `/ngo/${NGO}/rosters?campaign=${CAMPAIGN}`, `/ngo/${NGO}/rosters/templates`]],
  ['volunteer@example.org', ['/', '/courses', '/courses/observer-basics', '/courses/observer-basics/03-rights', '/applications', '/apply', '/certificates', '/inbox', '/account']],
]

async function visitEveryKindOfPage(app: Awaited<ReturnType<typeof startApp>>) {
  for (const [email, pages] of tour) {
    const { client } = await loggedIn(app, email)
    for (const page of pages) await (await client.get(page)).arrayBuffer()
    if (email === 'volunteer@example.org') {
      // A certificate's PDF (pdfkit and qrcode) and its public page.
      const list = await (await client.get('/certificates')).text()
      const code = list.match(/\/certificates\/([A-Z0-9-]+)/)?.[1]
      if (code) for (const page of [`/certificates/${code}`, `/certificates/${code}/pdf`, `/verify/${code}`]) await (await client.get(page)).arrayBuffer()
    }
  }
}

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'observer-bench-'))
const databaseUrl = `file:${path.join(dir, 'bench.db')}`
const childEnv = { ...process.env, DATABASE_URL: databaseUrl }
try {
  execFileSync(process.execPath, ['--import', 'tsx', 'prisma/scripts/migrate.ts', 'deploy'], { env: childEnv, stdio: 'ignore' })
  execFileSync(process.execPath, ['--import', 'tsx', 'prisma/seed.ts'], { env: childEnv, stdio: 'ignore' })
  const database = new Database(sqlitePath(databaseUrl))
  const started = Date.now()
  const scope = seedRoster(database, ROWS)
  database.pragma('wal_checkpoint(TRUNCATE)')
  console.log(`seeded ${ROWS} certified applications in ${((Date.now() - started) / 1000).toFixed(1)} s`)
  const sql = rosterSql(scope)
  const expectedRows = (database.prepare(`SELECT count(*) FROM (${sql.replace(/;\s*$/, '')})`).pluck().get() as number) ?? 0
  const largest = database.prepare(`SELECT regionCode AS code, count(*) AS count FROM Application WHERE ngoId = ? AND campaignId = ? GROUP BY regionCode ORDER BY count DESC LIMIT 1`).get(scope.ngoId, scope.campaignId) as { code: string; count: number }
  database.close()

  // The ceiling: the database writing the same query as CSV (warm cache: run once untimed, then the median of three).
  const dumpFile = path.join(dir, 'dump.csv')
  const dump = () => {
    const t0 = process.hrtime.bigint()
    const run = spawnSync('sqlite3', ['-csv', '-header', sqlitePath(databaseUrl), sql], { maxBuffer: 1 << 30 })
    if (run.status !== 0) throw new Error(`sqlite3: ${run.stderr.toString()}`)
    fs.writeFileSync(dumpFile, run.stdout)
    return Number(process.hrtime.bigint() - t0) / 1e9
  }
  dump()
  // The median of three: one timing of a sub-second command swung by a quarter from run to run.
  const medianDump = () => [dump(), dump(), dump()].sort((a, b) => a - b)[1] ?? 0
  let dumpSeconds = medianDump()
  const dumpRows = fs.readFileSync(dumpFile, 'utf8').split('\n').filter(Boolean).length - 1
  console.log(`sqlite3 -csv of the same rows: ${dumpRows} rows in ${dumpSeconds.toFixed(2)} s`)

  /** One format's download from a fresh single-worker server (so its peak RSS is that format's). */
  const measureFormat = async (format: string, run: number, ceiling: number): Promise<Result> => {
    const app = await startApp({ DATABASE_URL: databaseUrl, OUTBOX_DIR: path.join(dir, 'outbox'), WEB_CONCURRENCY: '1', NOTIFICATIONS_INTERVAL_MS: '0', METRICS_TOKEN }, NODE_ARGS)
    try {
      const startHwm = memoryKb(app.pid, 'VmHWM')
      await visitEveryKindOfPage(app)
      const pagesHwm = memoryKb(app.pid, 'VmHWM')
      const pagesParts = await heapParts(app)
      const { client } = await loggedIn(app, 'lead@example.org')
      const fileFormat = format === 'pdf-region' ? 'pdf' : format
      // Warm up the route (first render, module loading) on a small region so the run measures the export.
      await (await client.get(`/ngo/${NGO}/rosters/export?campaign=${CAMPAIGN}&format=${fileFormat}&region=KZ-10`, { 'Accept-Encoding': 'identity' })).arrayBuffer()
      let peakSampled = memoryKb(app.pid, 'VmRSS')
      const sampler = setInterval(() => (peakSampled = Math.max(peakSampled, memoryKb(app.pid, 'VmRSS'))), 50)
      try {
        const cpuBefore = cpuSeconds(app.pid)
        const began = Date.now()
        const region = format === 'pdf-region' ? `&region=${largest.code}` : ''
        const response = await client.get(`/ngo/${NGO}/rosters/export?campaign=${CAMPAIGN}&format=${fileFormat}${region}`, { 'Accept-Encoding': 'identity' })
        if (response.status !== 200 || !response.body) throw new Error(`answered ${response.status}`)
        if (response.headers.get('Content-Encoding')) throw new Error(`sent ${response.headers.get('Content-Encoding')}, not identity`)
        const file = path.join(dir, `roster.${format}`)
        const out = fs.createWriteStream(file)
        let bytes = 0
        const reader = response.body.getReader()
        for (let next = await reader.read(); !next.done; next = await reader.read()) {
          bytes += next.value.length
          if (!out.write(next.value)) await new Promise<void>((resolve) => out.once('drain', () => resolve()))
        }
        await new Promise((resolve) => out.end(resolve))
        const seconds = (Date.now() - began) / 1000
        const cpu = cpuSeconds(app.pid) - cpuBefore
        const load = os.loadavg()[0] ?? 0
        const peak = Math.max(peakSampled, memoryKb(app.pid, 'VmHWM'))
        const exportParts = await heapParts(app)
        let check = ''
        if (format === 'csv') {
          const lines = fs.readFileSync(file, 'utf8').split('\r\n').filter(Boolean).length - 1
          check = `${lines} rows${lines === expectedRows ? '' : ` (expected ${expectedRows}!)`}`
        } else if (format === 'xlsx') {
          check = fs.readFileSync(file).subarray(0, 2).toString() === 'PK' ? 'zip' : 'not a zip!'
        } else if (fileFormat === 'pdf') {
          const info = spawnSync('pdfinfo', [file]).stdout?.toString() ?? ''
          check = `${info.match(/Pages:\s+(\d+)/)?.[1] ?? '?'} pages`
        }
        const rows = format === 'pdf-region' ? `${largest.count} (${largest.code})` : String(expectedRows)
        console.log(`${format} (run ${run}): ${seconds.toFixed(2)} s = ${(seconds / ceiling).toFixed(2)}× sqlite3 (server CPU ${cpu.toFixed(2)} s, load ${load.toFixed(1)}), ${(bytes / 1e6).toFixed(1)} MB, VmHWM ${(startHwm / 1024).toFixed(0)} MB at start, ${(pagesHwm / 1024).toFixed(0)} MB after the pages, ${(peak / 1024).toFixed(0)} MB after the export (${check})`)
        console.log(`  memory after the pages: ${pagesParts}\n  memory after the export: ${exportParts}`)
        return { format, run, rows, seconds, ratio: seconds / ceiling, cpu, load, megabytes: bytes / 1e6, startHwmMb: startHwm / 1024, pagesHwmMb: pagesHwm / 1024, peakRssMb: peak / 1024, check }
      } finally {
        clearInterval(sampler)
      }
    } finally {
      await app.stop()
    }
  }

  const results: Result[] = []
  for (let run = 1; run <= RUNS; run++) {
    // The ceiling again in each run, so each ratio compares two timings taken moments apart.
    if (run > 1) dumpSeconds = medianDump()
    for (const format of FORMATS) {
      try {
        results.push(await measureFormat(format, run, dumpSeconds))
      } catch (error) {
        // A format that did not finish is reported as such, never as a time.
        console.log(`${format} (run ${run}): FAILED: ${error instanceof Error ? error.message : String(error)}`)
        results.push({ format, run, rows: '—', seconds: NaN, ratio: NaN, cpu: NaN, load: os.loadavg()[0] ?? 0, megabytes: 0, startHwmMb: NaN, pagesHwmMb: NaN, peakRssMb: NaN, check: 'failed' })
      }
    }
  }

  const median = (values: number[]) => {
    const sorted = values.filter((v) => !Number.isNaN(v)).sort((a, b) => a - b)
    return sorted.length ? (sorted[Math.floor((sorted.length - 1) / 2)] ?? NaN) : NaN
  }
  const fixed = (value: number, digits: number) => (Number.isNaN(value) ? '—' : value.toFixed(digits))
  console.log(`\nRoster of ${expectedRows} certified observers (one NGO, one campaign), over HTTP, single worker, ${os.availableParallelism()} cores, ${RUNS} run(s): medians of time; memory is the highest of the runs`)
  console.log('| format | rows | wall time s | × sqlite3 -csv | server CPU s | load avg | size MB | VmHWM at start, MB | after the pages, MB | after the export, MB | time target | time met | memory target | memory met | check |')
  console.log('| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- | --- | --- | --- | --- |')
  console.log(`| sqlite3 -csv, same query (ceiling; the last run's) | ${dumpRows} | ${dumpSeconds.toFixed(2)} | 1 | — | — | ${(fs.statSync(dumpFile).size / 1e6).toFixed(1)} | — | — | — | — | — | — | — | |`)
  const verdicts: string[] = []
  for (const format of FORMATS) {
    const runs = results.filter((r) => r.format === format)
    const finished = runs.filter((r) => !Number.isNaN(r.seconds))
    const target = TARGETS[format] ?? {}
    const seconds = median(finished.map((r) => r.seconds))
    const ratio = median(finished.map((r) => r.ratio))
    const peak = Math.max(...finished.map((r) => r.peakRssMb))
    const pages = Math.max(...finished.map((r) => r.pagesHwmMb))
    const start = Math.max(...finished.map((r) => r.startHwmMb))
    const allFinished = finished.length === runs.length && runs.length > 0
    const timeWanted = [target.ratio ? `≤ ${target.ratio}×` : '', target.seconds ? `< ${target.seconds} s` : ''].filter(Boolean).join(', ') || '—'
    const timeMet = !allFinished ? 'not measured' : target.ratio === undefined && target.seconds === undefined ? '—' : (target.ratio === undefined || ratio <= target.ratio) && (target.seconds === undefined || seconds < target.seconds) ? 'yes' : 'NO'
    const memoryMet = !allFinished ? 'not measured' : peak < TARGET_RSS_MB ? 'yes' : 'NO'
    const checks = [...new Set(runs.map((r) => r.check))].join('; ')
    console.log(`| ${format} | ${runs[0]?.rows ?? '—'} | ${fixed(seconds, 2)} | ${fixed(ratio, 2)} | ${fixed(median(finished.map((r) => r.cpu)), 2)} | ${fixed(median(runs.map((r) => r.load)), 1)} | ${fixed(median(finished.map((r) => r.megabytes)), 1)} | ${finished.length ? start.toFixed(0) : '—'} | ${finished.length ? pages.toFixed(0) : '—'} | ${finished.length ? peak.toFixed(0) : '—'} | ${timeWanted} | ${timeMet} | < ${TARGET_RSS_MB} MB | ${memoryMet} | ${checks} |`)
    verdicts.push(`${format}: time ${timeMet}${timeMet === '—' ? ' (no time target)' : ''}, memory ${memoryMet}`)
  }
  console.log(`\nTargets (issue 15): CSV ≤ 1.5× sqlite3 -csv, XLSX ≤ 4×, a region of about 26,000 rows as PDF < 10 s, peak RSS (VmHWM) < ${TARGET_RSS_MB} MB after the pages and the export.`)
  for (const verdict of verdicts) console.log(`  ${verdict}`)
} finally {
  if (process.env.BENCH_KEEP_DB) console.log(`\nkept: ${dir}`)
  else fs.rmSync(dir, { recursive: true, force: true })
}
