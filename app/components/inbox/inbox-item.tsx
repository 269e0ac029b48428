import { Form, Link } from '@remix-run/react'
import { useId } from 'react'
import { useTranslation } from 'react-i18next'

export interface InboxItemView {
  id: string
  subject: string
  text: string
  href?: string
  action?: string
  read: boolean
  /** ISO time for `<time dateTime>`, and the same formatted on the server. */
  at: string
  atText: string
}

/**
 * One notification. Unread ones say so in words ("New"), not by colour alone, and carry their own
 * mark-as-read button, a plain form that works without JavaScript.
 */
export function InboxItem({ item, page }: { item: InboxItemView; page: number }) {
  const { t } = useTranslation()
  const headingId = useId()
  return (
    <article className="card" aria-labelledby={headingId}>
      <h2 id={headingId}>
        {item.read ? null : (
          <>
            <span className="tag">{t('inbox.new')}</span>{' '}
          </>
        )}
        {item.subject}
      </h2>
      <p className="muted">
        {t('inbox.received')}: <time dateTime={item.at}>{item.atText}</time>
      </p>
      {item.text.split(/\n{2,}/).map((paragraph, index) => (
        <p key={index}>
          {paragraph.split('\n').map((line, i) => (
            <span key={i}>
              {i > 0 ? <br /> : null}
              {line}
            </span>
          ))}
        </p>
      ))}
      {item.href && item.action ? (
        <p>
          <Link to={item.href}>{item.action}</Link>
        </p>
      ) : null}
      {item.read ? null : (
        <Form method="post">
          <input type="hidden" name="intent" value="read" />
          <input type="hidden" name="id" value={item.id} />
          <input type="hidden" name="page" value={page} />
          <button type="submit" className="btn btn-secondary btn-small">
            {t('inbox.markRead')}
            <span className="visually-hidden">: {item.subject}</span>
          </button>
        </Form>
      )}
    </article>
  )
}
