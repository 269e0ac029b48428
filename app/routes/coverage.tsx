import { type LoaderFunctionArgs } from '@remix-run/node'
import { useLoaderData, useLocation } from '@remix-run/react'
import { useEffect, useState } from 'react'
import { CoverageBoard, type BoardView } from '~/components/election-day/coverage-board.tsx'
import { getLocale } from '~/i18n/i18next.server.ts'
import { requireBoardScope } from '~/server/accounts/permissions.server.ts'
import { boardRequest, coverageBoard } from '~/server/deployment/coverage-board.server.ts'
export { RouteErrorBoundary as ErrorBoundary } from '~/components/route-error.tsx'

export const handle = { titleKey: 'electionDay.board.title' }

/** How often the wall screen asks for fresh numbers. */
const REFRESH_MS = 15_000

export async function loader({ request }: LoaderFunctionArgs) {
  const { scope } = await requireBoardScope(request)
  const url = new URL(request.url)
  const board = await coverageBoard(scope, boardRequest(url.searchParams), await getLocale(request))
  return { board, view: url.searchParams.get('view') === 'table' ? ('table' as const) : ('chart' as const) }
}

/**
 * The coalition headquarters' wall screen (a lead sees their NGO only): server-rendered, then
 * refreshed from /coverage/data every 15 seconds without reloading; "stale" shows when a refresh fails.
 */
export default function Coverage() {
  const loaded = useLoaderData<typeof loader>()
  const location = useLocation()
  const [board, setBoard] = useState<BoardView>(loaded.board)
  const [stale, setStale] = useState(false)
  useEffect(() => setBoard(loaded.board), [loaded.board])
  useEffect(() => {
    const refresh = async () => {
      try {
        const response = await fetch(`/coverage/data${location.search}`, { headers: { Accept: 'application/json' }, credentials: 'same-origin' })
        if (!response.ok) throw new Error(String(response.status))
        setBoard((await response.json()) as BoardView)
        setStale(false)
      } catch {
        setStale(true)
      }
    }
    const timer = window.setInterval(() => void refresh(), REFRESH_MS)
    return () => window.clearInterval(timer)
  }, [location.search])
  return <CoverageBoard board={board} view={loaded.view} stale={stale} />
}
