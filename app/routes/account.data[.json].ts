import { type LoaderFunctionArgs } from '@remix-run/node'
import { requireUser } from '~/server/accounts/permissions.server.ts'
import { personalDataOf } from '~/server/accounts/personal-data.server.ts'
import { clientIp } from '~/http/context.server.ts'
import { attachment } from '~/http/downloads.server.ts'

/** The signed-in person's own data as a JSON download (audited). */
export async function loader({ request, context }: LoaderFunctionArgs) {
  const user = await requireUser(request)
  const data = await personalDataOf(user.id, clientIp(context))
  return new Response(JSON.stringify(data, null, 2), {
    headers: {
      'Content-Type': 'application/json; charset=utf-8',
      'Content-Disposition': attachment('observer-school-my-data.json'),
      'Cache-Control': 'private, no-store',
    },
  })
}
