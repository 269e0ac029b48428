import { data, type ActionFunctionArgs, type LoaderFunctionArgs } from '@remix-run/node'
import { Link, useActionData, useLoaderData } from '@remix-run/react'
import { useMemo } from 'react'
import { useTranslation } from 'react-i18next'
import { ApplicationForm } from '~/components/recruitment/application-form.tsx'
import { parseDeclarations } from '~/domain/declarations.ts'
import { iinFormFacts } from '~/domain/iin.ts'
import { localizedName } from '~/domain/locale.ts'
import { applicationSchema } from '~/domain/validation/application.ts'
import { getLocale } from '~/i18n/i18next.server.ts'
import { applicationContextOf } from '~/server/recruitment/applications.server.ts'
import { clientIp } from '~/http/context.server.ts'
import { parseForm } from '~/http/forms.server.ts'
import { requireNgoCampaign } from '~/server/accounts/permissions.server.ts'
import { addRecruit } from '~/server/recruitment/recruitment.server.ts'
import { listRegions } from '~/server/recruitment/regions.server.ts'
import { redirectWithToast } from '~/http/toast.server.ts'
export { RouteErrorBoundary as ErrorBoundary } from '~/components/route-error.tsx'

export const handle = { titleKey: 'recruits.addTitle' }

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { ngo, campaign } = await requireNgoCampaign(request, params)
  const [locale, regions] = await Promise.all([getLocale(request), listRegions()])
  return {
    ngo: { slug: ngo.slug },
    campaign: { slug: campaign.slug, name: localizedName(campaign, locale) },
    context: { electionDay: campaign.electionDay.toISOString(), applicationDeadline: campaign.applicationDeadline.toISOString(), minimumAge: campaign.minimumAge },
    declarations: parseDeclarations(campaign.declarations),
    regions: regions.map((r) => ({ code: r.code, name: localizedName(r, locale) })),
  }
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const { ngo, scope, campaign } = await requireNgoCampaign(request, params)
  const schema = applicationSchema({ ...applicationContextOf(campaign, parseDeclarations(campaign.declarations)), ignoreDeadline: true })
  const submission = await parseForm(request, schema)
  if (submission.status !== 'success') return data({ result: submission.reply() }, { status: 400 })
  const result = await addRecruit(scope, campaign.id, submission.value, 'manual', clientIp(context))
  if (!result.ok) {
    const fieldErrors: Record<string, string[]> = result.error === 'duplicateIin' ? { iin: ['application.duplicateIin'] } : result.error === 'alreadyApplied' ? { email: ['recruits.emailAlreadyApplied'] } : { '': ['application.notFound'] }
    return data({ result: submission.reply({ fieldErrors }) }, { status: 400 })
  }
  return redirectWithToast(`/ngo/${ngo.slug}/recruits/${result.applicationId}`, { key: result.invited ? 'recruits.addedInvited' : 'recruits.added', kind: 'success' })
}

export default function AddRecruit() {
  const { ngo, campaign, context, declarations, regions } = useLoaderData<typeof loader>()
  const actionData = useActionData<typeof action>()
  const { t } = useTranslation()
  const schema = useMemo(
    () => applicationSchema({ electionDay: new Date(context.electionDay), applicationDeadline: new Date(context.applicationDeadline), minimumAge: context.minimumAge, declarations, now: new Date(), ignoreDeadline: true }),
    [context, declarations],
  )
  return (
    <div className="narrow-wide">
      <p className="breadcrumb">
        <Link to={`/ngo/${ngo.slug}/campaigns/${campaign.slug}`}>{campaign.name}</Link>
      </p>
      <h1>{t('recruits.addTitle')}</h1>
      <p className="lead">{t('recruits.addLead')}</p>
      <ApplicationForm
        mode="lead"
        schema={schema}
        lastResult={actionData?.result}
        defaults={{}}
        regions={regions}
        declarations={declarations.map((id) => ({ id, text: t(`declarations.${id}`) }))}
        consentText={() => ''}
        deriveFromIin={iinFormFacts}
        submitLabel={t('recruits.addSubmit')}
      />
    </div>
  )
}
