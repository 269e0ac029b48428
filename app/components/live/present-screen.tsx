import { Link, useRevalidator } from '@remix-run/react'
import { useEffect } from 'react'
import { useTranslation } from 'react-i18next'
import './present-screen.css'

export interface PresentData {
  code: string
  url: string
  qr: string
  expiresText: string
  refreshInSeconds: number
  present: Array<{ userId: string; name: string; walkIn: boolean; source: string | null }>
  counts: { registered: number; attended: number }
}

/**
 * The screen a trainer shows in the room or shares in the meeting: the code in large letters, its QR
 * (to /attend?code=…), and who has confirmed. With JavaScript it reloads its data when the code is
 * due to change (and every 10 seconds for the list); without, a meta refresh does it.
 */
export function PresentScreen({ data, backHref }: { data: PresentData; backHref: string }) {
  const { t } = useTranslation()
  const revalidator = useRevalidator()
  useEffect(() => {
    const timer = window.setTimeout(() => {
      if (document.visibilityState === 'visible') revalidator.revalidate()
    }, Math.min(10, data.refreshInSeconds) * 1000)
    return () => window.clearTimeout(timer)
  }, [data, revalidator])
  return (
    <div className="present">
      <noscript>
        <meta httpEquiv="refresh" content={String(Math.min(30, data.refreshInSeconds))} />
      </noscript>
      <div className="present-code-block">
        <p className="present-instructions">{t('live.present.instructions', { address: data.url.replace(/\?.*$/, '') })}</p>
        <p className="present-code" aria-live="polite" aria-atomic="true">
          <span className="visually-hidden">{t('live.present.codeIs')} </span>
          {data.code}
        </p>
        <div className="present-qr" role="img" aria-label={t('live.present.qr')} dangerouslySetInnerHTML={{ __html: data.qr }} />
        <p className="muted">{t('live.present.validUntil', { time: data.expiresText })}</p>
        <p>
          <a href="?" className="btn btn-secondary btn-small">
            {t('live.present.refresh')}
          </a>
        </p>
      </div>
      <section aria-labelledby="present-list">
        <h2 id="present-list">{t('live.present.confirmed', { count: data.counts.attended, registered: data.counts.registered })}</h2>
        <ul className="present-people" aria-live="polite">
          {data.present.map((p) => (
            <li key={p.userId}>
              {p.name} {p.walkIn ? <span className="tag">{t('live.status.walk-in')}</span> : null}
            </li>
          ))}
        </ul>
        <p>
          <Link to={backHref}>{t('live.present.back')}</Link>
        </p>
      </section>
    </div>
  )
}

/**
 * The present screen before attendance opens: no code yet (one shown days ahead would count a session
 * that has not taken place), only when it will appear, and the way back.
 */
export function PresentNotYet({ opensText, backHref }: { opensText: string; backHref: string }) {
  const { t } = useTranslation()
  return (
    <>
      <p className="card">{t('live.present.notYet', { time: opensText })}</p>
      <p>
        <Link to={backHref}>{t('live.present.back')}</Link>
      </p>
    </>
  )
}
