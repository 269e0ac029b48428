/**
 * Every environment variable the app reads, in one zod schema. `npm start` checks them at start-up
 * (app/cli/serve.ts) and refuses to run with one message per problem; in production it also refuses
 * the unsafe defaults that are fine for development (no session secret, no public address, email
 * silently written to files).
 */
import { z } from 'zod'
import { SQLITE_LOCK_WAIT_DEFAULT_MS } from '../../../prisma/scripts/database-url.ts'

/** SQLite's own default page cache (2 MiB), instead of better-sqlite3's 16. */
export const SQLITE_CACHE_DEFAULT_MB = 2

const whole = (min: number) => z.coerce.number({ error: 'must be a whole number' }).int({ error: 'must be a whole number' }).min(min, { error: `must be at least ${min}` })
const flag = z.enum(['true', 'false'], { error: 'must be "true" or "false"' })

/** pino's levels, quietest last (app/server/platform/logger.server.ts). */
export const LOG_LEVELS = ['trace', 'debug', 'info', 'warn', 'error', 'fatal', 'silent'] as const

const schema = z
  .object({
    NODE_ENV: z.enum(['development', 'production', 'test'], { error: 'must be development, production or test' }).default('development'),
    DATABASE_URL: z
      .string()
      .regex(/^(file:|postgres(ql)?:\/\/)/, { error: 'must start with file: (SQLite) or postgresql:// (PostgreSQL)' })
      .default('file:./data/observer-school.db'),
    /** Public base URL: emailed links, certificate QR codes, the origin check of form posts, HSTS. */
    APP_URL: z
      .url({ protocol: /^https?$/, error: 'must be an http:// or https:// address, e.g. https://observers.example.kz' })
      .refine((value) => !URL.canParse(value) || (new URL(value).pathname === '/' && !new URL(value).search), { error: 'must be an origin only (scheme, host, port), without a path' })
      .optional(),
    /** Signs the toast cookie. Required in production; development falls back to a fixed string. */
    SESSION_SECRET: z.string().optional(),
    /** smtp://user:pass@host:port; when unset, mail goes to the outbox directory. */
    SMTP_URL: z.string().regex(/^smtps?:\/\//, { error: 'must start with smtp:// or smtps://' }).optional(),
    /** Production only: "true" accepts writing email to OUTBOX_DIR instead of sending it (the demo, tests). */
    EMAIL_OUTBOX: flag.optional(),
    MAIL_FROM: z.string().default('Observer School <no-reply@observer-school.local>'),
    OUTBOX_DIR: z.string().default('data/outbox'),
    /** Set to "false" to allow session cookies over plain HTTP in production (e.g. behind no TLS on a LAN). */
    SECURE_COOKIES: flag.optional(),
    /** Express `trust proxy`: set behind nginx or a load balancer so throttling sees client addresses. */
    TRUST_PROXY: z.string().default('loopback'),
    PORT: whole(0).max(65535, { error: 'must be at most 65535' }).default(3000),
    HOST: z.string().default('0.0.0.0'),
    /**
     * SQLite's `synchronous` setting: NORMAL (default) syncs the write-ahead log at checkpoints, so a
     * commit survives the process crashing but the last ones may be lost to a power cut or a kernel
     * crash; FULL syncs on every commit (about 4 ms each on a virtual disk, and SQLite has one writer).
     */
    SQLITE_SYNCHRONOUS: z.enum(['NORMAL', 'FULL'], { error: 'must be NORMAL or FULL' }).default('NORMAL'),
    /**
     * SQLite only: each connection's page cache in MiB (a worker holds two: the client's and the
     * exports' reader). better-sqlite3 builds SQLite with 16 MiB, which one scan of a large campaign
     * fills and keeps for the life of the worker; the operating system caches the file anyway
     * (tests/bench/HISTORY.md, session 19).
     */
    SQLITE_CACHE_MB: whole(1).max(1024, { error: 'must be at most 1024' }).default(SQLITE_CACHE_DEFAULT_MB),
    /** SQLite only: how long a write waits for another process's write lock before its request is answered 503 (prisma/scripts/database-url.ts). */
    SQLITE_LOCK_WAIT_MS: whole(100).max(120_000, { error: 'must be at most 120000' }).default(SQLITE_LOCK_WAIT_DEFAULT_MS),
    /** Worker processes of `npm start`; default: one per CPU core. */
    WEB_CONCURRENCY: whole(1).optional(),
    /** Requests a worker computes at once, the others waiting in turn (app/server/platform/request-gate.server.ts); default: 2 on SQLite, no limit on PostgreSQL. */
    REQUESTS_IN_FLIGHT: whole(1).optional(),
    /** Set by `npm start` in the processes it forks. */
    OBSERVER_WORKER: z.string().optional(),
    CONTENT_DIR: z.string().default('content'),
    CONTENT_CACHE_DIR: z.string().default('.cache/content'),
    FONT_DIR: z.string().default('app/assets/fonts'),
    /** Overrides every exam's cooldown (browser tests and rehearsals). */
    EXAM_COOLDOWN_SECONDS: whole(0).optional(),
    LOGIN_MAX_FAILURES_PER_ACCOUNT: whole(1).default(5),
    LOGIN_MAX_FAILURES_PER_IP: whole(1).default(30),
    VERIFY_LOOKUPS_PER_MINUTE: whole(1).default(30),
    /** Requests to the JSON roster API per client address and minute. */
    API_REQUESTS_PER_MINUTE: whole(1).default(60),
    LOGIN_THROTTLE_SECONDS: whole(1).default(15 * 60),
    /** Per client address and FORM_THROTTLE_SECONDS: sign-ups, password-reset requests, submitted applications, other anonymous forms. */
    SIGNUPS_PER_ADDRESS: whole(1).default(30),
    PASSWORD_RESETS_PER_ADDRESS: whole(1).default(10),
    APPLICATIONS_PER_ADDRESS: whole(1).default(30),
    ANONYMOUS_FORMS_PER_ADDRESS: whole(1).default(60),
    FORM_THROTTLE_SECONDS: whole(1).default(60 * 60),
    /** How often each app process sends due notification emails; 0 turns the worker off (another process sends). */
    NOTIFICATIONS_INTERVAL_MS: whole(0).default(5000),
    /** Days without progress after which an accepted or training recruit is reminded (at most weekly). */
    TRAINING_REMINDER_DAYS: whole(1).default(3),
    /** Personal data kept only as long as needed: the rows of uploaded volunteer lists, and dev-outbox email files. */
    RETENTION_IMPORT_DAYS: whole(1).default(30),
    RETENTION_OUTBOX_DAYS: whole(1).default(14),
    /** Finished background jobs (sent emails, run imports: their payloads name who asked and from where) are deleted after this. */
    RETENTION_JOB_DAYS: whole(1).default(30),
    /** The least important log lines written (JSON on stdout); default info (error under tests run in-process). */
    LOG_LEVEL: z.enum(LOG_LEVELS, { error: `must be one of ${LOG_LEVELS.join(', ')}` }).optional(),
    /** Turns on GET /metrics (Prometheus), answered only with `Authorization: Bearer <METRICS_TOKEN>`; unset, /metrics does not exist. */
    METRICS_TOKEN: z.string().min(16, { error: 'must be at least 16 characters (e.g. `openssl rand -hex 32`)' }).optional(),
  })

/**
 * What production refuses, judged on the raw values so that they are reported together with any
 * malformed value (zod skips an object's refinements once a field fails).
 */
function productionProblems(source: Record<string, string>): string[] {
  if (source.NODE_ENV !== 'production') return []
  const problems: string[] = []
  const secret = source.SESSION_SECRET
  if (!secret) problems.push('SESSION_SECRET is not set: production needs a random secret of at least 32 characters (e.g. `openssl rand -hex 32`)')
  else if (secret.length < 32) problems.push('SESSION_SECRET is too short: use a random secret of at least 32 characters (e.g. `openssl rand -hex 32`)')
  if (!source.APP_URL) problems.push('APP_URL is not set: production needs the public address, e.g. https://observers.example.kz (emailed links and the origin check of form posts use it)')
  if (!source.SMTP_URL && source.EMAIL_OUTBOX !== 'true') {
    problems.push('SMTP_URL is not set: production sends email through SMTP_URL; set EMAIL_OUTBOX=true to write it to OUTBOX_DIR instead (demo and tests only)')
  }
  return problems
}

export type Env = z.infer<typeof schema>

export type EnvResult = { ok: true; env: Env } | { ok: false; problems: string[] }

/**
 * Reads an environment (empty values count as unset), or one sentence per problem. `server: true`
 * (what `npm start` checks) adds production's requirements; scripts such as migrations and the seed
 * need only well-formed values.
 */
export function readEnv(source: Record<string, string | undefined>, { server = true }: { server?: boolean } = {}): EnvResult {
  const present = Object.fromEntries(Object.entries(source).filter((entry): entry is [string, string] => entry[1] !== undefined && entry[1] !== ''))
  const parsed = schema.safeParse(present)
  const problems = [
    ...(parsed.success ? [] : parsed.error.issues.map((issue) => `${issue.path.join('.') || 'environment'} ${issue.message}`)),
    ...(server ? productionProblems(present) : []),
  ]
  return parsed.success && problems.length === 0 ? { ok: true, env: parsed.data } : { ok: false, problems }
}

let cached: Env | undefined
/**
 * The validated environment (production's requirements are checked once, by `npm start`). Production
 * reads it once; elsewhere it is read again on every call, because tests point CONTENT_DIR and the
 * like elsewhere while running.
 */
export function env(): Env {
  if (cached) return cached
  const result = readEnv(process.env, { server: false })
  if (!result.ok) throw new Error(`Invalid environment:\n  ${result.problems.join('\n  ')}`)
  if (result.env.NODE_ENV === 'production') cached = result.env
  return result.env
}

/** The page-cache pragma every SQLite connection of a worker is given (SQLITE_CACHE_MB): the client's and the roster reader's. */
export function sqliteCachePragma(): string {
  return `cache_size = -${env().SQLITE_CACHE_MB * 1024}`
}

export function secureCookies(): boolean {
  const { NODE_ENV, SECURE_COOKIES } = env()
  return SECURE_COOKIES ? SECURE_COOKIES === 'true' : NODE_ENV === 'production'
}

/** The secret that signs the toast cookie (production has a real one: start-up refuses to run without it). */
export function sessionSecret(): string {
  return env().SESSION_SECRET ?? 'observer-school-development-only-secret'
}
