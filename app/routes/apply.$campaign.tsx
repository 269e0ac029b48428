import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs } from '@remix-run/node'
import { Link, useActionData, useLoaderData, type ShouldRevalidateFunction } from '@remix-run/react'
import { useMemo } from 'react'
import { CampaignFacts } from '~/components/campaign-facts.tsx'
import { useTranslation } from 'react-i18next'
import { pendingField } from '~/components/forms.tsx'
import { ApplicationForm } from '~/components/recruitment/application-form.tsx'
import { parseDeclarations } from '~/domain/declarations.ts'
import { formatDate, formatDateTime } from '~/domain/format.ts'
import { iinFormFacts } from '~/domain/iin.ts'
import { localizedName } from '~/domain/locale.ts'
import { applicationSchema, applyStepSchema } from '~/domain/validation/application.ts'
import { getLocale } from '~/i18n/i18next.server.ts'
import { applicationContextOf, earlierApplication, hasApplied, loadDraft, openCampaigns, saveDraft, submitApplication, CONSENT_VERSION } from '~/server/recruitment/applications.server.ts'
import { clientIp } from '~/http/context.server.ts'
import { parseForm, readForm } from '~/http/forms.server.ts'
import { notFound, requireUser } from '~/server/accounts/permissions.server.ts'
import { listRegions } from '~/server/recruitment/regions.server.ts'
import { findCampaignBySlug } from '~/server/recruitment/recruitment.server.ts'
import { retryAfterHeaders, throttledInit } from '~/http/anonymous-forms.server.ts'
import { throttleForm } from '~/server/platform/throttle.server.ts'
import { redirectWithToast } from '~/http/toast.server.ts'
export { RouteErrorBoundary as ErrorBoundary } from '~/components/route-error.tsx'

export const handle = { titleKey: 'apply.formTitle' }

export const headers = retryAfterHeaders

async function loadCampaign(slug: string | undefined) {
  const campaign = slug ? await findCampaignBySlug(slug) : null
  if (!campaign) notFound()
  return campaign
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireUser(request)
  const campaign = await loadCampaign(params.campaign)
  if (await hasApplied(user.id, campaign.id)) throw redirect('/applications')
  const [locale, regions, { ngos }, draft, earlier] = await Promise.all([getLocale(request), listRegions(), openCampaigns(), loadDraft(user.id, campaign.id), earlierApplication(user.id)])
  const url = new URL(request.url)
  const preselectedNgo = url.searchParams.get('ngo') ?? ''
  const { applicationDeadline } = applicationContextOf(campaign, [])
  return {
    campaign: { slug: campaign.slug, name: localizedName(campaign, locale), electionDay: formatDate(campaign.electionDay, locale), deadline: formatDate(campaign.applicationDeadline, locale), minimumAge: campaign.minimumAge },
    context: { electionDay: campaign.electionDay.toISOString(), applicationDeadline: applicationDeadline.toISOString(), minimumAge: campaign.minimumAge },
    closed: applicationDeadline.getTime() < Date.now(),
    declarations: parseDeclarations(campaign.declarations),
    regions: regions.map((r) => ({ code: r.code, name: localizedName(r, locale) })),
    ngos: ngos.map((n) => ({ slug: n.slug, name: n.name })),
    // A draft of this campaign's form wins; else someone who applied before starts from what they gave then.
    defaults: { email: user.email, fullName: user.name, ...(draft ? {} : (earlier?.values ?? {})), ...(ngos.some((n) => n.slug === preselectedNgo) ? { ngo: preselectedNgo } : {}), ...(draft?.values ?? {}) },
    /** The earlier campaign whose application filled the form in (no draft of this one yet). */
    filledFrom: !draft && earlier ? localizedName(earlier.campaign, locale) : null,
    draftSavedAt: draft ? formatDateTime(draft.savedAt, locale) : null,
    consentVersion: CONSENT_VERSION,
  }
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const user = await requireUser(request)
  const campaign = await loadCampaign(params.campaign)
  const form = await readForm(request)
  const locale = await getLocale(request)
  const step = await parseForm(form, applyStepSchema, { raw: true })
  // Past the deadline (a page left open, an old link) nothing typed is kept: no application can come of it.
  const closed = applicationContextOf(campaign, []).applicationDeadline.getTime() < Date.now()
  if (closed) return data({ result: step.reply({ formErrors: ['application.deadlinePassed'] }), draftSavedAt: undefined, retryAfterMinutes: 0 }, { status: 400 })
  if (step.status === 'success' && step.value.intent === 'draft') {
    const { intent: _intent, ...draft } = step.value
    // Already applied (a late autosave): nothing kept, and the page's loader sends them to their applications.
    const saved = await saveDraft(user.id, campaign.id, draft)
    return data({ result: undefined, draftSavedAt: saved ? formatDateTime(new Date(), locale) : undefined, retryAfterMinutes: 0 })
  }
  const { ngos } = await openCampaigns()
  const schema = applicationSchema({ ...applicationContextOf(campaign, parseDeclarations(campaign.declarations)), ngoSlugs: ngos.map((n) => n.slug) })
  const submission = await parseForm(form, schema)
  // Submissions (not drafts, which save themselves as the person types) count against the address.
  const throttled = await throttleForm('apply', clientIp(context))
  if (throttled) {
    return data({ result: submission.reply({ formErrors: ['auth.tooManyRequests'] }), draftSavedAt: undefined, retryAfterMinutes: throttled.retryAfterMinutes }, throttledInit(throttled))
  }
  if (submission.status !== 'success') return data({ result: submission.reply(), draftSavedAt: undefined, retryAfterMinutes: 0 }, { status: 400 })
  // Neither a draft nor the application (an unknown intent): nothing is submitted.
  if (step.status !== 'success') return data({ result: submission.reply({ formErrors: ['validation.invalid'] }), draftSavedAt: undefined, retryAfterMinutes: 0 }, { status: 400 })
  const ngo = ngos.find((n) => n.slug === submission.value.ngo)
  if (!ngo) return data({ result: submission.reply({ fieldErrors: { ngo: ['validation.ngo'] } }), draftSavedAt: undefined, retryAfterMinutes: 0 }, { status: 400 })
  const result = await submitApplication(user.id, campaign.id, ngo.id, submission.value, clientIp(context))
  if (!result.ok) {
    if (result.error === 'alreadyApplied') throw redirect('/applications')
    const key = result.error === 'duplicateIin' ? 'application.duplicateIin' : 'application.notFound'
    return data({ result: submission.reply({ fieldErrors: result.error === 'duplicateIin' ? { iin: [key] } : { '': [key] } }), draftSavedAt: undefined, retryAfterMinutes: 0 }, { status: 400 })
  }
  return redirectWithToast('/applications', { key: 'application.submitted', kind: 'success' })
}

/** Saving a draft in the background must not reload the page under the person typing. */
export const shouldRevalidate: ShouldRevalidateFunction = ({ formData, defaultShouldRevalidate }) => (pendingField(formData, 'intent') === 'draft' ? false : defaultShouldRevalidate)

export default function ApplyToCampaign() {
  const loaderData = useLoaderData<typeof loader>()
  const actionData = useActionData<typeof action>()
  const { t } = useTranslation()
  const { campaign, context, declarations, regions, ngos, defaults, closed } = loaderData
  const schema = useMemo(
    () =>
      applicationSchema({
        electionDay: new Date(context.electionDay),
        applicationDeadline: new Date(context.applicationDeadline),
        minimumAge: context.minimumAge,
        declarations,
        now: new Date(),
        ngoSlugs: ngos.map((n) => n.slug),
      }),
    [context, declarations, ngos],
  )
  return (
    <div className="container narrow-wide">
      <p className="breadcrumb">
        <Link to="/apply">{t('apply.title')}</Link>
      </p>
      <h1>{t('apply.formTitle')}</h1>
      <p className="lead">{campaign.name}</p>
      <CampaignFacts electionDay={campaign.electionDay} deadline={campaign.deadline} more={[{ label: t('apply.minimumAge'), value: `${campaign.minimumAge}+` }]} />
      {closed ? (
        // No form to fill for minutes only to be refused at the end: where to go instead.
        <>
          <p className="form-message" role="status">
            {t('application.deadlinePassed')}
          </p>
          <p className="actions">
            <Link to="/apply" className="btn btn-primary">
              {t('apply.otherCampaigns')}
            </Link>{' '}
            <Link to="/applications" className="btn btn-secondary">
              {t('apply.mine')}
            </Link>
          </p>
        </>
      ) : (
        <>
          <p className="muted">{t('apply.formLead')}</p>
          {loaderData.filledFrom ? (
            <p className="callout" role="status">
              {t('apply.filledFrom', { campaign: loaderData.filledFrom })}
            </p>
          ) : null}
          <ApplicationForm
            mode="volunteer"
            schema={schema}
            lastResult={actionData?.result}
            defaults={defaults}
            regions={regions}
            ngos={ngos}
            declarations={declarations.map((id) => ({ id, text: t(`declarations.${id}`) }))}
            consentText={(ngoName) => t('apply.consentText', { version: loaderData.consentVersion, ngo: ngoName ? t('apply.consentNgo', { name: ngoName }) : t('apply.consentAnyNgo') })}
            deriveFromIin={iinFormFacts}
            draftSavedAt={actionData?.draftSavedAt ?? loaderData.draftSavedAt}
            submitLabel={t('apply.submit')}
            messageValues={{ minutes: actionData?.retryAfterMinutes || 1 }}
          />
        </>
      )}
    </div>
  )
}
