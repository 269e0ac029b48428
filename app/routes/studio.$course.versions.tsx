import { data, type ActionFunctionArgs, type LoaderFunctionArgs } from '@remix-run/node'
import { Link, useActionData, useLoaderData } from '@remix-run/react'
import { useTranslation } from 'react-i18next'
import { RefusedChange } from '~/components/studio/diagnostics.tsx'
import { VersionDiff, VersionTable } from '~/components/studio/versions.tsx'
import { formatDateTime } from '~/domain/format.ts'
import { rollbackSchema } from '~/domain/studio/files.ts'
import { getFixedT, getLocale } from '~/i18n/i18next.server.ts'
import { firstError, parseForm } from '~/http/forms.server.ts'
import { requireEditableCourse } from '~/server/accounts/permissions.server.ts'
import { courseVersions, diffFiles, rollbackCourse } from '~/server/studio/studio.server.ts'
import { versionFiles } from '~/server/studio/versions.server.ts'
import { redirectWithToast } from '~/http/toast.server.ts'
export { RouteErrorBoundary as ErrorBoundary } from '~/components/route-error.tsx'

export const handle = { titleKey: 'studio.versionsTitle' }

/** `?compare=<n>`: what changed from version n to the served one (or `&to=<m>`). */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const { course } = await requireEditableCourse(request, params.course)
  const locale = await getLocale(request)
  const versions = await courseVersions(course)
  const url = new URL(request.url)
  const compare = url.searchParams.get('compare')
  const to = url.searchParams.get('to')
  let diff: { from: number; to: number; files: Awaited<ReturnType<typeof diffFiles>> } | null = null
  if (compare !== null) {
    const from = Number(compare)
    const target = to === null ? course.versionNumber : Number(to)
    const [before, after] = await Promise.all([
      Number.isInteger(from) && from >= 0 ? versionFiles(course.slug, from) : null,
      Number.isInteger(target) && target >= 0 ? versionFiles(course.slug, target) : null,
    ])
    if (before && after) diff = { from, to: target, files: await diffFiles(before, after) }
  }
  return {
    locale,
    course: { slug: course.slug, title: course.file.title[locale], version: course.versionNumber },
    versions: versions.map(({ createdAt, ...v }) => ({ ...v, createdAtText: createdAt ? formatDateTime(createdAt, locale) : null })),
    diff,
    // The studio's, not the learner's course page title (a trainer has both open).
    pageTitle: `${(await getFixedT(locale))('studio.versionsTitle')}: ${course.file.title[locale]}`,
  }
}

export async function action({ request, params }: ActionFunctionArgs) {
  const { user, course } = await requireEditableCourse(request, params.course)
  const submission = await parseForm(request, rollbackSchema)
  if (submission.status !== 'success') return data({ error: firstError(submission), diagnostics: [] }, { status: 400 })
  const result = await rollbackCourse(user.id, course, submission.value.version, submission.value.note)
  if (result.ok) return redirectWithToast(`/studio/${course.slug}/versions`, { key: 'studio.rolledBack', kind: 'success' })
  if (result.reason === 'unknownVersion') return data({ error: 'studio.errors.unknownVersion', diagnostics: [] }, { status: 404 })
  if (result.reason === 'unchanged') return data({ error: 'studio.errors.alreadyServed', diagnostics: [] }, { status: 400 })
  return data({ error: 'studio.errors.cannotRestore', diagnostics: result.diagnostics.map((d) => ({ file: d.file.split('/').slice(-2).join('/'), line: d.line, message: d.message })) }, { status: 400 })
}

export default function StudioVersions() {
  const { course, versions, diff } = useLoaderData<typeof loader>()
  const actionData = useActionData<typeof action>()
  const { t } = useTranslation()
  return (
    <>
      <nav aria-label={t('studio.breadcrumb')} className="breadcrumb">
        <Link to="/studio">{t('studio.title')}</Link> › <Link to={`/studio/${course.slug}`}>{course.title}</Link> ›
      </nav>
      <h1>{t('studio.versionsTitle')}</h1>
      <p className="muted">{t('studio.versionsHelp')}</p>
      {actionData?.error ? <RefusedChange error={actionData.error} diagnostics={actionData.diagnostics} /> : null}
      <VersionTable courseSlug={course.slug} versions={versions} />
      {diff ? <VersionDiff diff={diff} /> : null}
    </>
  )
}
