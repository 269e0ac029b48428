import { useEffect, useRef, useState } from 'react'
import { useTranslation } from 'react-i18next'
import { timerAnnouncement } from '~/domain/exam/timing.ts'

function clock(seconds: number): string {
  const m = Math.floor(seconds / 60)
  const s = seconds % 60
  return `${m}:${String(s).padStart(2, '0')}`
}

/**
 * Time left, ticking in the browser (the server enforces the deadline regardless). Screen readers
 * hear it only at 10, 5 and 1 minutes, not every second. At zero, `onExpire` runs (submits).
 */
export function ExamTimer({ initialSeconds, onExpire }: { initialSeconds: number; onExpire: () => void }) {
  const { t } = useTranslation()
  const [left, setLeft] = useState(initialSeconds)
  const [announcement, setAnnouncement] = useState('')
  const expired = useRef(false)
  useEffect(() => {
    const endsAt = Date.now() + initialSeconds * 1000
    let previous = initialSeconds
    const timer = setInterval(() => {
      const now = Math.max(0, Math.round((endsAt - Date.now()) / 1000))
      const mark = timerAnnouncement(previous, now)
      if (mark) setAnnouncement(t('exam.timerAnnouncement', { minutes: mark / 60 }))
      previous = now
      setLeft(now)
      if (now === 0 && !expired.current) {
        expired.current = true
        clearInterval(timer)
        onExpire()
      }
    }, 1000)
    return () => clearInterval(timer)
  }, [initialSeconds, onExpire, t])
  return (
    <div className={`exam-timer${left <= 300 ? ' exam-timer-low' : ''}`}>
      <span className="muted">{t('exam.timeLeft')}</span> <strong aria-hidden="true">{clock(left)}</strong>
      <span className="visually-hidden">{t('exam.timeLeftMinutes', { minutes: Math.ceil(left / 60) })}</span>
      <p className="visually-hidden" role="status" aria-live="polite">
        {announcement}
      </p>
    </div>
  )
}
