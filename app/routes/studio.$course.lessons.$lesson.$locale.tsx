import { data, type ActionFunctionArgs, type LoaderFunctionArgs } from '@remix-run/node'
import { Link, useFetcher, useLoaderData } from '@remix-run/react'
import { useEffect, useRef, useState } from 'react'
import { useTranslation } from 'react-i18next'
import { z } from 'zod'
import { LessonPreviewPane, LessonSourcePane } from '~/components/studio/lesson-editor.tsx'
import { toPublicQuiz } from '~/domain/content/quiz.ts'
import { formatDateTime } from '~/domain/format.ts'
import { isLocale, type Locale } from '~/domain/locale.ts'
import { draftSchema, lessonPath, sourceTooLong } from '~/domain/studio/files.ts'
import { quizAnswerSchema } from '~/domain/validation/exam.ts'
import { getFixedT, getLocale } from '~/i18n/i18next.server.ts'
import { firstError, parseForm } from '~/http/forms.server.ts'
import { notFound, requireEditableCourse } from '~/server/accounts/permissions.server.ts'
import { previewLessonBody } from '~/server/courses/lesson-body.server.tsx'
import { discardDraft, editorSource, previewLesson, saveDraft } from '~/server/studio/studio.server.ts'
import type { CatalogCourse } from '~/server/courses/course-files.server.ts'
import { redirectWithToast } from '~/http/toast.server.ts'
export { RouteErrorBoundary as ErrorBoundary } from '~/components/route-error.tsx'

export const handle = { titleKey: 'studio.editorTitle' }

function lessonOf(course: CatalogCourse, lessonSlug: string | undefined, locale: string | undefined) {
  const lesson = course.lessons.find((l) => l.slug === lessonSlug)
  if (!lesson || !isLocale(locale)) notFound()
  return { lesson, locale: locale as Locale, path: lessonPath(lesson.slug, locale as Locale) }
}

/**
 * What the preview needs: the lesson rendered on the server exactly as the learner's page renders it
 * (keys stay on the server, no lesson code runs in the browser). A preview changes with every saved
 * keystroke, so its HTML travels in the data rather than from a cached address.
 */
async function preview(course: CatalogCourse, lessonSlug: string, path: string, source: string, number: number, language: Locale, uiLocale: Locale) {
  const result = await previewLesson(course, path, source)
  const compiled = result.compiled
  const body = compiled?.frontmatter && compiled.code ? await previewLessonBody(compiled.code, uiLocale, `/courses/${course.slug}/${lessonSlug}`) : null
  return {
    diagnostics: result.diagnostics,
    lesson:
      compiled?.frontmatter && body
        ? {
            number,
            title: compiled.frontmatter.title,
            minutes: compiled.frontmatter.minutes,
            objectives: compiled.frontmatter.objectives,
            toc: compiled.toc,
            language,
            fallback: false,
            quizzes: Object.fromEntries(compiled.quizzes.map((q) => [q.id, toPublicQuiz(q)])),
            body,
          }
        : null,
  }
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { course } = await requireEditableCourse(request, params.course)
  const uiLocale = await getLocale(request)
  const { lesson, locale, path } = lessonOf(course, params.lesson, params.locale)
  const { source, published, draft } = await editorSource(course, path)
  const russian = locale === 'ru' ? null : (course.files.get(lessonPath(lesson.slug, 'ru')) ?? null)
  const title = (lesson.variants[uiLocale] ?? lesson.variants.ru)?.frontmatter.title ?? lesson.slug
  const t = await getFixedT(uiLocale)
  return {
    uiLocale,
    course: { slug: course.slug, title: course.file.title[uiLocale], lessonCount: course.lessons.length },
    lesson: { slug: lesson.slug, title, locale, path, number: lesson.position + 1 },
    source,
    isNew: published === undefined,
    // Times as text: the browser formats no dates (app/domain/format.ts).
    draft: draft ? { updatedAtText: formatDateTime(draft.updatedAt, uiLocale), updatedBy: draft.updatedBy } : null,
    russian,
    preview: await preview(course, lesson.slug, path, source, lesson.position + 1, locale, uiLocale),
    // Not the learner's page title: a trainer has both open, and the editor is of one language.
    pageTitle: t('studio.editLesson', { lesson: title, language: t(`apply.language.${locale}`) }),
  }
}

/** The editor's forms: a knowledge check answered in the preview, discarding the draft, or saving it (the default). */
const editorActionSchema = z.discriminatedUnion('intent', [
  quizAnswerSchema,
  z.object({ intent: z.literal('discard') }),
  // One source: a field sent twice is not this form's post (the form is read raw, so it would be a list).
  z.object({ intent: z.literal('save').default('save'), source: draftSchema.shape.source }),
], { error: 'validation.invalid' })

export async function action({ request, params }: ActionFunctionArgs) {
  const { user, course } = await requireEditableCourse(request, params.course)
  const { lesson, locale, path } = lessonOf(course, params.lesson, params.locale)
  const uiLocale = await getLocale(request)
  // Raw: an emptied lesson is saved as typed, not refused as a missing field.
  const submission = await parseForm(request, editorActionSchema, { raw: true })
  if (submission.status !== 'success') return data({ error: firstError(submission), saved: null, savedAtText: null, preview: null }, { status: 400 })
  const input = submission.value
  if (input.intent === 'answer') {
    // A knowledge check answered in the preview: graded only in the published lesson.
    return data({ quizId: input.quizId, result: null, error: 'studio.previewAnswer' }, { status: 400 })
  }
  if (input.intent === 'discard') {
    await discardDraft(user.id, course, path)
    return redirectWithToast(`/studio/${course.slug}/lessons/${lesson.slug}/${locale}`, { key: 'studio.draftDiscarded', kind: 'success' })
  }
  const saved = await saveDraft(user.id, course, path, input.source)
  return { error: null, saved, savedAtText: formatDateTime(new Date(), uiLocale), preview: await preview(course, lesson.slug, path, input.source, lesson.position + 1, locale, uiLocale) }
}

const AUTOSAVE_MS = 800

export default function LessonEditor() {
  const page = useLoaderData<typeof loader>()
  const { t } = useTranslation()
  const fetcher = useFetcher<typeof action>({ key: `studio-${page.lesson.path}` })
  const [source, setSource] = useState(page.source)
  const [dirty, setDirty] = useState(false)
  const timer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined)

  // A new page (another lesson, or after discarding) starts from what the server has.
  useEffect(() => {
    setSource(page.source)
    setDirty(false)
  }, [page.source, page.lesson.path])

  useEffect(() => () => clearTimeout(timer.current), [])

  // A source over the save limit is not sent (the server would refuse it, and past the body cap the
  // refusal would replace the editor and what was typed): the status says so until it is shortened.
  const tooLong = sourceTooLong(source)
  const onChange = (next: string) => {
    setSource(next)
    setDirty(true)
    clearTimeout(timer.current)
    if (sourceTooLong(next)) return
    timer.current = setTimeout(() => {
      fetcher.submit({ intent: 'save', source: next }, { method: 'post' })
      setDirty(false)
    }, AUTOSAVE_MS)
  }

  const result = fetcher.data
  const shown: typeof page.preview = result?.preview ?? page.preview
  const save = { saving: fetcher.state !== 'idle', dirty, tooLong, reply: result, draft: page.draft }

  return (
    <>
      <nav aria-label={t('studio.breadcrumb')} className="breadcrumb">
        <Link to="/studio">{t('studio.title')}</Link> › <Link to={`/studio/${page.course.slug}`}>{page.course.title}</Link> ›
      </nav>
      <h1>
        {page.lesson.title} <span className="muted">({t(`apply.language.${page.lesson.locale}`)})</span>
      </h1>
      {page.isNew ? <p className="toast toast-info">{t('studio.newTranslation')}</p> : null}
      <div className="studio-editor">
        <LessonSourcePane path={page.lesson.path} source={source} onChange={onChange} diagnostics={shown.diagnostics} save={save} russian={page.russian} />
        <LessonPreviewPane lesson={shown.lesson} lessonCount={page.course.lessonCount} />
      </div>
    </>
  )
}
