import { Form } from '@remix-run/react'
import { useTranslation } from 'react-i18next'

/** Which campaign the page is about (a GET form; works without JavaScript). */
export function CampaignPicker({ campaigns, current }: { campaigns: Array<{ value: string; label: string }>; current: string | undefined }) {
  const { t } = useTranslation()
  if (campaigns.length <= 1) return null
  return (
    <Form method="get" className="search-form">
      <label htmlFor="campaign-pick">{t('deployment.campaign')}</label>
      <select id="campaign-pick" name="campaign" defaultValue={current}>
        {campaigns.map((c) => (
          <option key={c.value} value={c.value}>
            {c.label}
          </option>
        ))}
      </select>
      <button type="submit" className="btn btn-secondary">
        {t('deployment.choose')}
      </button>
    </Form>
  )
}
