import { type LoaderFunctionArgs } from '@remix-run/node'
import { Link, useLoaderData } from '@remix-run/react'
import { useTranslation } from 'react-i18next'
import { LearnerTable } from '~/components/live/learner-table.tsx'
import { parsePage } from '~/domain/paging.ts'
import { requireNgoLead } from '~/server/accounts/permissions.server.ts'
import { learnerAttendance } from '~/server/live-sessions/sessions.server.ts'
export { RouteErrorBoundary as ErrorBoundary } from '~/components/route-error.tsx'

export const handle = { titleKey: 'live.learners.title' }

/** The NGO's recruits: sessions attended, at the NGO's own sessions and coalition-wide ones. */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const { ngo } = await requireNgoLead(request, params.ngo)
  const page = parsePage(new URL(request.url).searchParams)
  return { slug: ngo.slug, page, ...(await learnerAttendance({ kind: 'ngo', ngoId: ngo.id }, { page })) }
}

export default function NgoLearners() {
  const { slug, ...data } = useLoaderData<typeof loader>()
  const { t } = useTranslation()
  return (
    <>
      <p className="breadcrumb">
        <Link to={`/ngo/${slug}/sessions`}>{t('live.ngo.title')}</Link>
      </p>
      <h1>{t('live.learners.title')}</h1>
      <LearnerTable {...data} />
    </>
  )
}
