import { getFormProps, getInputProps, useForm, type SubmissionResult } from '@conform-to/react'
import { Form } from '@remix-run/react'
import { useTranslation } from 'react-i18next'
import { ErrorList, FormMessage } from '~/components/forms.tsx'
import { IMPORT_LIMITS, type FileError } from '~/domain/import-file.ts'

const limits = { mb: IMPORT_LIMITS.fileBytes / (1024 * 1024), rows: IMPORT_LIMITS.rows, columns: IMPORT_LIMITS.columns, chars: IMPORT_LIMITS.cellChars }

/** The participant report file (Zoom's CSV, or any CSV/XLSX with a name and times); a file's problem is shown under the field. */
export function ReportUploadForm({ lastResult, fileError }: { lastResult: SubmissionResult<string[]> | null | undefined; fileError: FileError | null | undefined }) {
  const { t } = useTranslation()
  const [form, fields] = useForm<{ file: File }>({ id: 'report-upload', lastResult: lastResult ?? undefined })
  const fileErrors = [...(fields.file.errors ?? []), ...(fileError ? [fileError.key] : [])]
  const helpId = `${fields.file.id}-help`
  const { key: fileKey, ...fileProps } = getInputProps(fields.file, { type: 'file' })
  return (
    <Form method="post" encType="multipart/form-data" {...getFormProps(form)} className="stack">
      <FormMessage id={form.errorId} errors={form.errors} />
      <div className="field">
        <label htmlFor={fields.file.id}>{t('liveRule.report.file')}</label>
        <input
          key={fileKey}
          {...fileProps}
          accept=".csv,.xlsx,text/csv,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
          aria-describedby={[helpId, fileErrors.length ? fields.file.errorId : undefined].filter(Boolean).join(' ')}
          aria-invalid={fileErrors.length ? true : undefined}
        />
        <p id={helpId} className="field-help">
          {t('liveRule.report.fileHelp', limits)}
        </p>
        <ErrorList id={fields.file.errorId} errors={fileErrors} values={fileError?.values} />
      </div>
      <div>
        <button type="submit" className="btn btn-primary">
          {t('imports.upload.submit')}
        </button>
      </div>
    </Form>
  )
}
