import { useTranslation } from 'react-i18next'

/** A campaign's key dates (already formatted on the server), and any further facts, as one definition list. */
export function CampaignFacts({ electionDay, deadline, more = [] }: { electionDay: string; deadline: string; more?: Array<{ label: string; value: string | number }> }) {
  const { t } = useTranslation()
  const facts = [{ label: t('campaign.electionDay'), value: electionDay }, { label: t('campaign.applicationDeadline'), value: deadline }, ...more]
  return (
    <dl className="facts">
      {facts.map((f) => (
        <div key={f.label}>
          <dt>{f.label}</dt>
          <dd>{f.value}</dd>
        </div>
      ))}
    </dl>
  )
}
