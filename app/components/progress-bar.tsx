import { useTranslation } from 'react-i18next'

/** A labelled progress bar; the numbers are also written out for people who do not see the bar. */
export function ProgressBar({ done, total, label, unit = 'lessons' }: { done: number; total: number; label: string; unit?: 'lessons' | 'questions' }) {
  const { t } = useTranslation()
  const percent = total === 0 ? 0 : Math.floor((done / total) * 100)
  return (
    <div className="progress">
      <div className="progress-text">
        <span>{label}</span>
        <span>{t(unit === 'lessons' ? 'courses.progressCount' : 'exam.progressCount', { done, total, percent })}</span>
      </div>
      <div className="progress-track" role="progressbar" aria-label={label} aria-valuemin={0} aria-valuemax={total} aria-valuenow={done} aria-valuetext={t(unit === 'lessons' ? 'courses.progressCount' : 'exam.progressCount', { done, total, percent })}>
        <div className="progress-fill" style={{ width: `${percent}%` }} />
      </div>
    </div>
  )
}
