import { data, type ActionFunctionArgs, type LoaderFunctionArgs } from '@remix-run/node'
import { Link, useActionData, useLoaderData } from '@remix-run/react'
import { useTranslation } from 'react-i18next'
import { MyAssignmentCard } from '~/components/deployment/my-assignment.tsx'
import { assignmentResponseSchema, shiftLabel, stationMapLink } from '~/domain/assignments.ts'
import { formatDate, formatDateTime } from '~/domain/format.ts'
import { localizedName } from '~/domain/locale.ts'
import { getLocale } from '~/i18n/i18next.server.ts'
import { clientIp } from '~/http/context.server.ts'
import { firstError, parseForm } from '~/http/forms.server.ts'
import { redirectWithToast } from '~/http/toast.server.ts'
import { requireUser } from '~/server/accounts/permissions.server.ts'
import { myAssignments, respondToAssignment } from '~/server/deployment/assignments.server.ts'
import { listRegions } from '~/server/recruitment/regions.server.ts'
export { RouteErrorBoundary as ErrorBoundary } from '~/components/route-error.tsx'

export const handle = { titleKey: 'deployment.mine.title' }

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request)
  const [locale, rows, regions] = await Promise.all([getLocale(request), myAssignments(user.id), listRegions()])
  const regionNames = new Map(regions.map((r) => [r.code, localizedName(r, locale)]))
  return {
    assignments: rows.map((r) => ({
      id: r.id,
      status: r.status as 'assigned' | 'confirmed' | 'declined',
      declineReason: r.declineReason,
      respondedAt: r.respondedAt ? formatDateTime(r.respondedAt, locale) : null,
      campaign: localizedName(r.campaign, locale),
      day: formatDate(r.shift.startsAt, locale),
      shift: shiftLabel(r.shift, locale),
      station: { number: r.station.number, region: regionNames.get(r.station.regionCode) ?? r.station.regionCode, district: r.station.district, address: r.station.address, map: stationMapLink(r.station) },
      ngo: r.ngoName,
      coordinator: r.coordinator,
    })),
  }
}

export async function action({ request, context }: ActionFunctionArgs) {
  const user = await requireUser(request)
  const submission = await parseForm(request, assignmentResponseSchema)
  if (submission.status !== 'success') return data({ error: firstError(submission), id: String(submission.payload.assignmentId ?? '') }, { status: 400 })
  const value = submission.value
  const result = await respondToAssignment(user.id, { assignmentId: value.assignmentId, response: value.intent === 'confirm' ? 'confirmed' : 'declined', ...(value.intent === 'decline' ? { reason: value.reason } : {}) }, clientIp(context))
  if (!result.ok) return data({ error: 'deployment.mine.notFound', id: value.assignmentId }, { status: 404 })
  return redirectWithToast('/assignment', { key: value.intent === 'confirm' ? 'deployment.mine.confirmed' : 'deployment.mine.declined', kind: 'success' })
}

export default function MyAssignment() {
  const { assignments } = useLoaderData<typeof loader>()
  const actionData = useActionData<typeof action>()
  const { t } = useTranslation()
  return (
    <div className="container narrow">
      <h1>{t('deployment.mine.title')}</h1>
      {assignments.length === 0 ? (
        <>
          <p>{t('deployment.mine.none')}</p>
          <p>
            <Link to="/applications">{t('nav.applications')}</Link>
          </p>
        </>
      ) : (
        assignments.map((a) => <MyAssignmentCard key={a.id} assignment={a} error={actionData?.id === a.id ? actionData.error : null} />)
      )}
    </div>
  )
}
