import { getFormProps, getTextareaProps, useForm, type SubmissionResult } from '@conform-to/react'
import { Form } from '@remix-run/react'
import { useTranslation } from 'react-i18next'
import { ErrorList } from '~/components/forms.tsx'
import type { ApplicationState } from '~/domain/pipeline.ts'

/**
 * The moves the lead may make from the current state, one button each, with a reason (required to
 * reject: the server's refusal shows under the field, which FocusFirstInvalid then focuses).
 */
export function RecruitMoves({ moves, lastResult }: { moves: ApplicationState[]; lastResult: SubmissionResult<string[]> | undefined }) {
  const { t } = useTranslation()
  const [form, fields] = useForm<{ reason: string }>({ id: 'move', lastResult })
  const helpId = `${fields.reason.id}-help`
  const { key, ...reasonProps } = getTextareaProps(fields.reason, { ariaDescribedBy: helpId })
  return (
    <section className="card" aria-labelledby="actions-heading">
      <h2 id="actions-heading">{t('recruit.actions')}</h2>
      <Form method="post" {...getFormProps(form)} className="stack">
        <input type="hidden" name="intent" value="move" />
        <div className="field">
          <label htmlFor={fields.reason.id}>{t('recruit.reason')}</label>
          <textarea key={key} {...reasonProps} rows={2} maxLength={500} />
          <p id={helpId} className="field-help">
            {t('recruit.reasonHelp')}
          </p>
          <ErrorList id={fields.reason.errorId} errors={fields.reason.errors} />
        </div>
        <div className="form-actions">
          {moves.map((to) => (
            <button key={to} type="submit" name="to" value={to} className={to === 'rejected' || to === 'withdrawn' ? 'btn btn-secondary' : 'btn btn-primary'}>
              {t(`recruit.moveTo.${to}`)}
            </button>
          ))}
        </div>
      </Form>
    </section>
  )
}

/** The lead's notes on the recruit, newest first, and the form that adds one. */
export function RecruitNotes({ notes }: { notes: Array<{ id: string; body: string; createdAt: string; author: string | null }> }) {
  const { t } = useTranslation()
  return (
    <section className="card" aria-labelledby="notes-heading">
      <h2 id="notes-heading">{t('recruit.notes')}</h2>
      <Form method="post" className="stack">
        <input type="hidden" name="intent" value="note" />
        <label htmlFor="note-body">{t('recruit.newNote')}</label>
        <textarea id="note-body" name="body" rows={3} maxLength={2000} required />
        <div>
          <button type="submit" className="btn btn-secondary">
            {t('recruit.addNote')}
          </button>
        </div>
      </Form>
      {notes.length ? (
        <ul className="note-list">
          {notes.map((n) => (
            <li key={n.id}>
              <p className="muted">
                {n.createdAt} · {n.author ?? '—'}
              </p>
              {n.body}
            </li>
          ))}
        </ul>
      ) : (
        <p className="muted">{t('recruit.noNotes')}</p>
      )}
    </section>
  )
}
