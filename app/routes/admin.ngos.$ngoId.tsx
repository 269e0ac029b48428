import { data, type ActionFunctionArgs, type LoaderFunctionArgs } from '@remix-run/node'
import { Link, useActionData, useLoaderData } from '@remix-run/react'
import { useTranslation } from 'react-i18next'
import { NgoForm } from '~/components/admin/ngo-form.tsx'
import { NgoMembers } from '~/components/admin/ngo-members.tsx'
import { ngoPageSchema } from '~/domain/validation/admin.ts'
import { getLocale } from '~/i18n/i18next.server.ts'
import { parseForm, submittedIntent } from '~/http/forms.server.ts'
import { clientIp } from '~/http/context.server.ts'
import { assignMember, getNgo, removeMember, updateNgo, ngoFieldErrors } from '~/server/recruitment/ngos.server.ts'
import { notFound, requireAdmin } from '~/server/accounts/permissions.server.ts'
import { listRegions } from '~/server/recruitment/regions.server.ts'
import { redirectWithToast } from '~/http/toast.server.ts'
export { RouteErrorBoundary as ErrorBoundary } from '~/components/route-error.tsx'

export const handle = { titleKey: 'admin.ngos.edit' }

const isoDate = (d: Date | null) => (d ? d.toISOString().slice(0, 10) : undefined)

export async function loader({ request, params }: LoaderFunctionArgs) {
  await requireAdmin(request)
  const ngo = await getNgo(params.ngoId ?? '')
  if (!ngo) notFound()
  return {
    ngo: {
      id: ngo.id,
      name: ngo.name,
      defaults: {
        name: ngo.name,
        slug: ngo.slug,
        description: ngo.description,
        contactEmail: ngo.contactEmail ?? undefined,
        contactPhone: ngo.contactPhone ?? undefined,
        website: ngo.website ?? undefined,
        regions: ngo.regions.map((r) => r.regionCode),
        accreditationBody: ngo.accreditationBody ?? undefined,
        accreditationIssuer: ngo.accreditationIssuer ?? undefined,
        accreditationNumber: ngo.accreditationNumber ?? undefined,
        accreditedFrom: isoDate(ngo.accreditedFrom),
        accreditedUntil: isoDate(ngo.accreditedUntil),
      },
      members: ngo.memberships.map((m) => ({ id: m.id, role: m.role, name: m.user.name, email: m.user.email })),
    },
    regions: await listRegions(),
    locale: await getLocale(request),
  }
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const admin = await requireAdmin(request)
  const ngoId = params.ngoId ?? ''
  if (!(await getNgo(ngoId))) notFound()
  const ip = clientIp(context)
  const self = `/admin/ngos/${ngoId}`
  const submission = await parseForm(request, ngoPageSchema)
  if (submission.status !== 'success') return data({ intent: submittedIntent(submission, ['assign', 'remove']) ?? 'ngo', result: submission.reply() }, { status: 400 })
  const input = submission.value
  switch (input.intent) {
    case 'assign': {
      const result = await assignMember(admin.id, ngoId, input.email, input.role, ip)
      if (!result.ok) {
        const key = `admin.members.${result.error}` as const
        return data({ intent: input.intent, result: submission.reply({ fieldErrors: { email: [key] } }) }, { status: 400 })
      }
      return redirectWithToast(self, { key: 'admin.members.assigned', kind: 'success' })
    }
    case 'remove': {
      const removed = await removeMember(admin.id, ngoId, input.membershipId, ip)
      if (!removed) notFound()
      return redirectWithToast(self, { key: 'admin.members.removed', kind: 'success' })
    }
    case 'ngo': {
      const { intent: _intent, ...ngo } = input
      const result = await updateNgo(admin.id, ngoId, ngo, ip)
      if (!result.ok) return data({ intent: input.intent, result: submission.reply({ fieldErrors: ngoFieldErrors(result.error) }) }, { status: 400 })
      return redirectWithToast(self, { key: 'admin.ngos.saved', kind: 'success' })
    }
  }
}

export default function EditNgo() {
  const { ngo, regions, locale } = useLoaderData<typeof loader>()
  const actionData = useActionData<typeof action>()
  const { t } = useTranslation()
  return (
    <>
      <div className="page-head">
        <h1>{ngo.name}</h1>
        <Link to={`/ngo/${ngo.defaults.slug}`} className="btn btn-secondary btn-small">
          {t('admin.ngos.openWorkspace')}
        </Link>
      </div>
      <NgoMembers members={ngo.members} lastResult={actionData?.intent === 'assign' ? actionData.result : undefined} />
      <section className="card" aria-labelledby="details-heading">
        <h2 id="details-heading">{t('admin.ngos.details')}</h2>
        <NgoForm lastResult={actionData?.intent === 'ngo' ? actionData.result : undefined} defaults={ngo.defaults} regions={regions} locale={locale} submitLabel={t('common.save')} />
      </section>
    </>
  )
}
