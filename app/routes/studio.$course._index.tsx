import { data, type ActionFunctionArgs, type LoaderFunctionArgs } from '@remix-run/node'
import { Link, useActionData, useLoaderData, useNavigation } from '@remix-run/react'
import { useTranslation } from 'react-i18next'
import { z } from 'zod'
import { ExamFileCard, LessonFilesTable, PublishPanel } from '~/components/studio/course-overview.tsx'
import { pendingField } from '~/components/forms.tsx'
import { formatDateTime } from '~/domain/format.ts'
import { publishSchema } from '~/domain/studio/files.ts'
import { getFixedT, getLocale } from '~/i18n/i18next.server.ts'
import { firstError, parseForm } from '~/http/forms.server.ts'
import { requireEditableCourse } from '~/server/accounts/permissions.server.ts'
import { courseDrafts, courseOverview, discardDraft, editablePath, publishCourse } from '~/server/studio/studio.server.ts'
import { redirectWithToast } from '~/http/toast.server.ts'
export { RouteErrorBoundary as ErrorBoundary } from '~/components/route-error.tsx'

export const handle = { titleKey: 'studio.courseTitle' }

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { course } = await requireEditableCourse(request, params.course)
  const locale = await getLocale(request)
  const drafts = await courseDrafts(course.slug)
  return {
    locale,
    course: { slug: course.slug, title: course.file.title[locale], version: course.versionNumber, status: course.file.status },
    overview: courseOverview(course, drafts, locale),
    drafts: [...drafts.values()].map((d) => ({ path: d.path, updatedAtText: formatDateTime(d.updatedAt, locale), updatedBy: d.updatedBy })),
    // The studio's, not the learner's course page title (a trainer has both open).
    pageTitle: `${(await getFixedT(locale))('studio.courseTitle')}: ${course.file.title[locale]}`,
  }
}

const courseActionSchema = z.discriminatedUnion(
  'intent',
  [
    z.object({ intent: z.literal('discard'), path: z.string({ error: 'studio.errors.unknownFile' }).max(200, { error: 'studio.errors.unknownFile' }) }),
    publishSchema.extend({ intent: z.literal('publish') }),
  ],
  { error: 'validation.invalid' },
)

export async function action({ request, params }: ActionFunctionArgs) {
  const { user, course } = await requireEditableCourse(request, params.course)
  const submission = await parseForm(request, courseActionSchema)
  if (submission.status !== 'success') return data({ error: firstError(submission), diagnostics: [] }, { status: 400 })
  const input = submission.value
  if (input.intent === 'discard') {
    if (!editablePath(course, input.path)) return data({ error: 'studio.errors.unknownFile', diagnostics: [] }, { status: 400 })
    await discardDraft(user.id, course, input.path)
    return redirectWithToast(`/studio/${course.slug}`, { key: 'studio.draftDiscarded', kind: 'success' })
  }
  const result = await publishCourse(user.id, course, input.note)
  if (result.ok) return redirectWithToast(`/studio/${course.slug}`, { key: 'studio.published', kind: 'success' })
  if (result.reason === 'unchanged') return data({ error: 'studio.errors.nothingToPublish', diagnostics: [] }, { status: 400 })
  return data({ error: 'studio.errors.cannotPublish', diagnostics: result.diagnostics.map((d) => ({ file: d.file.split('/').slice(-2).join('/'), line: d.line, message: d.message })) }, { status: 400 })
}

export default function StudioCourse() {
  const { course, overview, drafts } = useLoaderData<typeof loader>()
  const actionData = useActionData<typeof action>()
  const navigation = useNavigation()
  const { t } = useTranslation()
  const busy = navigation.state === 'submitting' && pendingField(navigation.formData, 'intent') === 'publish'
  return (
    <>
      <nav aria-label={t('studio.breadcrumb')} className="breadcrumb">
        <Link to="/studio">{t('studio.title')}</Link> ›
      </nav>
      <h1>{course.title}</h1>
      <p className="muted">{t('studio.servedVersion', { version: course.version })}</p>
      <p className="actions">
        <Link to={`/studio/${course.slug}/versions`} className="btn btn-secondary btn-small">
          {t('studio.versionsLink')}
        </Link>{' '}
        <Link to={`/studio/${course.slug}/questions`} className="btn btn-secondary btn-small">
          {t('studio.questionsLink')}
        </Link>{' '}
        <Link to={`/studio/${course.slug}/stats`} className="btn btn-secondary btn-small">
          {t('studio.statsLink')}
        </Link>{' '}
        <a href={`/studio/${course.slug}/download`} className="btn btn-link" download>
          {t('studio.download')}
        </a>
      </p>

      <PublishPanel drafts={drafts} busy={busy} refused={actionData} />
      <LessonFilesTable courseSlug={course.slug} lessons={overview.lessons} />
      {overview.exam ? <ExamFileCard courseSlug={course.slug} exam={overview.exam} /> : null}
    </>
  )
}
