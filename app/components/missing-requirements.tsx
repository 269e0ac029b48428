import { Link } from '@remix-run/react'
import { useTranslation } from 'react-i18next'
import type { MissingRequirement } from '~/domain/certification.ts'

/**
 * What a person still lacks to be certified for a campaign, as the certification rule says it: the
 * courses without a valid certificate (linked to the course for the learner), then the live sessions
 * attended of those needed. Shown to the learner and to the leads alike. After "Campaign: " it
 * continues a sentence; with `sentence` it is one of its own (capital letter, full stop).
 */
export function MissingRequirements({ missing, linkCourses = false, sentence = false }: { missing: readonly MissingRequirement[]; linkCourses?: boolean; sentence?: boolean }) {
  const { t } = useTranslation()
  const courses = missing.filter((m) => m.kind === 'certificate')
  const sessions = missing.find((m) => m.kind === 'liveSessions')
  const sessionsKey = sentence && !courses.length ? 'liveRule.missingLiveSessionsStart' : 'liveRule.missingLiveSessions'
  return (
    <span className="missing-requirements">
      {courses.length ? (
        <span>
          {t(sentence ? 'certificate.stillNeededStart' : 'certificate.stillNeeded')}{' '}
          {courses.map((m, i) => (
            <span key={m.slug}>
              {i ? ', ' : ''}
              {linkCourses ? <Link to={`/courses/${m.slug}`}>{m.title}</Link> : m.title}
            </span>
          ))}
        </span>
      ) : null}
      {courses.length && sessions ? '; ' : null}
      {sessions ? <span>{t(sessionsKey, { attended: sessions.attended, count: sessions.count })}</span> : null}
      {sentence && (courses.length || sessions) ? '.' : null}
    </span>
  )
}
