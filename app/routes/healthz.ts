import { getCatalog } from '~/server/courses/catalog.server.ts'
import { checkDatabase } from '~/server/accounts/people.server.ts'

/** For load balancers: 200 when this app server reaches its database and has its compiled courses. */
export async function loader() {
  await Promise.all([checkDatabase(), getCatalog()])
  return new Response('ok', { headers: { 'Content-Type': 'text/plain', 'Cache-Control': 'no-store' } })
}
