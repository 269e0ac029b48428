import { getFormProps, getInputProps, getSelectProps, useForm } from '@conform-to/react'
import { parseWithZod } from '@conform-to/zod/v4'
import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs } from '@remix-run/node'
import { Form, Link, useActionData, useLoaderData, useSearchParams } from '@remix-run/react'
import { useTranslation } from 'react-i18next'
import { Field, FormMessage, SelectField, validationTiming } from '~/components/forms.tsx'
import { locales } from '~/domain/locale.ts'
import { changePasswordSchema, profileSchema } from '~/domain/validation/auth.ts'
import { localeCookie } from '~/i18n/i18next.server.ts'
import { readForm } from '~/http/forms.server.ts'
import { changePassword, logoutEverywhere, updateProfile } from '~/server/accounts/accounts.server.ts'
import { clientIp } from '~/http/context.server.ts'
import { listMembershipsOf } from '~/server/accounts/people.server.ts'
import { requireUser } from '~/server/accounts/permissions.server.ts'
import { redirectWithToast } from '~/http/toast.server.ts'

export const handle = { titleKey: 'account.title' }

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request)
  return { user, memberships: await listMembershipsOf(user.id) }
}

export async function action({ request, context }: ActionFunctionArgs) {
  const user = await requireUser(request)
  const formData = await readForm(request)
  const intent = formData.get('intent')
  const ip = clientIp(context)
  if (intent === 'profile') {
    const submission = parseWithZod(formData, { schema: profileSchema })
    if (submission.status !== 'success') return data({ intent, result: submission.reply() }, { status: 400 })
    const { name, locale } = submission.value
    await updateProfile(user.id, { name, locale }, ip)
    const headers = new Headers({ 'Set-Cookie': await localeCookie.serialize(submission.value.locale) })
    return redirectWithToast('/account', { key: 'account.profileSaved', kind: 'success' }, { headers })
  }
  if (intent === 'password') {
    const submission = parseWithZod(formData, { schema: changePasswordSchema })
    if (submission.status !== 'success') return data({ intent, result: submission.reply({ resetForm: false, hideFields: ['currentPassword', 'newPassword', 'confirmPassword'] }) }, { status: 400 })
    const result = await changePassword(user.id, submission.value.currentPassword, submission.value.newPassword, ip)
    if (!result.ok) {
      return data({ intent, result: submission.reply({ fieldErrors: { currentPassword: ['account.wrongPassword'] }, hideFields: ['currentPassword', 'newPassword', 'confirmPassword'] }) }, { status: 400 })
    }
    return redirectWithToast('/account', { key: 'account.passwordChanged', kind: 'success' }, { headers: new Headers({ 'Set-Cookie': result.cookie }) })
  }
  if (intent === 'logout-everywhere') {
    const cookie = await logoutEverywhere(user.id, ip)
    return redirect('/login', { headers: { 'Set-Cookie': cookie } })
  }
  return data({ intent: null, result: null }, { status: 400 })
}

const languageLabels = { ru: 'Русский', kk: 'Қазақша', en: 'English' } as const

export default function Account() {
  const { user, memberships } = useLoaderData<typeof loader>()
  const actionData = useActionData<typeof action>()
  const [searchParams] = useSearchParams()
  const { t } = useTranslation()
  const [profileForm, profileFields] = useForm({
    id: 'profile',
    lastResult: actionData?.intent === 'profile' ? actionData.result : undefined,
    defaultValue: { name: user.name, locale: user.locale },
    onValidate: ({ formData }) => parseWithZod(formData, { schema: profileSchema }),
    ...validationTiming,
  })
  const [passwordForm, passwordFields] = useForm({
    id: 'password',
    lastResult: actionData?.intent === 'password' ? actionData.result : undefined,
    onValidate: ({ formData }) => parseWithZod(formData, { schema: changePasswordSchema }),
    ...validationTiming,
  })
  return (
    <div className="container narrow">
      <h1>{t('account.title')}</h1>
      {searchParams.get('welcome') ? (
        <p className="toast toast-success" role="status">
          {t('account.welcome', { name: user.name })}
        </p>
      ) : null}
      <section className="card" aria-labelledby="roles-heading">
        <h2 id="roles-heading">{t('account.roles')}</h2>
        <ul className="plain-list">
          <li>
            {t('roles.volunteer')} · <Link to="/certificates">{t('certificate.mine')}</Link>
          </li>
          {user.isAdmin ? (
            <li>
              <Link to="/admin">{t('roles.admin')}</Link>
            </li>
          ) : null}
          {memberships.map((m) => (
            <li key={m.id}>
              {t(`roles.${m.role}`, { ngo: m.ngoName })}
              {m.role === 'TRAINER' ? (
                <>
                  {' · '}
                  <Link to="/attempts">{t('nav.attempts')}</Link>
                </>
              ) : null}
            </li>
          ))}
        </ul>
      </section>

      <section className="card" aria-labelledby="profile-heading">
        <h2 id="profile-heading">{t('account.profile')}</h2>
        <Form method="post" {...getFormProps(profileForm)} className="stack">
          <input type="hidden" name="intent" value="profile" />
          <p>
            <span className="muted">{t('fields.email')}:</span> {user.email}
          </p>
          <Field label={t('fields.name')} inputProps={{ ...getInputProps(profileFields.name, { type: 'text' }), autoComplete: 'name' }} errors={profileFields.name.errors} errorId={profileFields.name.errorId} />
          <SelectField
            label={t('fields.language')}
            selectProps={getSelectProps(profileFields.locale)}
            options={locales.map((l) => ({ value: l, label: languageLabels[l] }))}
            errors={profileFields.locale.errors}
            errorId={profileFields.locale.errorId}
          />
          <button type="submit" className="btn btn-primary">
            {t('common.save')}
          </button>
        </Form>
      </section>

      <section className="card" aria-labelledby="password-heading">
        <h2 id="password-heading">{t('account.changePassword')}</h2>
        <Form method="post" {...getFormProps(passwordForm)} className="stack">
          <FormMessage id={passwordForm.errorId} errors={passwordForm.errors} />
          <input type="hidden" name="intent" value="password" />
          <Field label={t('fields.currentPassword')} inputProps={{ ...getInputProps(passwordFields.currentPassword, { type: 'password' }), autoComplete: 'current-password' }} errors={passwordFields.currentPassword.errors} errorId={passwordFields.currentPassword.errorId} />
          <Field label={t('fields.newPassword')} inputProps={{ ...getInputProps(passwordFields.newPassword, { type: 'password' }), autoComplete: 'new-password' }} errors={passwordFields.newPassword.errors} errorId={passwordFields.newPassword.errorId} />
          <Field label={t('fields.confirmPassword')} inputProps={{ ...getInputProps(passwordFields.confirmPassword, { type: 'password' }), autoComplete: 'new-password' }} errors={passwordFields.confirmPassword.errors} errorId={passwordFields.confirmPassword.errorId} />
          <button type="submit" className="btn btn-primary">
            {t('account.changePasswordSubmit')}
          </button>
        </Form>
      </section>

      <section className="card" aria-labelledby="sessions-heading">
        <h2 id="sessions-heading">{t('account.sessions')}</h2>
        <p>{t('account.sessionsHelp')}</p>
        <Form method="post">
          <input type="hidden" name="intent" value="logout-everywhere" />
          <button type="submit" className="btn btn-danger">
            {t('account.logoutEverywhere')}
          </button>
        </Form>
      </section>

      <section className="card" aria-labelledby="data-heading">
        <h2 id="data-heading">{t('account.myData')}</h2>
        <p>{t('account.myDataHelp')}</p>
        <a href="/account/data.json" className="btn" download>
          {t('account.downloadMyData')}
        </a>
      </section>
    </div>
  )
}
