import { useEffect, useState } from 'react'
import { useTranslation } from 'react-i18next'
import { VerifyForm } from '~/components/verify-form.tsx'
import { checkPaper, shownId, type PaperCheck, type PublishedKey, type SignedPaper } from '~/domain/signed-paper.ts'

const KEYS_URL = '/.well-known/observer-school-keys.json'

/** Day.month.year, the same in every language and every browser (no ICU data needed offline). */
function day(date: Date): string {
  const two = (n: number) => String(n).padStart(2, '0')
  return `${two(date.getUTCDate())}.${two(date.getUTCMonth() + 1)}.${date.getUTCFullYear()}`
}

type OnlineStatus = 'checking' | 'offline' | 'unreachable' | 'valid' | 'expired' | 'revoked' | 'superseded' | 'unknown' | 'cancelled'
type PaperKind = SignedPaper['kind']

/**
 * The keys the page came with, and the newest list the network (or the service worker's copy) has:
 * a key published after this page was cached still counts.
 */
function useKeys(initial: readonly PublishedKey[]): { keys: readonly PublishedKey[]; loaded: boolean } {
  const [state, setState] = useState<{ keys: readonly PublishedKey[]; loaded: boolean }>({ keys: initial, loaded: false })
  useEffect(() => {
    let live = true
    const done = (more: PublishedKey[]) => {
      if (live) setState({ keys: [...initial, ...more.filter((key) => !initial.some((known) => known.kid === key.kid))], loaded: true })
    }
    if (!navigator.onLine && !navigator.serviceWorker?.controller) {
      done([])
      return
    }
    fetch(KEYS_URL, { credentials: 'omit' })
      .then((response) => (response.ok ? (response.json() as Promise<{ keys: PublishedKey[] }>) : { keys: [] }))
      .then((body) => done(Array.isArray(body.keys) ? body.keys : []), () => done([]))
    return () => {
      live = false
    }
  }, [initial])
  return state
}

/** Only the paper's code is sent (nothing else of the paper: a letter's adds that it is a letter), and only while online. */
function useOnlineStatus(code: string | null, kind: PaperKind): OnlineStatus | null {
  const [status, setStatus] = useState<OnlineStatus | null>(null)
  useEffect(() => {
    if (!code) {
      setStatus(null)
      return
    }
    if (!navigator.onLine) {
      setStatus('offline')
      return
    }
    let live = true
    setStatus('checking')
    fetch(`/verify/${encodeURIComponent(code)}/status.json${kind === 'letter' ? '?paper=letter' : ''}`, { credentials: 'omit', headers: { Accept: 'application/json' } })
      .then(async (response) => {
        const body = (await response.json()) as { status?: string }
        const known = kind === 'letter' ? (['valid', 'cancelled'] as const) : (['valid', 'expired', 'revoked', 'superseded', 'unknown'] as const)
        return (known as readonly string[]).includes(body.status ?? '') ? (body.status as OnlineStatus) : 'unreachable'
      })
      .catch(() => 'unreachable' as const)
      .then((next) => {
        if (live) setStatus(next)
      })
    return () => {
      live = false
    }
  }, [code, kind])
  return status
}

/** Reads the paper from the address's fragment (never sent to a server) once the page runs, and on every change of it. */
function useFragment(): string | null {
  const [fragment, setFragment] = useState<string | null>(null)
  useEffect(() => {
    const read = () => setFragment(window.location.hash.replace(/^#/, ''))
    read()
    window.addEventListener('hashchange', read)
    return () => window.removeEventListener('hashchange', read)
  }, [])
  return fragment
}

export function PaperCheckView({ keys: initialKeys }: { keys: readonly PublishedKey[] }) {
  const { t } = useTranslation()
  const fragment = useFragment()
  const { keys, loaded } = useKeys(initialKeys)
  const check = fragment && loaded ? checkPaper(fragment, keys, new Date()) : null
  const online = useOnlineStatus(check?.ok && check.paper.code ? check.paper.code : null, check?.ok ? check.paper.kind : 'certificate')
  // Before the page runs (and without JavaScript, where the page says why) there is nothing to show.
  if (fragment === null) return null
  if (fragment && !loaded) {
    return (
      <p className="paper-pending" role="status">
        {t('papers.checking')}
      </p>
    )
  }
  if (!fragment || !check) {
    return (
      <>
        <p className="lead">{t('papers.noPaper')}</p>
        <h2>{t('verify.title')}</h2>
        <VerifyForm />
      </>
    )
  }
  return (
    <div className="stack">
      <Verdict check={check} />
      {/* A refused paper's claims are not shown: only what a valid signature vouches for appears here. */}
      {check.ok ? <PaperFacts paper={check.paper} /> : null}
      {check.ok ? (
        <section className="card paper-revocation" aria-labelledby="paper-revocation-heading">
          <h2 id="paper-revocation-heading">{t('papers.revocationTitle')}</h2>
          <p>{t('papers.revocationOffline')}</p>
          {check.paper.code ? <OnlineLine status={online} kind={check.paper.kind} /> : <p>{t('papers.noOnlineCheck')}</p>}
        </section>
      ) : null}
    </div>
  )
}

function Verdict({ check }: { check: PaperCheck }) {
  const { t } = useTranslation()
  if (!check.ok) {
    return (
      <div className="paper-verdict paper-refused" role="alert">
        <p className="paper-verdict-title">✗ {t('papers.refused')}</p>
        <p>{t(`papers.reason.${check.reason}`)}</p>
      </div>
    )
  }
  const { paper } = check
  const problem = check.expired ? t('papers.expired', { date: day(paper.expiresAt) }) : check.notYetValid ? t('papers.notYetValid', { date: day(paper.issuedAt) }) : null
  return (
    <div className={`paper-verdict ${problem ? 'paper-refused' : 'paper-valid'}`} role={problem ? 'alert' : 'status'}>
      <p className="paper-verdict-title">{problem ? `✗ ${problem}` : `✓ ${t('papers.valid')}`}</p>
      <p>
        {t('papers.signedWith', { kid: paper.keyId })}
        {check.keyRetired ? ` ${t('papers.keyRetired')}` : ''}
      </p>
    </div>
  )
}

function PaperFacts({ paper }: { paper: SignedPaper }) {
  const { t } = useTranslation()
  // Keyed by field, not by its label: a label is blank while the page's language is still loading.
  const rows: Array<[string, string, string]> = [
    ['id', t('papers.id'), shownId(paper.id)],
    ['ngo', t('papers.ngo'), paper.ngo],
    ['campaign', t('papers.campaign'), paper.campaign],
    ...(paper.kind === 'certificate'
      ? ([['course', t('papers.course'), paper.course]] as Array<[string, string, string]>)
      : ([
          ['station', t('papers.station'), paper.station],
          ['shift', t('papers.shift'), paper.shift],
        ] as Array<[string, string, string]>)),
    ['validity', t('papers.validity'), `${day(paper.issuedAt)} – ${day(paper.expiresAt)}`],
    ['code', t(paper.kind === 'letter' ? 'papers.letterCode' : 'papers.code'), paper.code],
  ]
  return (
    <section className="card paper-facts" aria-labelledby="paper-holder">
      <p className="quiz-kicker">{t(`papers.kind.${paper.kind}`)}</p>
      <h2 id="paper-holder" className="paper-holder">
        {paper.holderName}
      </h2>
      <dl className="paper-fields">
        {rows
          .filter(([, , value]) => value)
          .map(([field, label, value]) => (
            <div key={field}>
              <dt>{label}</dt>
              <dd>{value}</dd>
            </div>
          ))}
      </dl>
    </section>
  )
}

function OnlineLine({ status, kind }: { status: OnlineStatus | null; kind: PaperKind }) {
  const { t } = useTranslation()
  if (!status) return null
  const bad = status === 'revoked' || status === 'superseded' || status === 'expired' || status === 'unknown' || status === 'cancelled'
  // A letter's answers have their own wording (the assignment, not a certificate, is what is asked).
  const key = kind === 'letter' && (status === 'checking' || status === 'valid' || status === 'cancelled') ? `papers.onlineLetter.${status}` : `papers.online.${status}`
  return (
    <p className={bad ? 'status-cert-revoked' : status === 'valid' ? 'status-cert-valid' : undefined} role="status">
      {t(key)}
    </p>
  )
}
