import { getFormProps, getInputProps, getSelectProps, useForm, type SubmissionResult } from '@conform-to/react'
import { parseWithZod } from '@conform-to/zod/v4'
import { Form } from '@remix-run/react'
import { useTranslation } from 'react-i18next'
import { Field, FormMessage, SelectField, validationTiming } from '~/components/forms.tsx'
import { locales, type Locale } from '~/domain/locale.ts'
import { changePasswordSchema, profileSchema } from '~/domain/validation/auth.ts'

const languageLabels = { ru: 'Русский', kk: 'Қазақша', en: 'English' } as const

/** Name and interface language (the email is shown, not editable). */
export function ProfileForm({ email, defaults, lastResult }: { email: string; defaults: { name: string; locale: Locale }; lastResult: SubmissionResult<string[]> | undefined }) {
  const { t } = useTranslation()
  const [profileForm, profileFields] = useForm({
    id: 'profile',
    lastResult,
    defaultValue: defaults,
    onValidate: ({ formData }) => parseWithZod(formData, { schema: profileSchema }),
    ...validationTiming,
  })
  return (
    <section className="card" aria-labelledby="profile-heading">
      <h2 id="profile-heading">{t('account.profile')}</h2>
      <Form method="post" {...getFormProps(profileForm)} className="stack">
        <input type="hidden" name="intent" value="profile" />
        <p>
          <span className="muted">{t('fields.email')}:</span> {email}
        </p>
        <Field label={t('fields.name')} inputProps={{ ...getInputProps(profileFields.name, { type: 'text' }), autoComplete: 'name' }} errors={profileFields.name.errors} errorId={profileFields.name.errorId} />
        <SelectField label={t('fields.language')} selectProps={getSelectProps(profileFields.locale)} options={locales.map((l) => ({ value: l, label: languageLabels[l] }))} errors={profileFields.locale.errors} errorId={profileFields.locale.errorId} />
        <button type="submit" className="btn btn-primary">
          {t('common.save')}
        </button>
      </Form>
    </section>
  )
}

/** Changing the password needs the current one; the typed passwords never come back from the server. */
export function PasswordForm({ lastResult }: { lastResult: SubmissionResult<string[]> | undefined }) {
  const { t } = useTranslation()
  const [passwordForm, passwordFields] = useForm({
    id: 'password',
    lastResult,
    onValidate: ({ formData }) => parseWithZod(formData, { schema: changePasswordSchema }),
    ...validationTiming,
  })
  return (
    <section className="card" aria-labelledby="password-heading">
      <h2 id="password-heading">{t('account.changePassword')}</h2>
      <Form method="post" {...getFormProps(passwordForm)} className="stack">
        <FormMessage id={passwordForm.errorId} errors={passwordForm.errors} />
        <input type="hidden" name="intent" value="password" />
        <Field
          label={t('fields.currentPassword')}
          inputProps={{ ...getInputProps(passwordFields.currentPassword, { type: 'password' }), autoComplete: 'current-password' }}
          errors={passwordFields.currentPassword.errors}
          errorId={passwordFields.currentPassword.errorId}
        />
        <Field
          label={t('fields.newPassword')}
          inputProps={{ ...getInputProps(passwordFields.newPassword, { type: 'password' }), autoComplete: 'new-password' }}
          errors={passwordFields.newPassword.errors}
          errorId={passwordFields.newPassword.errorId}
        />
        <Field
          label={t('fields.confirmPassword')}
          inputProps={{ ...getInputProps(passwordFields.confirmPassword, { type: 'password' }), autoComplete: 'new-password' }}
          errors={passwordFields.confirmPassword.errors}
          errorId={passwordFields.confirmPassword.errorId}
        />
        <button type="submit" className="btn btn-primary">
          {t('account.changePasswordSubmit')}
        </button>
      </Form>
    </section>
  )
}
