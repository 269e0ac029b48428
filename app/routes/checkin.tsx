import { data, type ActionFunctionArgs, type LoaderFunctionArgs } from '@remix-run/node'
import { useLoaderData, useRevalidator } from '@remix-run/react'
import { useCallback, useEffect, useState } from 'react'
import { useTranslation } from 'react-i18next'
import { CheckinCard } from '~/components/election-day/checkin-card.tsx'
import { queueTap, readQueue, sendQueue, type SendReport } from '~/components/election-day/tap-queue.ts'
import { formatClock, type CheckInKind } from '~/domain/checkins.ts'
import { localizedName } from '~/domain/locale.ts'
import { tapSchema } from '~/domain/validation/election-day.ts'
import { getLocale } from '~/i18n/i18next.server.ts'
import { clientIp } from '~/http/context.server.ts'
import { parseForm } from '~/http/forms.server.ts'
import { redirectWithToast } from '~/http/toast.server.ts'
import { requireUser } from '~/server/accounts/permissions.server.ts'
import { newClientId, observerAssignments, recordTap } from '~/server/deployment/checkins.server.ts'
import { listRegions } from '~/server/recruitment/regions.server.ts'
export { RouteErrorBoundary as ErrorBoundary } from '~/components/route-error.tsx'

export const handle = { titleKey: 'electionDay.checkin.title' }

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request)
  const [locale, assignments, regions] = await Promise.all([getLocale(request), observerAssignments(user.id), listRegions()])
  return {
    assignments: assignments.map((a) => {
      const region = regions.find((r) => r.code === a.station.regionCode)
      return {
        id: a.id,
        campaign: localizedName(a.campaign, locale),
        station: { ...a.station, region: region ? localizedName(region, locale) : a.station.regionCode },
        shift: { name: localizedName(a.shift, locale), from: formatClock(a.shift.startsAt), to: formatClock(a.shift.endsAt) },
        present: a.present,
        taps: a.taps.map((tap) => ({ kind: tap.kind, at: formatClock(tap.at), byLead: tap.byLead })),
        clientIds: { arrived: newClientId(), left: newClientId() },
      }
    }),
  }
}

/** A tap sent without JavaScript (a plain form): recorded, then back to the page with what happened. */
export async function action({ request, context }: ActionFunctionArgs) {
  const user = await requireUser(request)
  const submission = await parseForm(request, tapSchema)
  if (submission.status !== 'success') return data({ error: 'validation.invalid' }, { status: 400 })
  const result = await recordTap({ kind: 'observer', userId: user.id }, submission.value, clientIp(context))
  if (!result.ok) return redirectWithToast('/checkin', { key: `electionDay.checkin.refused.${result.error}`, kind: 'error' })
  return redirectWithToast('/checkin', { key: `electionDay.checkin.recorded.${result.checkIn.kind === 'left' ? 'left' : 'arrived'}`, kind: 'success' })
}

export default function Checkin() {
  const { assignments } = useLoaderData<typeof loader>()
  const { t } = useTranslation()
  const revalidator = useRevalidator()
  const [hydrated, setHydrated] = useState(false)
  const [pending, setPending] = useState<Record<string, number>>({})
  const [status, setStatus] = useState('')

  const countPending = useCallback(() => {
    const counts: Record<string, number> = {}
    for (const tap of readQueue()) counts[tap.assignmentId] = (counts[tap.assignmentId] ?? 0) + 1
    setPending(counts)
  }, [])

  const flush = useCallback(() => {
    let recorded = false
    void sendQueue('/checkin/taps', (report: SendReport) => {
      if (report.kind === 'recorded') {
        recorded = true
        setStatus(t(`electionDay.checkin.recorded.${report.tap.kind}`))
      } else if (report.kind === 'refused') setStatus(report.message || t('electionDay.checkin.refused.generic'))
      else if (report.kind === 'waiting') setStatus(t(report.offline ? 'electionDay.checkin.offline' : 'electionDay.checkin.retrying', { count: report.count }))
      countPending()
      if (report.kind === 'idle' || report.kind === 'waiting') {
        if (recorded) revalidator.revalidate()
      }
    })
  }, [countPending, revalidator, t])

  useEffect(() => {
    setHydrated(true)
    countPending()
    flush()
    const timer = window.setInterval(flush, 10_000)
    window.addEventListener('online', flush)
    return () => {
      window.clearInterval(timer)
      window.removeEventListener('online', flush)
    }
    // Once per page: flush reads the queue afresh each time.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [])

  const onTap = (assignmentId: string, kind: CheckInKind) => {
    queueTap({ assignmentId, kind })
    countPending()
    setStatus(t('electionDay.checkin.queued'))
    flush()
  }

  return (
    <div className="container narrow">
      <h1>{t('electionDay.checkin.title')}</h1>
      <p>{t('electionDay.checkin.intro')}</p>
      <p role="status" aria-live="polite" className="checkin-status">
        {status}
      </p>
      {assignments.length === 0 ? <p>{t('electionDay.checkin.none')}</p> : null}
      {assignments.map((a) => (
        <CheckinCard key={a.id} a={a} pending={pending[a.id] ?? 0} onTap={hydrated ? onTap : undefined} />
      ))}
    </div>
  )
}
