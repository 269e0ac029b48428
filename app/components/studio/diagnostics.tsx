import { useTranslation } from 'react-i18next'
import { explainLessonProblem } from '~/domain/studio/lesson-problems.ts'

export interface ShownDiagnostic {
  file?: string
  line: number
  /** 0 or absent when the reporter gave none. */
  column?: number
  message: string
}

/**
 * A lesson's problem (an .mdx file, or the lesson editor's): what is wrong and how to fix it in the
 * reader's language, at its line and column, the compiler's own English words folded away for
 * experts. Other files' problems (an exam bank, course.yaml) are shown as reported.
 */
function DiagnosticItem({ diagnostic, lesson, onLine }: { diagnostic: ShownDiagnostic; lesson: boolean; onLine?: ((line: number) => void) | undefined }) {
  const { t } = useTranslation()
  const problem = lesson ? explainLessonProblem(diagnostic) : null
  const line = problem?.line ?? diagnostic.line
  const place = problem && problem.column > 0 && line > 0 ? t('studio.problem.atPlace', { line, column: problem.column }) : t('studio.atLine', { line: line || 1 })
  const where =
    onLine && line > 0 ? (
      <button type="button" className="btn-link" onClick={() => onLine(line)}>
        {place}
      </button>
    ) : (
      <strong>{diagnostic.file ? `${diagnostic.file}:${line || 1}` : place}</strong>
    )
  if (!problem) {
    return (
      <>
        {where} <span lang="en">{diagnostic.message}</span>
      </>
    )
  }
  return (
    <>
      {where} <span className="diagnostic-explanation">{t(`studio.problem.${problem.key}`, problem.values)}</span>
      <details className="diagnostic-detail">
        <summary>{t('studio.problem.detail')}</summary>
        <code lang="en">{diagnostic.message}</code>
      </details>
    </>
  )
}

/** Problems found in a draft, each at its line; `onLine` lets the editor jump there. `lesson`: every one is a lesson's. */
export function DiagnosticList({ diagnostics, onLine, lesson = false }: { diagnostics: readonly ShownDiagnostic[]; onLine?: (line: number) => void; lesson?: boolean }) {
  if (diagnostics.length === 0) return null
  return (
    <ul className="diagnostics">
      {diagnostics.map((d, i) => (
        <li key={`${d.file ?? ''}:${d.line}:${i}`}>
          <DiagnosticItem diagnostic={d} lesson={lesson || (d.file?.endsWith('.mdx') ?? false)} onLine={onLine} />
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
