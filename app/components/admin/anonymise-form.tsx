import { getFormProps, getInputProps, useForm, type SubmissionResult } from '@conform-to/react'
import { parseWithZod } from '@conform-to/zod/v4'
import { Form, Link } from '@remix-run/react'
import { useTranslation } from 'react-i18next'
import { ErrorList, FormMessage, validationTiming } from '~/components/forms.tsx'
import { anonymiseSchema } from '~/domain/validation/admin.ts'

export interface AnonymiseCandidate {
  name: string
  email: string
  requestedOn: string | null
  anonymisedOn: string | null
  applications: number
  certificates: number
  memberships: number
  isSelf: boolean
}

/** The confirmation step before an admin anonymises a person: who, what goes, what stays, and a box to tick. */
export function AnonymiseForm({ person, lastResult }: { person: AnonymiseCandidate; lastResult: SubmissionResult<string[]> | null | undefined }) {
  const { t } = useTranslation()
  const [form, fields] = useForm({
    id: 'anonymise',
    lastResult: lastResult ?? undefined,
    onValidate: ({ formData }) => parseWithZod(formData, { schema: anonymiseSchema }),
    ...validationTiming,
  })
  const { key: confirmKey, ...confirmProps } = getInputProps(fields.confirm, { type: 'checkbox' })
  const name = person.anonymisedOn ? t('admin.people.removedPerson') : person.name
  return (
    <>
      <p className="breadcrumb">
        <Link to="/admin/people">{t('admin.people.title')}</Link>
      </p>
      <h1>{t('admin.anonymise.title', { name })}</h1>
      <section className="card" aria-labelledby="person-heading">
        <h2 id="person-heading">{t('admin.anonymise.person')}</h2>
        <dl className="facts">
          <div>
            <dt>{t('fields.email')}</dt>
            <dd>{person.email}</dd>
          </div>
          <div>
            <dt>{t('admin.people.personalData')}</dt>
            <dd>
              {person.anonymisedOn
                ? t('admin.people.anonymisedOn', { date: person.anonymisedOn })
                : person.requestedOn
                  ? t('admin.people.requestedOn', { date: person.requestedOn })
                  : t('admin.anonymise.notRequested')}
            </dd>
          </div>
          <div>
            <dt>{t('admin.anonymise.records')}</dt>
            <dd>{t('admin.anonymise.recordCounts', { applications: person.applications, certificates: person.certificates, roles: person.memberships })}</dd>
          </div>
        </dl>
      </section>
      <section className="card" aria-labelledby="effects-heading">
        <h2 id="effects-heading">{t('admin.anonymise.effects')}</h2>
        <p>{t('admin.anonymise.removed')}</p>
        <p>{t('admin.anonymise.kept')}</p>
        <p className="muted">{t('admin.anonymise.backups')}</p>
        {person.anonymisedOn ? <p role="status">{t('admin.anonymise.again')}</p> : null}
        {person.isSelf ? (
          <p className="form-message" role="alert">
            {t('admin.anonymise.self')}
          </p>
        ) : (
          <Form method="post" {...getFormProps(form)} className="stack">
            <FormMessage id={form.errorId} errors={form.errors} />
            <div className="field">
              <label>
                <input key={confirmKey} {...confirmProps} aria-describedby={fields.confirm.errors?.length ? fields.confirm.errorId : undefined} /> {t('admin.anonymise.confirm')}
              </label>
              <ErrorList id={fields.confirm.errorId} errors={fields.confirm.errors} />
            </div>
            <div>
              <button type="submit" className="btn btn-danger">
                {t('admin.anonymise.submit')}
              </button>
            </div>
          </Form>
        )}
      </section>
    </>
  )
}
