import { useLoaderData, useRouteLoaderData } from '@remix-run/react'
import { useTranslation } from 'react-i18next'
import { PaperCheckView } from '~/components/papers/paper-check.tsx'
import { useLanguageLinksKeepFragment, useOfflinePaperCheck } from '~/components/papers/offline.ts'
import { VerifyForm } from '~/components/verify-form.tsx'
import { publishedKeys } from '~/server/papers/keys.server.ts'
import type { RootLoaderData } from '~/root.tsx'
export { RouteErrorBoundary as ErrorBoundary } from '~/components/route-error.tsx'

export const handle = { titleKey: 'papers.title' }

/**
 * A paper that verifies itself (`/v#<payload>.<signature>`, from its QR code): the signature is
 * checked in the browser against the published keys, which this page carries and its service worker
 * keeps, so it works offline after one online visit. The fragment never reaches a server; only a
 * certificate's code is asked about online (revocation).
 */
export async function loader() {
  return { keys: await publishedKeys() }
}

export default function PaperCheckPage() {
  const { keys } = useLoaderData<typeof loader>()
  const root = useRouteLoaderData<RootLoaderData>('root')
  const { t } = useTranslation()
  useOfflinePaperCheck(root?.locale ?? 'ru')
  useLanguageLinksKeepFragment()
  return (
    <div className="container narrow">
      <h1>{t('papers.title')}</h1>
      <PaperCheckView keys={keys} />
      <noscript>
        <p className="lead">{t('papers.needsScript')}</p>
        <VerifyForm />
      </noscript>
      <p className="paper-privacy">{t('papers.privacy')}</p>
    </div>
  )
}
