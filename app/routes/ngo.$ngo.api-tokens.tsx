import { getFormProps, getInputProps, useForm } from '@conform-to/react'
import { parseWithZod } from '@conform-to/zod/v4'
import { data, type ActionFunctionArgs, type LoaderFunctionArgs } from '@remix-run/node'
import { Form, Link, useActionData, useLoaderData } from '@remix-run/react'
import { useTranslation } from 'react-i18next'
import { Field, validationTiming } from '~/components/forms.tsx'
import { TableWrap } from '~/components/table-wrap.tsx'
import { apiTokenActionSchema, apiTokenNameSchema } from '~/domain/api-tokens.ts'
import { formatDateTime } from '~/domain/format.ts'
import { getLocale } from '~/i18n/i18next.server.ts'
import { createApiToken, listApiTokens, revokeApiToken } from '~/server/accounts/api-tokens.server.ts'
import { clientIp } from '~/http/context.server.ts'
import { parseForm } from '~/http/forms.server.ts'
import { notFound, requireNgoLead } from '~/server/accounts/permissions.server.ts'
import { redirectWithToast } from '~/http/toast.server.ts'
export { RouteErrorBoundary as ErrorBoundary } from '~/components/route-error.tsx'

export const handle = { titleKey: 'apiTokens.title' }

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { ngo, scope } = await requireNgoLead(request, params.ngo)
  const [tokens, locale] = await Promise.all([listApiTokens(scope), getLocale(request)])
  const when = (d: Date | null) => (d ? formatDateTime(d, locale) : null)
  return {
    ngo: { slug: ngo.slug, name: ngo.name },
    tokens: tokens.map((x) => ({ id: x.id, name: x.name, prefix: x.prefix, createdAt: when(x.createdAt), lastUsedAt: when(x.lastUsedAt), revokedAt: when(x.revokedAt), creatorGone: x.creatorGone })),
  }
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const { ngo, scope } = await requireNgoLead(request, params.ngo)
  const submission = await parseForm(request, apiTokenActionSchema)
  if (submission.status !== 'success') return data({ result: submission.reply(), created: null }, { status: 400 })
  const input = submission.value
  if (input.intent === 'revoke') {
    if (!(await revokeApiToken(scope, input.tokenId, clientIp(context)))) notFound()
    return redirectWithToast(`/ngo/${ngo.slug}/api-tokens`, { key: 'apiTokens.revoked', kind: 'success' })
  }
  const created = await createApiToken(scope, input.name, clientIp(context))
  // Shown once, in this response only: never stored, never in a redirect or a cookie.
  return data({ result: submission.reply({ resetForm: true }), created: { name: input.name, token: created.token } }, { headers: { 'Cache-Control': 'no-store' } })
}

export default function NgoApiTokens() {
  const { ngo, tokens } = useLoaderData<typeof loader>()
  const actionData = useActionData<typeof action>()
  const { t } = useTranslation()
  const [form, fields] = useForm({ id: 'api-token', lastResult: actionData?.result, onValidate: ({ formData }) => parseWithZod(formData, { schema: apiTokenNameSchema }), ...validationTiming })
  return (
    <>
      <p className="breadcrumb">
        <Link to={`/ngo/${ngo.slug}`}>{ngo.name}</Link>
      </p>
      <h1>{t('apiTokens.title')}</h1>
      <p className="lead">{t('apiTokens.lead')}</p>
      {actionData?.created ? (
        <section className="callout" aria-labelledby="new-token-title">
          <h2 id="new-token-title">{t('apiTokens.createdTitle', { name: actionData.created.name })}</h2>
          <p>{t('apiTokens.createdHelp')}</p>
          <p>
            <code id="new-token" className="details">
              {actionData.created.token}
            </code>
          </p>
        </section>
      ) : null}
      <Form method="post" {...getFormProps(form)} className="card stack">
        <Field label={t('apiTokens.name')} inputProps={{ ...getInputProps(fields.name, { type: 'text' }), maxLength: 80 }} errors={fields.name.errors} errorId={fields.name.errorId} help={t('apiTokens.nameHelp')} />
        <button type="submit" className="btn btn-primary" name="intent" value="create">
          {t('apiTokens.create')}
        </button>
      </Form>
      {tokens.length ? (
        <TableWrap label={t('apiTokens.title')}>
          <table>
            <thead>
              <tr>
                <th scope="col">{t('apiTokens.name')}</th>
                <th scope="col">{t('apiTokens.prefix')}</th>
                <th scope="col">{t('apiTokens.created')}</th>
                <th scope="col">{t('apiTokens.lastUsed')}</th>
                <th scope="col">{t('common.actions')}</th>
              </tr>
            </thead>
            <tbody>
              {tokens.map((x) => (
                <tr key={x.id}>
                  <td>{x.name}</td>
                  <td>
                    <code>{x.prefix}…</code>
                  </td>
                  <td>{x.createdAt}</td>
                  <td>{x.lastUsedAt ?? t('apiTokens.never')}</td>
                  <td>
                    {x.revokedAt ? (
                      t('apiTokens.revokedAt', { when: x.revokedAt })
                    ) : (
                      <Form method="post">
                        {x.creatorGone ? <p className="muted">{t('apiTokens.creatorGone')}</p> : null}
                        <input type="hidden" name="tokenId" value={x.id} />
                        <button type="submit" className="btn-link danger" name="intent" value="revoke" aria-label={t('apiTokens.revokeNamed', { name: x.name })}>
                          {t('apiTokens.revoke')}
                        </button>
                      </Form>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </TableWrap>
      ) : (
        <p>{t('apiTokens.none')}</p>
      )}
      <h2>{t('apiTokens.usageTitle')}</h2>
      <p>{t('apiTokens.usage')}</p>
      <pre>
        <code>{`curl -H "Authorization: Bearer os_…" "${'<server>'}/api/v1/rosters/<campaign>?region=KZ-75"`}</code>
      </pre>
    </>
  )
}
