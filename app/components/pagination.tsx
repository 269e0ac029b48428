import { Link, useLocation } from '@remix-run/react'
import { useTranslation } from 'react-i18next'

export function Pagination({ page, pageCount }: { page: number; pageCount: number }) {
  const { t } = useTranslation()
  const location = useLocation()
  if (pageCount <= 1) return null
  const href = (p: number) => {
    const params = new URLSearchParams(location.search)
    params.set('page', String(p))
    return `${location.pathname}?${params}`
  }
  return (
    <nav className="pagination" aria-label={t('pagination.label')}>
      {page > 1 ? <Link to={href(page - 1)} rel="prev">{t('pagination.previous')}</Link> : <span aria-hidden="true" />}
      <span>{t('pagination.status', { page, pageCount })}</span>
      {page < pageCount ? <Link to={href(page + 1)} rel="next">{t('pagination.next')}</Link> : <span aria-hidden="true" />}
    </nav>
  )
}
