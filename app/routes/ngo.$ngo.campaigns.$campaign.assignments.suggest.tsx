import { data, type ActionFunctionArgs, type LoaderFunctionArgs } from '@remix-run/node'
import { Link, useActionData, useLoaderData } from '@remix-run/react'
import { useTranslation } from 'react-i18next'
import { SuggestionReview, SuggestionResult } from '~/components/deployment/suggestion-review.tsx'
import { ListFilterForm } from '~/components/deployment/list-filters.tsx'
import { confirmSuggestionSchema, parseListFilters, shiftLabel } from '~/domain/assignments.ts'
import { localizedName } from '~/domain/locale.ts'
import { getLocale } from '~/i18n/i18next.server.ts'
import { clientIp } from '~/http/context.server.ts'
import { firstError, parseForm } from '~/http/forms.server.ts'
import { requireNgoCampaign } from '~/server/accounts/permissions.server.ts'
import { confirmSuggestions, firstSuggestion } from '~/server/deployment/assignments.server.ts'
import { listShifts } from '~/server/deployment/shifts.server.ts'
import { stationDistricts } from '~/server/deployment/stations.server.ts'
import { listRegions } from '~/server/recruitment/regions.server.ts'
export { RouteErrorBoundary as ErrorBoundary } from '~/components/route-error.tsx'

export const handle = { titleKey: 'deployment.suggest.title' }

/** Step one (GET): the suggestion for a shift and region, to review; step two (POST): the ticked pairs, checked again and written. */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const { ngo, scope, campaign } = await requireNgoCampaign(request, params)
  const filters = parseListFilters(new URL(request.url).searchParams)
  const [locale, regions, shifts, districts] = await Promise.all([getLocale(request), listRegions(), listShifts(campaign.id), stationDistricts(campaign.id, filters.regionCode)])
  const chosen = shifts.find((s) => s.id === filters.shiftId)
  const regionNames = new Map(regions.map((r) => [r.code, localizedName(r, locale)]))
  // Without a chosen shift, the first shift (in time) with something to propose, else the first one:
  // a lead who opens the page after placing everyone for the opening sees the next shift's proposal.
  const found = await firstSuggestion(scope, campaign.id, chosen ? [chosen.id] : shifts.map((s) => s.id), filters.regionCode, filters.district)
  const shift = shifts.find((s) => s.id === found?.shiftId)
  const suggestion = found?.rows ?? []
  return {
    ngo: { slug: ngo.slug },
    campaign: { slug: campaign.slug, name: localizedName(campaign, locale) },
    filters: { ...filters, shiftId: shift?.id },
    shift: shift ? { id: shift.id, label: shiftLabel(shift, locale) } : null,
    regions: regions.map((r) => ({ value: r.code, label: localizedName(r, locale) })),
    districts,
    shifts: shifts.map((s) => ({ value: s.id, label: shiftLabel(s, locale) })),
    rows: suggestion.map((s) => ({ ...s, region: regionNames.get(s.regionCode) ?? s.regionCode })),
  }
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const { scope, campaign } = await requireNgoCampaign(request, params)
  const submission = await parseForm(request, confirmSuggestionSchema)
  if (submission.status !== 'success') return data({ error: firstError(submission), result: null }, { status: 400 })
  const result = await confirmSuggestions(scope, campaign.id, submission.value.shiftId, submission.value.pairs, clientIp(context))
  return data({ error: null, result })
}

export default function Suggest() {
  const { ngo, campaign, filters, shift, regions, districts, shifts, rows } = useLoaderData<typeof loader>()
  const actionData = useActionData<typeof action>()
  const { t } = useTranslation()
  const base = `/ngo/${ngo.slug}/campaigns/${campaign.slug}/assignments`
  const shiftNames = Object.fromEntries(shifts.map((s) => [s.value, s.label]))
  return (
    <>
      <p className="breadcrumb">
        <Link to={base}>{t('deployment.assignments.title')}</Link>
      </p>
      <h1>{t('deployment.suggest.title')}</h1>
      <p>{t('deployment.suggest.lead')}</p>
      {actionData?.result ? <SuggestionResult result={actionData.result} shiftNames={shiftNames} listUrl={base} /> : null}
      {actionData?.error ? (
        <p className="callout callout-warning" role="alert">
          {t(actionData.error)}
        </p>
      ) : null}
      <ListFilterForm filters={filters} regions={regions} districts={districts} shifts={shifts} show="none" />
      {shift ? <SuggestionReview rows={rows} shift={shift} /> : <p>{t('deployment.suggest.noShifts')}</p>}
    </>
  )
}
