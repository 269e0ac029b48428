import { data, type ActionFunctionArgs, type LoaderFunctionArgs } from '@remix-run/node'
import { useActionData, useLoaderData } from '@remix-run/react'
import { AnonymiseForm } from '~/components/admin/anonymise-form.tsx'
import { formatDate } from '~/domain/format.ts'
import { anonymiseSchema } from '~/domain/validation/admin.ts'
import { clientIp } from '~/http/context.server.ts'
import { parseForm } from '~/http/forms.server.ts'
import { redirectWithToast } from '~/http/toast.server.ts'
import { getLocale } from '~/i18n/i18next.server.ts'
import { anonymisationPreview, anonymisePerson } from '~/server/accounts/anonymise.server.ts'
import { notFound, requireAdmin } from '~/server/accounts/permissions.server.ts'
export { RouteErrorBoundary as ErrorBoundary } from '~/components/route-error.tsx'

export const handle = { titleKey: 'admin.anonymise.pageTitle' }

/** A coalition admin anonymises one person: this page is the confirmation step. */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const admin = await requireAdmin(request)
  const person = await anonymisationPreview(params.userId ?? '')
  if (!person) notFound()
  const locale = await getLocale(request)
  return {
    person: {
      name: person.name,
      email: person.email,
      requestedOn: person.deletionRequestedAt ? formatDate(person.deletionRequestedAt, locale) : null,
      anonymisedOn: person.anonymisedAt ? formatDate(person.anonymisedAt, locale) : null,
      applications: person.applications,
      certificates: person.certificates,
      memberships: person.memberships,
      isSelf: person.id === admin.id,
    },
  }
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const admin = await requireAdmin(request)
  const userId = params.userId ?? ''
  if (!(await anonymisationPreview(userId))) notFound()
  const submission = await parseForm(request, anonymiseSchema)
  if (submission.status !== 'success') return data({ result: submission.reply() }, { status: 400 })
  const result = await anonymisePerson(admin.id, userId, clientIp(context))
  if (!result.ok) {
    if (result.error === 'notFound') notFound()
    return data({ result: submission.reply({ formErrors: [`admin.anonymise.${result.error}`] }) }, { status: 400 })
  }
  return redirectWithToast('/admin/people', { key: 'admin.anonymise.done', kind: 'success' })
}

export default function AnonymisePerson() {
  const { person } = useLoaderData<typeof loader>()
  const actionData = useActionData<typeof action>()
  return <AnonymiseForm person={person} lastResult={actionData?.result} />
}
