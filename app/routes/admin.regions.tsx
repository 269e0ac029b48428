import { getFormProps, getInputProps, useForm } from '@conform-to/react'
import { parseWithZod } from '@conform-to/zod/v4'
import { data, type ActionFunctionArgs, type LoaderFunctionArgs } from '@remix-run/node'
import { Form, useActionData, useLoaderData } from '@remix-run/react'
import { useTranslation } from 'react-i18next'
import { Field, validationTiming } from '~/components/forms.tsx'
import { MAX_POLLING_STATIONS } from '~/domain/dashboard.ts'
import { localizedName } from '~/domain/locale.ts'
import { pollingStationsSchema } from '~/domain/validation/regions.ts'
import { getLocale } from '~/i18n/i18next.server.ts'
import { clientIp } from '~/http/context.server.ts'
import { regionsWithStations, updatePollingStations } from '~/server/recruitment/dashboards.server.ts'
import { parseForm } from '~/http/forms.server.ts'
import { requireAdmin } from '~/server/accounts/permissions.server.ts'
import { redirectWithToast } from '~/http/toast.server.ts'
export { RouteErrorBoundary as ErrorBoundary } from '~/components/route-error.tsx'

export const handle = { titleKey: 'admin.regions.heading' }

export async function loader({ request }: LoaderFunctionArgs) {
  await requireAdmin(request)
  const locale = await getLocale(request)
  const regions = await regionsWithStations()
  return { regions: regions.map((r) => ({ code: r.code, name: localizedName(r, locale), pollingStations: r.pollingStations })) }
}

export async function action({ request, context }: ActionFunctionArgs) {
  const admin = await requireAdmin(request)
  const codes = (await regionsWithStations()).map((r) => r.code)
  const submission = await parseForm(request, pollingStationsSchema(codes))
  if (submission.status !== 'success') return data({ result: submission.reply() }, { status: 400 })
  await updatePollingStations(admin.id, submission.value.stations, clientIp(context))
  return redirectWithToast('/admin/regions', { key: 'admin.regions.saved', kind: 'success' })
}

export default function AdminRegions() {
  const { regions } = useLoaderData<typeof loader>()
  const actionData = useActionData<typeof action>()
  const { t } = useTranslation()
  const codes = regions.map((r) => r.code)
  const [form, fields] = useForm({
    id: 'polling-stations',
    lastResult: actionData?.result,
    defaultValue: { stations: Object.fromEntries(regions.map((r) => [r.code, String(r.pollingStations)])) },
    onValidate: ({ formData }) => parseWithZod(formData, { schema: pollingStationsSchema(codes) }),
    ...validationTiming,
  })
  const stations = fields.stations.getFieldset()
  const total = regions.reduce((sum, r) => sum + r.pollingStations, 0)
  return (
    <>
      <h1>{t('admin.regions.heading')}</h1>
      <p className="lead">{t('admin.regions.lead')}</p>
      <p>{t('admin.regions.total', { count: total })}</p>
      <Form method="post" {...getFormProps(form)} className="card stations-form">
        <div className="stations-grid">
          {regions.map((r) => {
            const field = stations[r.code]
            if (!field) return null
            return (
              <Field
                key={r.code}
                label={r.name}
                inputProps={{ ...getInputProps(field, { type: 'number' }), min: 0, max: MAX_POLLING_STATIONS, step: 1, inputMode: 'numeric' }}
                errors={field.errors}
                errorId={field.errorId}
              />
            )
          })}
        </div>
        <button type="submit" className="btn btn-primary">
          {t('common.save')}
        </button>
      </Form>
    </>
  )
}
