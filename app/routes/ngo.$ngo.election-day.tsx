import { data, type ActionFunctionArgs, type LoaderFunctionArgs } from '@remix-run/node'
import { Form, Link, useActionData, useLoaderData } from '@remix-run/react'
import { useTranslation } from 'react-i18next'
import { LeadAssignments, SignatoryForm } from '~/components/election-day/lead-assignments.tsx'
import { Pagination } from '~/components/pagination.tsx'
import { formatClock } from '~/domain/checkins.ts'
import { letterLanguages, parseLetterLanguage } from '~/domain/letters.ts'
import { localizedName } from '~/domain/locale.ts'
import { parsePage } from '~/domain/paging.ts'
import { electionDayLeadSchema } from '~/domain/validation/election-day.ts'
import { getLocale } from '~/i18n/i18next.server.ts'
import { clientIp } from '~/http/context.server.ts'
import { parseForm } from '~/http/forms.server.ts'
import { redirectWithToast } from '~/http/toast.server.ts'
import { requireNgoLead } from '~/server/accounts/permissions.server.ts'
import { newClientId, recordTap } from '~/server/deployment/checkins.server.ts'
import { campaignsWithAssignments, ngoAssignments } from '~/server/deployment/election-day.server.ts'
import { letterSignatory, setIdDocumentNumber, setLetterSignatory } from '~/server/deployment/letters.server.ts'
import { listRegions } from '~/server/recruitment/regions.server.ts'
export { RouteErrorBoundary as ErrorBoundary } from '~/components/route-error.tsx'

export const handle = { titleKey: 'electionDay.letters.title' }

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { ngo, scope } = await requireNgoLead(request, params.ngo)
  const url = new URL(request.url)
  const [locale, campaigns, regions, signatory] = await Promise.all([getLocale(request), campaignsWithAssignments(scope), listRegions(), letterSignatory(scope)])
  const campaign = campaigns.find((c) => c.slug === url.searchParams.get('campaign')) ?? campaigns[0]
  const regionCode = regions.find((r) => r.code === url.searchParams.get('region'))?.code
  const language = parseLetterLanguage(url.searchParams.get('language'), locale)
  const list = campaign ? await ngoAssignments(scope, campaign.id, { regionCode, page: parsePage(url.searchParams) }) : null
  const regionName = (code: string) => {
    const region = regions.find((r) => r.code === code)
    return region ? localizedName(region, locale) : code
  }
  return {
    ngo: { slug: ngo.slug, name: ngo.name },
    signatory: { name: signatory.letterSignatory ?? '', title: signatory.letterSignatoryTitle ?? '' },
    campaigns: campaigns.map((c) => ({ slug: c.slug, name: localizedName(c, locale) })),
    campaign: campaign ? { slug: campaign.slug, name: localizedName(campaign, locale) } : null,
    regionCode: regionCode ?? '',
    language,
    regions: (list?.regionCodes ?? []).map((code) => ({ code, name: regionName(code) })),
    total: list?.total ?? 0,
    pageCount: list?.pageCount ?? 0,
    page: parsePage(url.searchParams),
    rows: (list?.rows ?? []).map((r) => ({
      id: r.id,
      fullName: r.application.fullName,
      status: r.status,
      station: r.station.number,
      region: regionName(r.station.regionCode),
      address: r.station.address,
      shift: `${localizedName(r.shift, locale)}, ${formatClock(r.shift.startsAt)}–${formatClock(r.shift.endsAt)}`,
      hasDocument: r.hasDocument,
      present: r.present,
      arrived: r.arrived,
      clientIds: { arrived: newClientId(), left: newClientId() },
    })),
  }
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const { scope } = await requireNgoLead(request, params.ngo)
  const submission = await parseForm(request, electionDayLeadSchema)
  if (submission.status !== 'success') return data({ result: submission.reply() }, { status: 400 })
  const back = new URL(request.url)
  const here = `${back.pathname}${back.search}`
  const input = submission.value
  const ip = clientIp(context)
  if (input.intent === 'signatory') {
    await setLetterSignatory(scope, { name: input.name, title: input.title ?? null }, ip)
    return redirectWithToast(here, { key: 'electionDay.letters.signatorySaved', kind: 'success' })
  }
  if (input.intent === 'document') {
    if (!(await setIdDocumentNumber(scope, input.assignmentId, input.number, ip))) throw new Response('Not Found', { status: 404 })
    return redirectWithToast(here, { key: 'electionDay.letters.documentSaved', kind: 'success' })
  }
  const result = await recordTap({ kind: 'scope', scope }, input, ip)
  if (!result.ok && result.error === 'notFound') throw new Response('Not Found', { status: 404 })
  if (!result.ok) return redirectWithToast(here, { key: `electionDay.checkin.refused.${result.error}`, kind: 'error' })
  return redirectWithToast(here, { key: `electionDay.checkin.recorded.${result.checkIn.kind === 'left' ? 'left' : 'arrived'}`, kind: 'success' })
}

export default function ElectionDay() {
  const { ngo, signatory, campaigns, campaign, regionCode, language, regions, total, page, pageCount, rows } = useLoaderData<typeof loader>()
  const actionData = useActionData<typeof action>()
  const { t } = useTranslation()
  const batch = (code: string) => `/ngo/${ngo.slug}/letters/region/${code}?campaign=${campaign?.slug ?? ''}&language=${language}`
  return (
    <>
      <div className="page-head">
        <h1>{t('electionDay.letters.title')}</h1>
        <Link to="/coverage" className="btn btn-secondary btn-small">
          {t('electionDay.nav.board')}
        </Link>
      </div>
      <p>{t('electionDay.letters.intro')}</p>
      {campaign ? (
        <>
          <Form method="get" className="filter-bar">
            <label>
              {t('electionDay.board.campaign')}{' '}
              <select name="campaign" defaultValue={campaign.slug}>
                {campaigns.map((c) => <option key={c.slug} value={c.slug}>{c.name}</option>)}
              </select>
            </label>
            <label>
              {t('electionDay.board.region')}{' '}
              <select name="region" defaultValue={regionCode}>
                <option value="">{t('electionDay.board.allRegions')}</option>
                {regions.map((r) => <option key={r.code} value={r.code}>{r.name}</option>)}
              </select>
            </label>
            <label>
              {t('electionDay.letters.language')}{' '}
              <select name="language" defaultValue={language}>
                {letterLanguages.map((l) => <option key={l} value={l}>{t(`electionDay.letters.languages.${l}`)}</option>)}
              </select>
            </label>
            <button type="submit" className="btn btn-secondary btn-small">{t('common.filter')}</button>
          </Form>
          <h2>{t('electionDay.letters.batches')}</h2>
          <ul className="ed-batches">
            {regions.map((r) => (
              <li key={r.code}>
                <a href={batch(r.code)} download>{t('electionDay.letters.batch', { region: r.name })}</a>
              </li>
            ))}
          </ul>
          <p className="muted" role="status">{t('electionDay.letters.shown', { count: total })}</p>
          <LeadAssignments ngoSlug={ngo.slug} rows={rows} language={language} />
          <Pagination page={page} pageCount={pageCount} />
        </>
      ) : (
        <p>{t('electionDay.letters.none')}</p>
      )}
      <SignatoryForm name={signatory.name} title={signatory.title} errors={actionData?.result.error ?? undefined} />
    </>
  )
}
