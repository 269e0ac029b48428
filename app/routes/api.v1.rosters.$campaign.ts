import { type LoaderFunctionArgs } from '@remix-run/node'
import { clientIp } from '~/http/context.server.ts'
import { rosterApiResponse } from '~/http/roster-api.server.ts'

/** An NGO's roster as JSON, for a bearer API token (see README, "Rosters and exports"). */
export async function loader({ request, params, context }: LoaderFunctionArgs) {
  return rosterApiResponse(request, params.campaign ?? '', clientIp(context))
}
