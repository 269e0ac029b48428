import { getFormProps, getInputProps, useForm, type SubmissionResult } from '@conform-to/react'
import { Form } from '@remix-run/react'
import { useRef, useState } from 'react'
import { useTranslation } from 'react-i18next'
import { ErrorList, FormMessage } from '~/components/forms.tsx'
import { FILE_TOO_BIG, IMPORT_LIMITS, type FileError } from '~/domain/import-file.ts'

const limits = { mb: IMPORT_LIMITS.fileBytes / (1024 * 1024), rows: IMPORT_LIMITS.rows, columns: IMPORT_LIMITS.columns, chars: IMPORT_LIMITS.cellChars }

/** What the file field says: its label and help text (translation keys), and the form's id. */
export interface UploadTexts {
  id: string
  fileLabel: string
  fileHelp: string
}

const listTexts: UploadTexts = { id: 'import-upload', fileLabel: 'imports.upload.file', fileHelp: 'imports.upload.fileHelp' }

/** Whether the file chosen in `input` is over the upload limit (known in the browser before anything is sent). */
function chosenTooBig(input: HTMLInputElement | null): boolean {
  return Array.from(input?.files ?? []).some((file) => file.size > IMPORT_LIMITS.fileBytes)
}

/**
 * The file (CSV or XLSX) and, for lists of people, the lead's confirmation of the paper consent
 * (`consent`; a list of polling stations or a meeting's participant report has none to confirm); a
 * file's problem is shown under the file field. `texts` names the file for uploads other than lists.
 * A file over the size limit is refused as soon as it is chosen, with the server's own message, and
 * the form does not send it: on a phone's link a 9 MB upload would take minutes only to be refused.
 */
export function UploadForm({
  lastResult,
  fileError,
  consent = true,
  texts = listTexts,
}: {
  lastResult: SubmissionResult<string[]> | null | undefined
  fileError: FileError | null | undefined
  consent?: boolean
  texts?: UploadTexts
}) {
  const { t } = useTranslation()
  const [form, fields] = useForm<{ file: File; consent: string }>({
    id: texts.id,
    lastResult: lastResult ?? undefined,
    // Checked on the server only: the file is parsed there, and a browser's File object is not what the server's parser yields.
  })
  const fileInput = useRef<HTMLInputElement>(null)
  const [tooBig, setTooBig] = useState(false)
  const shownFileError = tooBig ? FILE_TOO_BIG : fileError
  const fileErrors = [...(fields.file.errors ?? []), ...(shownFileError ? [shownFileError.key] : [])]
  const helpId = `${fields.file.id}-help`
  // `key` must not be spread into JSX (React warns); conform uses it to reset the field.
  const { key: fileKey, ...fileProps } = getInputProps(fields.file, { type: 'file' })
  const { key: consentKey, ...consentProps } = getInputProps(fields.consent, { type: 'checkbox' })
  const formProps = getFormProps(form)
  return (
    <Form
      method="post"
      encType="multipart/form-data"
      {...formProps}
      onSubmit={(event) => {
        // The files themselves, not `tooBig`: a file chosen before the page's script ran fired no onChange here.
        if (chosenTooBig(fileInput.current)) {
          event.preventDefault()
          setTooBig(true)
          fileInput.current?.focus()
          return
        }
        formProps.onSubmit(event)
      }}
      className="stack"
    >
      <FormMessage id={form.errorId} errors={form.errors} />
      <div className="field">
        <label htmlFor={fields.file.id}>{t(texts.fileLabel)}</label>
        <input
          key={fileKey}
          {...fileProps}
          ref={fileInput}
          onChange={(event) => setTooBig(chosenTooBig(event.currentTarget))}
          accept=".csv,.xlsx,text/csv,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
          aria-describedby={[helpId, fileErrors.length ? fields.file.errorId : undefined].filter(Boolean).join(' ')}
          aria-invalid={fileErrors.length ? true : undefined}
        />
        <p id={helpId} className="field-help">
          {t(texts.fileHelp, limits)}
        </p>
        {/* Live: a file refused as it is chosen is announced while the focus stays on the field. */}
        <div aria-live="polite">
          <ErrorList id={fields.file.errorId} errors={fileErrors} values={shownFileError?.values} />
        </div>
      </div>
      {consent ? (
        <div className="field">
          <label>
            <input key={consentKey} {...consentProps} aria-describedby={fields.consent.errors?.length ? fields.consent.errorId : undefined} /> {t('imports.upload.consent')}
          </label>
          <ErrorList id={fields.consent.errorId} errors={fields.consent.errors} />
        </div>
      ) : null}
      <div>
        <button type="submit" className="btn btn-primary">
          {t('imports.upload.submit')}
        </button>
      </div>
    </Form>
  )
}
