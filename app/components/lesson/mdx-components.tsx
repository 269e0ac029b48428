import type { ReactNode } from 'react'
import { useTranslation } from 'react-i18next'

function Callout({ type, title, children }: { type: 'info' | 'warning' | 'legal'; title?: string; children?: ReactNode }) {
  const { t } = useTranslation()
  return (
    <aside className={`callout callout-${type}`} aria-label={title ?? t(`courses.callout.${type}`)}>
      <p className="callout-title">
        <span className="callout-kind">{t(`courses.callout.${type}`)}</span>
        {title ? <strong>{title}</strong> : null}
      </p>
      {children}
    </aside>
  )
}

function Checklist({ children }: { children?: ReactNode }) {
  return <div className="checklist">{children}</div>
}

function Term({ def, children }: { def: string; children?: ReactNode }) {
  return (
    <dfn className="term" title={def}>
      {children}
      <span className="term-def"> ({def})</span>
    </dfn>
  )
}

function Timeline({ children }: { children?: ReactNode }) {
  return <ol className="timeline">{children}</ol>
}

function Step({ time, title, children }: { time: string; title: string; children?: ReactNode }) {
  return (
    <li className="timeline-step">
      <p className="timeline-time">{time}</p>
      <p className="timeline-title">{title}</p>
      {children}
    </li>
  )
}

/**
 * The components a lesson's HTML is rendered with, on the server only (the content check refuses
 * any other). `<Quiz>` is not here: the renderer leaves a slot for it, and the page puts the
 * interactive check (quiz.tsx) there.
 */
export const lessonMdxComponents = { Callout, Checklist, Term, Timeline, Step }
