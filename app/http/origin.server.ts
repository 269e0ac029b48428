import { env } from '../server/platform/env.server.ts'

/** Base URL for links that leave the site (emails, QR codes): APP_URL when set, else the request's origin. */
export function publicOrigin(request: Request): string {
  return env().APP_URL?.replace(/\/$/, '') ?? new URL(request.url).origin
}
