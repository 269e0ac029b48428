import { useTranslation } from 'react-i18next'

export interface ShownDiagnostic {
  file?: string
  line: number
  message: string
}

/** Problems found in a draft, each at its line; `onLine` lets the editor jump there. */
export function DiagnosticList({ diagnostics, onLine }: { diagnostics: readonly ShownDiagnostic[]; onLine?: (line: number) => void }) {
  const { t } = useTranslation()
  if (diagnostics.length === 0) return null
  return (
    <ul className="diagnostics">
      {diagnostics.map((d, i) => (
        <li key={`${d.file ?? ''}:${d.line}:${i}`}>
          {onLine && d.line > 0 ? (
            <button type="button" className="btn-link" onClick={() => onLine(d.line)}>
              {t('studio.atLine', { line: d.line })}
            </button>
          ) : (
            <strong>{d.file ? `${d.file}:${d.line || 1}` : t('studio.atLine', { line: d.line || 1 })}</strong>
          )}{' '}
          <span lang="en">{d.message}</span>
        </li>
      ))}
    </ul>
  )
}

/** A refused publish or rollback: what was refused, and each problem at its file and line. */
export function RefusedChange({ error, diagnostics }: { error: string; diagnostics: readonly ShownDiagnostic[] }) {
  const { t } = useTranslation()
  return (
    <div role="alert" className="form-errors">
      <p>{t(error)}</p>
      <DiagnosticList diagnostics={diagnostics} />
    </div>
  )
}
