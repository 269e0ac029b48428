import { type LoaderFunctionArgs } from '@remix-run/node'
import { Link, useLoaderData } from '@remix-run/react'
import { useTranslation } from 'react-i18next'
import { LearnerTable } from '~/components/live/learner-table.tsx'
import { parsePage } from '~/domain/paging.ts'
import { requireTrainer } from '~/server/accounts/permissions.server.ts'
import { learnerAttendance } from '~/server/live-sessions/sessions.server.ts'
export { RouteErrorBoundary as ErrorBoundary } from '~/components/route-error.tsx'

export const handle = { titleKey: 'live.learners.title' }

export async function loader({ request }: LoaderFunctionArgs) {
  const { actor } = await requireTrainer(request)
  const page = parsePage(new URL(request.url).searchParams)
  return { ...(await learnerAttendance({ kind: 'manager', actor }, { page })), page }
}

export default function StudioLearners() {
  const data = useLoaderData<typeof loader>()
  const { t } = useTranslation()
  return (
    <>
      <p className="breadcrumb">
        <Link to="/studio/sessions">{t('live.studio.title')}</Link>
      </p>
      <h1>{t('live.learners.title')}</h1>
      <LearnerTable {...data} />
    </>
  )
}
