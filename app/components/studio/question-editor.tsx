import { Form } from '@remix-run/react'
import type { CSSProperties, ReactNode } from 'react'
import { useTranslation } from 'react-i18next'
import { ErrorList } from '~/components/forms.tsx'
import { QUESTION_TEXT_MAX } from '~/domain/exam/bank.ts'
import { locales } from '~/domain/locale.ts'
import { MAX_ROWS, rowKindOf, type FieldError, type QuestionDraft, type Texts } from '~/domain/studio/question-form.ts'

/** The three languages side by side when there is room, stacked when not. */
const languageGrid: CSSProperties = { display: 'grid', gap: '0 0.75rem', gridTemplateColumns: 'repeat(auto-fit, minmax(14rem, 1fr))' }

type ErrorsOf = (field: string) => FieldError[]

function FieldErrors({ id, errors }: { id: string; errors: FieldError[] }) {
  const first = errors[0]
  return <ErrorList id={id} errors={errors.map((e) => `studio.questions.errors.${e.code}`)} values={first?.values} />
}

/**
 * One text in ru, kk and en: a fieldset whose legend says what the text is. Its fields stop at
 * the bank's limit of characters (the accepted answers' field too: all its lines together).
 */
function LanguageFields({ name, legend, value, multiline, help }: { name: string; legend: ReactNode; value: Texts; multiline?: boolean; help?: ReactNode }) {
  const { t } = useTranslation()
  const id = (l: string) => `q-${name.replaceAll('.', '-')}-${l}`
  return (
    <fieldset className="fieldset">
      <legend>{legend}</legend>
      {help ? <p className="field-help">{help}</p> : null}
      <div style={languageGrid}>
        {locales.map((l) => (
          <div className="field" key={l}>
            <label htmlFor={id(l)}>{t(`apply.language.${l}`)}</label>
            {multiline ? (
              <textarea id={id(l)} name={`${name}.${l}`} lang={l} rows={3} defaultValue={value[l]} maxLength={QUESTION_TEXT_MAX} />
            ) : (
              <input id={id(l)} type="text" name={`${name}.${l}`} lang={l} defaultValue={value[l]} maxLength={QUESTION_TEXT_MAX} />
            )}
          </div>
        ))}
      </div>
    </fieldset>
  )
}

function RowId({ name, value, errors }: { name: string; value: string; errors: FieldError[] }) {
  const { t } = useTranslation()
  const id = `q-${name.replaceAll('.', '-')}`
  return (
    <div className="field">
      <label htmlFor={id}>{t('studio.questions.rowId')}</label>
      <input id={id} type="text" name={name} defaultValue={value} maxLength={60} autoComplete="off" spellCheck={false} aria-invalid={errors.length ? true : undefined} aria-describedby={errors.length ? `${id}-error` : undefined} />
      <FieldErrors id={`${id}-error`} errors={errors} />
    </div>
  )
}

function RowButtons({ index, count, movable }: { index: number; count: number; movable: boolean }) {
  const { t } = useTranslation()
  const n = index + 1
  return (
    <p className="actions">
      {movable ? (
        <>
          <button type="submit" name="intent" value={`up:${index}`} className="btn btn-small btn-secondary" disabled={index === 0} aria-label={t('studio.questions.moveUp', { n })}>
            ↑
          </button>{' '}
          <button type="submit" name="intent" value={`down:${index}`} className="btn btn-small btn-secondary" disabled={index === count - 1} aria-label={t('studio.questions.moveDown', { n })}>
            ↓
          </button>{' '}
        </>
      ) : null}
      <button type="submit" name="intent" value={`remove:${index}`} className="btn btn-small btn-link danger" formNoValidate>
        {t('studio.questions.removeRow', { n })}
      </button>
    </p>
  )
}

function TypeFields({ draft, errorsOf }: { draft: QuestionDraft; errorsOf: ErrorsOf }) {
  const { t } = useTranslation()
  const kind = rowKindOf(draft.type)
  const rowsKey = kind === 'option' ? 'options' : kind === 'item' ? 'items' : 'pairs'
  const count = kind === 'option' ? draft.options.length : kind === 'item' ? draft.items.length : draft.pairs.length
  const listErrors = kind ? errorsOf(rowsKey).filter((e) => e.field === rowsKey) : []
  const addButton = kind ? (
    <p className="actions">
      <button type="submit" name="intent" value="add" className="btn btn-small btn-secondary" disabled={count >= MAX_ROWS}>
        {t(`studio.questions.add.${kind}`)}
      </button>
    </p>
  ) : null

  switch (draft.type) {
    case 'single':
    case 'multiple':
      return (
        <section aria-labelledby="q-options-title">
          <h3 id="q-options-title">{t('studio.questions.options')}</h3>
          <p className="field-help">{t(draft.type === 'single' ? 'studio.questions.singleHelp' : 'studio.questions.multipleHelp')}</p>
          <FieldErrors id="q-options-error" errors={listErrors} />
          {draft.options.map((option, i) => (
            <fieldset className="fieldset" key={`${i}-${option.id}`}>
              <legend>{t('studio.questions.option', { n: i + 1 })}</legend>
              <RowId name={`option.${i}.id`} value={option.id} errors={errorsOf(`options.${i}.id`)} />
              <div className="field">
                <label>
                  <input type="checkbox" name={`option.${i}.correct`} value="yes" defaultChecked={option.correct} /> {t('studio.questions.correct')}
                </label>
              </div>
              <LanguageFields name={`option.${i}.text`} legend={t('studio.questions.optionText')} value={option.text} />
              <LanguageFields name={`option.${i}.feedback`} legend={t('studio.questions.feedback')} value={option.feedback} help={t('studio.questions.feedbackHelp')} />
              <RowButtons index={i} count={count} movable={false} />
            </fieldset>
          ))}
          {addButton}
        </section>
      )
    case 'truefalse':
      return (
        <fieldset className="fieldset" aria-describedby={errorsOf('answer').length ? 'q-answer-error' : undefined}>
          <legend>{t('studio.questions.answer')}</legend>
          {(['true', 'false'] as const).map((value) => (
            <label key={value} style={{ marginRight: '1.5rem' }}>
              <input type="radio" name="answer" value={value} defaultChecked={draft.answer === (value === 'true')} /> {t(`exam.${value}`)}
            </label>
          ))}
          <FieldErrors id="q-answer-error" errors={errorsOf('answer')} />
        </fieldset>
      )
    case 'ordering':
      return (
        <section aria-labelledby="q-items-title">
          <h3 id="q-items-title">{t('studio.questions.items')}</h3>
          <p className="field-help">{t('studio.questions.itemsHelp')}</p>
          <FieldErrors id="q-items-error" errors={listErrors} />
          {draft.items.map((item, i) => (
            <fieldset className="fieldset" key={`${i}-${item.id}`}>
              <legend>{t('studio.questions.item', { n: i + 1 })}</legend>
              <RowId name={`item.${i}.id`} value={item.id} errors={errorsOf(`items.${i}.id`)} />
              <LanguageFields name={`item.${i}.text`} legend={t('studio.questions.itemText')} value={item.text} />
              <RowButtons index={i} count={count} movable />
            </fieldset>
          ))}
          {addButton}
        </section>
      )
    case 'matching':
      return (
        <section aria-labelledby="q-pairs-title">
          <h3 id="q-pairs-title">{t('studio.questions.pairs')}</h3>
          <FieldErrors id="q-pairs-error" errors={listErrors} />
          {draft.pairs.map((pair, i) => (
            <fieldset className="fieldset" key={`${i}-${pair.id}`}>
              <legend>{t('studio.questions.pair', { n: i + 1 })}</legend>
              <RowId name={`pair.${i}.id`} value={pair.id} errors={errorsOf(`pairs.${i}.id`)} />
              {pair.rightId ? <input type="hidden" name={`pair.${i}.rightId`} value={pair.rightId} /> : null}
              <LanguageFields name={`pair.${i}.left`} legend={t('studio.questions.left')} value={pair.left} />
              <LanguageFields name={`pair.${i}.right`} legend={t('studio.questions.right')} value={pair.right} />
              <RowButtons index={i} count={count} movable={false} />
            </fieldset>
          ))}
          {addButton}
        </section>
      )
    case 'short':
      return <LanguageFields name="accepted" legend={t('studio.questions.accepted')} value={draft.accepted} multiline help={t('studio.questions.acceptedHelp')} />
  }
}

/**
 * The question's form. Adding, removing and moving rows are submit buttons (`intent=add`,
 * `remove:N`, `up:N`): the server answers with the edited form, so it all works without JavaScript.
 */
export function QuestionEditor({ draft, errors, isNew, busy }: { draft: QuestionDraft; errors: FieldError[]; isNew: boolean; busy: boolean }) {
  const { t } = useTranslation()
  const errorsOf: ErrorsOf = (field) => errors.filter((e) => e.field === field || e.field.startsWith(`${field}.`))
  const saveButton = (
    <button type="submit" name="intent" value="save" className="btn btn-primary" disabled={busy}>
      {busy ? t('studio.questions.saving') : t('studio.questions.save')}
    </button>
  )
  const idErrors = errorsOf('id')
  const topicErrors = errorsOf('topic')
  return (
    <Form method="post" noValidate>
      {/* The first submit button is the one Enter presses: saving, never removing a row. */}
      <p className="actions">{saveButton}</p>
      <input type="hidden" name="type" value={draft.type} />
      {errors.length ? (
        <div className="form-message" role="alert">
          <p>{t('studio.questions.errors.notSaved')}</p>
          {/* Errors of texts (too long, say) have no place of their own in the form: named here. */}
          <ul>
            {errors
              .filter((e) => !/^(id|topic|answer|options|items|pairs|(options|items|pairs)\.\d+\.id)$/.test(e.field))
              .map((e) => (
                <li key={`${e.field}-${e.code}`}>
                  <code>{e.field}</code>: {t(`studio.questions.errors.${e.code}`, e.values)}
                </li>
              ))}
          </ul>
        </div>
      ) : null}
      <p>
        {t('studio.questions.typeLabel')}: <strong>{t(`studio.questions.type.${draft.type}`)}</strong>
      </p>
      <div style={languageGrid}>
        <div className="field">
          <label htmlFor="q-id">{t('studio.questions.id')}</label>
          <input id="q-id" type="text" name="id" defaultValue={draft.id} maxLength={80} autoComplete="off" spellCheck={false} aria-invalid={idErrors.length ? true : undefined} aria-describedby={['q-id-help', idErrors.length ? 'q-id-error' : ''].join(' ').trim()} />
          <p id="q-id-help" className="field-help">
            {t(isNew ? 'studio.questions.idHelpNew' : 'studio.questions.idHelp')}
          </p>
          <FieldErrors id="q-id-error" errors={idErrors} />
        </div>
        <div className="field">
          <label htmlFor="q-topic">{t('studio.questions.topic')}</label>
          <input id="q-topic" type="text" name="topic" defaultValue={draft.topic} maxLength={80} autoComplete="off" spellCheck={false} aria-invalid={topicErrors.length ? true : undefined} aria-describedby={['q-topic-help', topicErrors.length ? 'q-topic-error' : ''].join(' ').trim()} />
          <p id="q-topic-help" className="field-help">
            {t('studio.questions.topicHelp')}
          </p>
          <FieldErrors id="q-topic-error" errors={topicErrors} />
        </div>
      </div>
      <LanguageFields name="text" legend={t('studio.questions.text')} value={draft.text} multiline />
      <TypeFields draft={draft} errorsOf={errorsOf} />
      <LanguageFields name="explanation" legend={t('studio.questions.explanation')} value={draft.explanation} multiline help={t('studio.questions.explanationHelp')} />
      <p className="actions">{saveButton}</p>
    </Form>
  )
}

/** Deleting the question from the bank's draft, behind a ticked confirmation. */
export function DeleteQuestionForm({ id }: { id: string }) {
  const { t } = useTranslation()
  return (
    <Form method="post" className="card">
      <h3>{t('studio.questions.deleteTitle')}</h3>
      <input type="hidden" name="intent" value="delete" />
      <div className="field">
        <label>
          <input type="checkbox" name="confirm" value="yes" required /> {t('studio.questions.deleteConfirm', { id })}
        </label>
      </div>
      <button type="submit" className="btn btn-secondary danger">
        {t('studio.questions.delete')}
      </button>
    </Form>
  )
}
