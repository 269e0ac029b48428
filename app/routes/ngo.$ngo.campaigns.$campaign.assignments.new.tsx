import { data, type ActionFunctionArgs, type LoaderFunctionArgs } from '@remix-run/node'
import { Link, useActionData, useLoaderData } from '@remix-run/react'
import { useTranslation } from 'react-i18next'
import { z } from 'zod'
import { RefusalMessage, stationLabel } from '~/components/deployment/assignment-bits.tsx'
import { AssignForm } from '~/components/deployment/assign-form.tsx'
import { assignFormSchema, groupStationsByDistrict, shiftLabel } from '~/domain/assignments.ts'
import { localizedName } from '~/domain/locale.ts'
import { getLocale } from '~/i18n/i18next.server.ts'
import { clientIp } from '~/http/context.server.ts'
import { firstError, parseForm } from '~/http/forms.server.ts'
import { redirectWithToast } from '~/http/toast.server.ts'
import { requireNgoCampaign } from '~/server/accounts/permissions.server.ts'
import { assignObserver, certifiedObservers, findAssignment, moveAssignment } from '~/server/deployment/assignments.server.ts'
import { listShifts } from '~/server/deployment/shifts.server.ts'
import { stationChoices, stationCountsByRegion, stationDistricts } from '~/server/deployment/stations.server.ts'
import { listRegions } from '~/server/recruitment/regions.server.ts'
export { RouteErrorBoundary as ErrorBoundary } from '~/components/route-error.tsx'

export const handle = { titleKey: 'deployment.assign.title' }

const querySchema = z.object({
  region: z.string().regex(/^[A-Z]{2}-\d{2}$/).optional().catch(undefined),
  district: z.string().trim().max(100).optional().catch(undefined).transform((v) => v || undefined),
  // A station's number or words of its address.
  q: z.string().trim().max(100).optional().catch(undefined).transform((v) => v || undefined),
  move: z.string().regex(/^[A-Za-z0-9_-]{1,60}$/).optional().catch(undefined),
  observer: z.string().regex(/^[A-Za-z0-9_-]{1,60}$/).optional().catch(undefined),
})

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { ngo, scope, campaign } = await requireNgoCampaign(request, params)
  const query = querySchema.parse(Object.fromEntries(new URL(request.url).searchParams))
  const moving = query.move ? await findAssignment(scope, campaign.id, query.move) : null
  const [locale, regions, shifts, observers, counts] = await Promise.all([getLocale(request), listRegions(), listShifts(campaign.id), certifiedObservers(scope, campaign.id), stationCountsByRegion(campaign.id)])
  const chosen = observers.find((o) => o.id === (moving?.application.id ?? query.observer))
  // Without a choice: the chosen observer's region if it has stations, else the region with the most.
  const busiest = [...counts.entries()].sort((a, b) => b[1] - a[1])[0]?.[0]
  const regionCode = query.region ?? moving?.station.regionCode ?? (chosen && counts.has(chosen.regionCode) ? chosen.regionCode : busiest) ?? regions[0]?.code ?? ''
  const district = query.district ?? (query.region ? undefined : moving?.station.district)
  const [districts, stations] = await Promise.all([stationDistricts(campaign.id, regionCode), stationChoices(campaign.id, regionCode, district, query.q)])
  const regionName = new Map(regions.map((r) => [r.code, localizedName(r, locale)]))
  return {
    ngo: { slug: ngo.slug },
    campaign: { slug: campaign.slug, name: localizedName(campaign, locale) },
    regionCode,
    district: district ?? '',
    q: query.q ?? '',
    moving: moving ? { id: moving.id, observer: moving.application.fullName, regionCode: moving.application.regionCode, stationId: moving.station.id, shiftId: moving.shiftId } : null,
    chosenObserver: chosen?.id ?? '',
    regions: regions.map((r) => ({ value: r.code, label: localizedName(r, locale) })),
    districts,
    // Namesakes told apart by where they live and the IIN's last digits (what the letters print too).
    observers: observers.map((o) => ({ value: o.id, fullName: o.fullName, regionCode: o.regionCode, place: [regionName.get(o.regionCode) ?? o.regionCode, o.settlement].filter(Boolean).join(', '), iinTail: o.iinTail, assignments: o.assignments })),
    stationGroups: groupStationsByDistrict(stations).map((g) => ({ district: g.district, stations: g.stations.map((s) => ({ value: s.id, label: stationLabel({ ...s, district: '' }) })) })),
    shifts: shifts.map((s) => ({ value: s.id, label: shiftLabel(s, locale) })),
  }
}

/** What the lead had chosen, to show the form again as it was sent (a refusal, a missing choice). */
function chosenFields(payload: Record<string, unknown>) {
  const text = (name: string) => (typeof payload[name] === 'string' ? payload[name] : '')
  return { applicationId: text('applicationId'), stationId: text('stationId'), shiftId: text('shiftId'), idDocumentNumber: text('idDocumentNumber') }
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const { ngo, scope, campaign } = await requireNgoCampaign(request, params)
  const submission = await parseForm(request, assignFormSchema)
  const chosen = chosenFields(submission.payload)
  if (submission.status !== 'success') {
    // A choice left empty is said at its field; anything else (a garbled post) once above the form.
    const fieldErrors = fieldErrorsOf(submission.error)
    return data({ refusal: null, error: Object.keys(fieldErrors).length ? null : firstError(submission), fieldErrors, chosen }, { status: 400 })
  }
  const value = submission.value
  const ip = clientIp(context)
  const result = value.intent === 'assign' ? await assignObserver(scope, campaign.id, value, ip) : await moveAssignment(scope, campaign.id, value, ip)
  if (!result.ok) {
    const { ok: _ok, ...refusal } = result
    return data({ refusal, error: null, fieldErrors: {}, chosen }, { status: 409 })
  }
  return redirectWithToast(`/ngo/${ngo.slug}/campaigns/${campaign.slug}/assignments`, { key: value.intent === 'move' ? 'deployment.assignments.moved' : 'deployment.assignments.assigned', kind: 'success' })
}

const choiceFields = ['applicationId', 'stationId', 'shiftId', 'idDocumentNumber'] as const
type ChoiceField = (typeof choiceFields)[number]

function fieldErrorsOf(error: Record<string, string[] | null> | null | undefined): Partial<Record<ChoiceField, string[]>> {
  const out: Partial<Record<ChoiceField, string[]>> = {}
  for (const name of choiceFields) {
    const messages = error?.[name]
    if (messages?.length) out[name] = messages
  }
  return out
}

export default function AssignObserver() {
  const loaded = useLoaderData<typeof loader>()
  const actionData = useActionData<typeof action>()
  const { t } = useTranslation()
  const base = `/ngo/${loaded.ngo.slug}/campaigns/${loaded.campaign.slug}/assignments`
  const shiftNames = Object.fromEntries(loaded.shifts.map((s) => [s.value, s.label]))
  const regionNames = Object.fromEntries(loaded.regions.map((r) => [r.value, r.label]))
  return (
    <>
      <p className="breadcrumb">
        <Link to={base}>{t('deployment.assignments.title')}</Link>
      </p>
      <h1>{loaded.moving ? t('deployment.assign.moveTitle', { name: loaded.moving.observer }) : t('deployment.assign.title')}</h1>
      {actionData?.refusal ? <RefusalMessage refusal={actionData.refusal} shiftNames={shiftNames} regionNames={regionNames} /> : null}
      {actionData?.error ? (
        <p className="callout callout-warning" role="alert">
          {t(actionData.error)}
        </p>
      ) : null}
      <AssignForm {...loaded} sent={actionData ? { chosen: actionData.chosen, fieldErrors: actionData.fieldErrors, refusedOtherRegion: actionData.refusal?.error === 'otherRegion' } : null} />
    </>
  )
}
