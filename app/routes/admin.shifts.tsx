import { data, type ActionFunctionArgs, type LoaderFunctionArgs } from '@remix-run/node'
import { Link, useActionData, useLoaderData } from '@remix-run/react'
import { useTranslation } from 'react-i18next'
import { CampaignPicker } from '~/components/deployment/campaign-picker.tsx'
import { ShiftForm } from '~/components/deployment/shift-form.tsx'
import { electionDate, kzParts, shiftActionSchema } from '~/domain/assignments.ts'
import { localizedName } from '~/domain/locale.ts'
import { getLocale } from '~/i18n/i18next.server.ts'
import { clientIp } from '~/http/context.server.ts'
import { campaignFromQuery } from '~/http/deployment.server.ts'
import { parseForm } from '~/http/forms.server.ts'
import { redirectWithToast } from '~/http/toast.server.ts'
import { notFound, requireAdminScope } from '~/server/accounts/permissions.server.ts'
import { deleteShift, listShifts, saveShift } from '~/server/deployment/shifts.server.ts'
export { RouteErrorBoundary as ErrorBoundary } from '~/components/route-error.tsx'

export const handle = { titleKey: 'deployment.shifts.title' }

export async function loader({ request }: LoaderFunctionArgs) {
  await requireAdminScope(request)
  const [locale, { campaign, campaigns }] = await Promise.all([getLocale(request), campaignFromQuery(new URL(request.url))])
  const shifts = campaign ? await listShifts(campaign.id) : []
  const day = campaign ? electionDate(campaign.electionDay) : ''
  return {
    campaign: campaign ? { slug: campaign.slug, name: localizedName(campaign, locale), day } : null,
    campaigns: campaigns.map((c) => ({ value: c.slug, label: localizedName(c, locale) })),
    shifts: shifts.map((s) => {
      const start = kzParts(s.startsAt)
      const end = kzParts(s.endsAt)
      return { name: localizedName(s, locale), id: s.id, nameRu: s.nameRu, nameKk: s.nameKk, nameEn: s.nameEn, startDate: start.date, startTime: start.time, endDate: end.date, endTime: end.time, sortOrder: String(s.sortOrder) }
    }),
  }
}

export async function action({ request, context }: ActionFunctionArgs) {
  const { scope } = await requireAdminScope(request)
  const { campaign } = await campaignFromQuery(new URL(request.url))
  if (!campaign) notFound()
  const submission = await parseForm(request, shiftActionSchema)
  if (submission.status !== 'success') return data({ result: submission.reply(), error: null }, { status: 400 })
  const here = `/admin/shifts?campaign=${campaign.slug}`
  const value = submission.value
  if (value.intent === 'delete') {
    const deleted = await deleteShift(scope, campaign.id, value.id, clientIp(context))
    if (!deleted.ok) return data({ result: null, error: deleted.error === 'inUse' ? 'deployment.shifts.inUse' : 'deployment.refusal.shiftNotFound' }, { status: 409 })
    return redirectWithToast(here, { key: 'deployment.shifts.deleted', kind: 'success' })
  }
  const saved = await saveShift(scope, campaign.id, value.shift, clientIp(context))
  if (!saved.ok && saved.error === 'overlap') return data({ result: null, error: 'deployment.shifts.overlap' }, { status: 409 })
  if (!saved.ok) return data({ result: null, error: 'deployment.refusal.shiftNotFound' }, { status: 404 })
  return redirectWithToast(here, { key: 'deployment.shifts.saved', kind: 'success' })
}

export default function Shifts() {
  const { campaign, campaigns, shifts } = useLoaderData<typeof loader>()
  const actionData = useActionData<typeof action>()
  const { t } = useTranslation()
  return (
    <>
      <h1>{t('deployment.shifts.title')}</h1>
      <CampaignPicker campaigns={campaigns} current={campaign?.slug} />
      {campaign ? (
        <>
          <p>
            {t('deployment.shifts.lead')} <Link to={`/admin/stations?campaign=${campaign.slug}`}>{t('deployment.stations.title')}</Link>
          </p>
          {actionData?.error ? (
            <p className="callout callout-warning" role="alert">
              {t(actionData.error)}
            </p>
          ) : null}
          {shifts.map(({ name, ...s }) => (
            <ShiftForm key={s.id} defaults={s} name={name} lastResult={undefined} />
          ))}
          <ShiftForm defaults={{ id: '', nameRu: '', nameKk: '', nameEn: '', startDate: campaign.day, startTime: '07:00', endDate: campaign.day, endTime: '14:00', sortOrder: String(shifts.length + 1) }} lastResult={actionData?.result} />
        </>
      ) : (
        <p>{t('deployment.noCampaigns')}</p>
      )}
    </>
  )
}
