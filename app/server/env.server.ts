import { z } from 'zod'

const schema = z.object({
  NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
  DATABASE_URL: z.string().default('file:./data/observer-school.db'),
  /** Public base URL, used in emailed links and certificate QR codes. */
  APP_URL: z.string().url().optional(),
  /** smtp://user:pass@host:port; when unset, mail goes to the dev outbox. */
  SMTP_URL: z.string().optional(),
  MAIL_FROM: z.string().default('Observer School <no-reply@observer-school.local>'),
  OUTBOX_DIR: z.string().default('data/outbox'),
  /** Set to "false" to allow session cookies over plain HTTP in production (e.g. behind no TLS on a LAN). */
  SECURE_COOKIES: z.enum(['true', 'false']).optional(),
  LOGIN_MAX_FAILURES_PER_ACCOUNT: z.coerce.number().int().positive().default(5),
  LOGIN_MAX_FAILURES_PER_IP: z.coerce.number().int().positive().default(30),
  VERIFY_LOOKUPS_PER_MINUTE: z.coerce.number().int().positive().default(30),
  /** Requests to the JSON roster API per client address and minute. */
  API_REQUESTS_PER_MINUTE: z.coerce.number().int().positive().default(60),
  LOGIN_THROTTLE_SECONDS: z.coerce.number().int().positive().default(15 * 60),
  /** Per client address and FORM_THROTTLE_SECONDS: sign-ups, password-reset requests, submitted applications, other anonymous forms. */
  SIGNUPS_PER_ADDRESS: z.coerce.number().int().positive().default(30),
  PASSWORD_RESETS_PER_ADDRESS: z.coerce.number().int().positive().default(10),
  APPLICATIONS_PER_ADDRESS: z.coerce.number().int().positive().default(30),
  ANONYMOUS_FORMS_PER_ADDRESS: z.coerce.number().int().positive().default(60),
  FORM_THROTTLE_SECONDS: z.coerce.number().int().positive().default(60 * 60),
  /** How often each app process sends due notification emails; 0 turns the worker off (another process sends). */
  NOTIFICATIONS_INTERVAL_MS: z.coerce.number().int().min(0).default(5000),
  /** Days without progress after which an accepted or training recruit is reminded (at most weekly). */
  TRAINING_REMINDER_DAYS: z.coerce.number().int().positive().default(3),
})

export type Env = z.infer<typeof schema>

let cached: Env | undefined
export function env(): Env {
  cached ??= schema.parse(process.env)
  return cached
}

export function secureCookies(): boolean {
  const { NODE_ENV, SECURE_COOKIES } = env()
  return SECURE_COOKIES ? SECURE_COOKIES === 'true' : NODE_ENV === 'production'
}
