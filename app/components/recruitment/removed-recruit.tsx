import { Link } from '@remix-run/react'
import { useTranslation } from 'react-i18next'
import type { ApplicationState } from '~/domain/pipeline.ts'
import { ApplicationTimeline, type TimelineEvent } from './application-timeline.tsx'
import { StateBadge } from './state-badge.tsx'

/** The recruit page of an anonymised person: the application still counts, but there is nobody to show or act on. */
export function RemovedRecruit({ campaign, ngoSlug, state, removedOn, timeline }: { campaign: { slug: string; name: string }; ngoSlug: string; state: ApplicationState; removedOn: string; timeline: TimelineEvent[] }) {
  const { t } = useTranslation()
  return (
    <>
      <p className="breadcrumb">
        <Link to={`/ngo/${ngoSlug}/campaigns/${campaign.slug}`}>{campaign.name}</Link>
      </p>
      <div className="page-head">
        <h1>{t('recruits.removed')}</h1>
        <StateBadge state={state} />
      </div>
      <p role="status">{t('recruit.removed', { date: removedOn })}</p>
      <section className="card" aria-labelledby="timeline-heading">
        <h2 id="timeline-heading">{t('applications.timeline')}</h2>
        <ApplicationTimeline events={timeline} />
      </section>
    </>
  )
}
