import { getFormProps, getInputProps, useForm, type SubmissionResult } from '@conform-to/react'
import { parseWithZod } from '@conform-to/zod/v4'
import { Form } from '@remix-run/react'
import { useTranslation } from 'react-i18next'
import { ErrorList, FormMessage, validationTiming } from '~/components/forms.tsx'
import { requestDeletionSchema } from '~/domain/validation/auth.ts'

/**
 * The account page's "Delete my data": ask (ticking that one understands what follows), or, once
 * asked, see when and cancel. `requestedOn` is the request's date, formatted on the server.
 */
export function DeletionRequest({ requestedOn, lastResult }: { requestedOn: string | null; lastResult: SubmissionResult<string[]> | null | undefined }) {
  const { t } = useTranslation()
  const [form, fields] = useForm({
    id: 'deletion',
    lastResult: lastResult ?? undefined,
    onValidate: ({ formData }) => parseWithZod(formData, { schema: requestDeletionSchema }),
    ...validationTiming,
  })
  const { key: confirmKey, ...confirmProps } = getInputProps(fields.confirm, { type: 'checkbox' })
  return (
    <section className="card" aria-labelledby="deletion-heading">
      <h2 id="deletion-heading">{t('account.deletion.title')}</h2>
      {requestedOn ? (
        <>
          <p role="status">{t('account.deletion.requested', { date: requestedOn })}</p>
          <Form method="post">
            <input type="hidden" name="intent" value="cancel-deletion" />
            <button type="submit" className="btn btn-secondary">
              {t('account.deletion.cancel')}
            </button>
          </Form>
        </>
      ) : (
        <Form method="post" {...getFormProps(form)} className="stack">
          <p>{t('account.deletion.help')}</p>
          <FormMessage id={form.errorId} errors={form.errors} />
          <input type="hidden" name="intent" value="request-deletion" />
          <div className="field">
            <label>
              <input key={confirmKey} {...confirmProps} aria-describedby={fields.confirm.errors?.length ? fields.confirm.errorId : undefined} /> {t('account.deletion.confirm')}
            </label>
            <ErrorList id={fields.confirm.errorId} errors={fields.confirm.errors} />
          </div>
          <div>
            <button type="submit" className="btn btn-danger">
              {t('account.deletion.submit')}
            </button>
          </div>
        </Form>
      )}
    </section>
  )
}
