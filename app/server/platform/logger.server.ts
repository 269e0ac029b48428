/**
 * The one logger: JSON lines on stdout (pino), one per request (app/cli/http-observability.ts), plus
 * start-up, shutdown, background jobs and errors. What a line may hold is decided here, for every caller:
 *
 * - fields that name personal data or secrets (email, phone, IIN, password, token, cookie, headers,
 *   bodies, query strings) are replaced by "[redacted]" wherever a caller puts them;
 * - an error is written as its type, message and stack only (not its other properties: a Prisma
 *   error carries the query's values), and messages, stacks and the line's text are scrubbed of
 *   anything that looks like an email address, a long number (IIN, phone), a token or a query string.
 *
 * LOG_LEVEL chooses the least important level written (default info).
 */
import pino, { type DestinationStream, type Logger } from 'pino'
import { LOG_LEVELS } from './env.server.ts'

type LogLevel = (typeof LOG_LEVELS)[number]

/** Field names never written, at the top of a line or one level down (e.g. `user.email`). */
const SECRET_FIELDS = ['email', 'phone', 'iin', 'password', 'confirmPassword', 'newPassword', 'token', 'sessionId', 'secret', 'cookie', 'authorization', 'headers', 'body', 'query', 'search']

const SECRET = new Set(SECRET_FIELDS)
const CENSOR = '[redacted]'

/** `value` with its own SECRET_FIELDS replaced by CENSOR: a copy if any, else `value` itself. */
function censorOwn(value: object): object {
  let copy: Record<string, unknown> | undefined
  for (const key of Object.keys(value)) {
    if (SECRET.has(key) && (value as Record<string, unknown>)[key] !== undefined) (copy ??= { ...value })[key] = CENSOR
  }
  return copy ?? value
}

/**
 * A line's fields with SECRET_FIELDS replaced by "[redacted]" at the top and one level down (e.g.
 * `user.email`); the caller's objects are never changed (a field is copied only where something is
 * taken out). One pass over the line's own keys: pino's own `redact` (@pinojs/redact) parsed every
 * path again for every field of every line, about 30 KB of garbage a request (tests/bench/HISTORY.md,
 * session 19). An error is left to its serializer, which keeps only type, message and stack.
 */
export function redactFields<T extends object>(fields: T): T {
  let copy: Record<string, unknown> | undefined
  for (const key of Object.keys(fields)) {
    const value = (fields as Record<string, unknown>)[key]
    if (value === undefined) continue
    const kept = SECRET.has(key) ? CENSOR : typeof value === 'object' && value !== null && !Array.isArray(value) && !(value instanceof Error) ? censorOwn(value) : value
    if (kept !== value) (copy ??= { ...(fields as Record<string, unknown>) })[key] = kept
  }
  return (copy ?? fields) as T
}

const SCRUBS: Array<[RegExp, string]> = [
  // A query string (a reset link's token, a search) in a URL or path quoted in a message.
  [/\?[^\s"'`<>]*=[^\s"'`<>]*/g, '?[query]'],
  [/\bBearer\s+\S+/gi, 'Bearer [redacted]'],
  [/\b([\w-]*session[\w-]*)=[^;\s"'`]+/gi, '$1=[redacted]'],
  [/[\p{L}\p{N}._%+-]+@[\p{L}\p{N}-]+(\.[\p{L}\p{N}-]+)+/gu, '[email]'],
  // Random-looking runs of letters and digits: session ids, reset and API tokens.
  [/(?<![\w-])(?=[\w-]*\d)(?=[\w-]*[A-Za-z])[\w-]{20,}(?![\w-])/g, '[token]'],
  [/(?<!\d)\d{12}(?!\d)/g, '[iin]'],
  // Ten digits or more, however spaced: a phone number (+7 701 555 12 34, 8(701)5551234).
  [/\+?\d(?:[\s().-]{0,2}\d){9,}/g, '[number]'],
]

/** The text with what may be personal data or a secret taken out (see SCRUBS). */
export function scrub(text: string): string {
  return SCRUBS.reduce((result, [pattern, replacement]) => result.replace(pattern, replacement), text)
}

/** An error as it is logged: type, message and stack, scrubbed; nothing else it carries. */
export function serializeError(error: unknown): { type: string; message: string; stack?: string } {
  if (!(error instanceof Error)) return { type: typeof error, message: scrub(String(error)).slice(0, 2000) }
  return { type: error.name, message: scrub(error.message).slice(0, 2000), ...(error.stack ? { stack: scrub(error.stack).slice(0, 8000) } : {}) }
}

export function logLevel(source: Record<string, string | undefined> = process.env): LogLevel {
  const wanted = source.LOG_LEVEL
  if (LOG_LEVELS.includes(wanted as LogLevel)) return wanted as LogLevel
  // Tests that run server modules in-process expect failures (a refused email): only errors are shown.
  return source.NODE_ENV === 'test' ? 'error' : 'info'
}

/** A logger with this module's rules; `destination` for tests (default: stdout, written synchronously so no line is lost at exit). */
export function createLogger({ level = logLevel(), destination }: { level?: LogLevel; destination?: DestinationStream } = {}): Logger {
  const created = pino(
    {
      level,
      base: { pid: process.pid },
      timestamp: pino.stdTimeFunctions.isoTime,
      formatters: { level: (label) => ({ level: label }), log: redactFields, bindings: redactFields },
      serializers: { err: serializeError, error: serializeError },
      hooks: {
        // `logger.error(error)` and `logger.info('text %s', value)`: the message text is scrubbed too.
        logMethod(args, method) {
          const [first, ...rest] = args as unknown[]
          if (first instanceof Error) return method.apply(this, [{ err: first }, scrub(typeof rest[0] === 'string' ? rest[0] : first.message)])
          return method.apply(this, args.map((arg) => (typeof arg === 'string' ? scrub(arg) : arg)) as Parameters<typeof method>)
        },
      },
    },
    destination ?? pino.destination({ dest: 1, sync: true }),
  )
  // pino formats only the root's bindings; a child's (and a child's child's, which inherit this) go through the same redaction.
  const child = created.child
  created.child = function (this: Logger, bindings, options) {
    return child.call(this, redactFields(bindings), options)
  } as Logger['child']
  return created
}

export const logger: Logger = createLogger()
