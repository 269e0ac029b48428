import { checkDatabase } from '~/server/people.server.ts'

/** For load balancers: 200 when this app server can reach its database. */
export async function loader() {
  await checkDatabase()
  return new Response('ok', { headers: { 'Content-Type': 'text/plain', 'Cache-Control': 'no-store' } })
}
