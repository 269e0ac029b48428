import { type LoaderFunctionArgs } from '@remix-run/node'
import { getLocale } from '~/i18n/i18next.server.ts'
import { clientIp } from '~/http/context.server.ts'
import { verifyLetterCode } from '~/server/deployment/letters.server.ts'
import { verifyCertificate } from '~/server/exams/certificates.server.ts'
import { allowVerifyLookup } from '~/server/platform/throttle.server.ts'

/**
 * The online half of checking a signed paper (/v). A certificate (the default): still valid, or
 * revoked, superseded, expired, unknown. A letter (`?paper=letter`): its assignment still in force
 * (`valid`) or not (`cancelled`: moved, declined or removed since it was printed). Only the code is
 * asked; the paper's other contents never leave the phone. Throttled and audited as /verify/<code> is.
 */
export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const ip = clientIp(context)
  const headers = { 'Content-Type': 'application/json; charset=utf-8', 'Cache-Control': 'no-store' }
  if (!(await allowVerifyLookup(ip))) return new Response(JSON.stringify({ status: 'throttled' }), { status: 429, headers: { ...headers, 'Retry-After': '60' } })
  const code = (params.code ?? '').slice(0, 40)
  if (new URL(request.url).searchParams.get('paper') === 'letter') {
    return new Response(JSON.stringify({ code, paper: 'letter', status: await verifyLetterCode(code, ip) }), { headers })
  }
  const certificate = await verifyCertificate(code, await getLocale(request), ip)
  if (!certificate) return new Response(JSON.stringify({ code, status: 'unknown' }), { status: 404, headers })
  const body = { code: certificate.code, status: certificate.status, expiresAt: certificate.expiresAt.toISOString(), revokedAt: certificate.revokedAt?.toISOString() ?? null }
  return new Response(JSON.stringify(body), { headers })
}
