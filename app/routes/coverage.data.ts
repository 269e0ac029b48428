import { type LoaderFunctionArgs } from '@remix-run/node'
import { getLocale } from '~/i18n/i18next.server.ts'
import { requireBoardScope } from '~/server/accounts/permissions.server.ts'
import { boardRequest, coverageBoard } from '~/server/deployment/coverage-board.server.ts'

/** The coverage board's numbers as JSON (what the wall screen polls), in the reader's scope and language. */
export async function loader({ request }: LoaderFunctionArgs) {
  const { scope } = await requireBoardScope(request)
  const board = await coverageBoard(scope, boardRequest(new URL(request.url).searchParams), await getLocale(request))
  return new Response(JSON.stringify(board), { headers: { 'Content-Type': 'application/json; charset=utf-8', 'Cache-Control': 'private, no-store' } })
}
