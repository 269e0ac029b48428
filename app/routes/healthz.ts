import { db } from '~/server/db.server.ts'

/** For load balancers: 200 when this app server can reach its database. */
export async function loader() {
  await db.region.count()
  return new Response('ok', { headers: { 'Content-Type': 'text/plain', 'Cache-Control': 'no-store' } })
}
