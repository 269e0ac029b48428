import { data, type ActionFunctionArgs, type LoaderFunctionArgs } from '@remix-run/node'
import { Link, useActionData, useLoaderData, useNavigation } from '@remix-run/react'
import { useTranslation } from 'react-i18next'
import { pendingField } from '~/components/forms.tsx'
import { DeleteQuestionForm, QuestionEditor } from '~/components/studio/question-editor.tsx'
import { QuestionPreview } from '~/components/studio/question-preview.tsx'
import { LiveAttemptsWarning, MissingTranslations, QuestionBadges } from '~/components/studio/question-status.tsx'
import { publicQuestion } from '~/domain/exam/answers.ts'
import { attemptTokens } from '~/domain/exam/tokens.ts'
import { isLocale, type Locale } from '~/domain/locale.ts'
import { examPath } from '~/domain/studio/files.ts'
import {
  addRow,
  checkQuestion,
  deleteQuestion,
  emptyDraft,
  isQuestionType,
  moveItem,
  questionActionSchema,
  questionToDraft,
  readQuestionForm,
  removeRow,
  rowKindOf,
  writeQuestion,
  type FieldError,
  type QuestionDraft,
} from '~/domain/studio/question-form.ts'
import { getLocale } from '~/i18n/i18next.server.ts'
import { parseForm } from '~/http/forms.server.ts'
import { notFound, requireEditableCourse } from '~/server/accounts/permissions.server.ts'
import { bankQuestions, editorSource, liveAttemptsByQuestion, saveDraft } from '~/server/studio/studio.server.ts'
import type { CatalogCourse } from '~/server/courses/course-files.server.ts'
import { redirectWithToast } from '~/http/toast.server.ts'
export { RouteErrorBoundary as ErrorBoundary } from '~/components/route-error.tsx'

export const handle = { titleKey: 'studio.questions.editTitle' }

const NEW = 'new'
/** The preview's seed: the same option order on every view, like one attempt's. */
const PREVIEW_SEED = 'studio-preview'
/** The preview is the trainer's own: its inputs are disabled and may keep readable names. */
const PREVIEW_TOKENS = attemptTokens((message) => message)

/** The course's bank draft (or published bank) and the question the URL names; 404 when either is not there. */
async function openQuestion(course: CatalogCourse, questionParam: string | undefined, requestUrl: string) {
  if (!course.file.finalExam) notFound()
  const path = examPath(course.file.finalExam)
  const { source, published } = await editorSource(course, path)
  const questions = bankQuestions(source)
  const isNew = questionParam === NEW
  const raw = isNew ? null : questions.find((q) => q.id === questionParam)
  if (!isNew && !raw) notFound()
  const type = raw ? questionToDraft(raw).type : new URL(requestUrl).searchParams.get('type')
  const otherIds = questions.map((q) => String(q.id)).filter((id) => isNew || id !== questionParam)
  return { path, source, published, raw, isNew, currentId: isNew ? null : (questionParam ?? null), type: isQuestionType(type) ? type : 'single', otherIds }
}

function previewOf(course: CatalogCourse, draft: QuestionDraft, otherIds: readonly string[], locale: Locale) {
  const check = checkQuestion(draft, otherIds)
  return check.ok ? publicQuestion(check.question, locale, PREVIEW_SEED, course.exam?.rules.shuffleOptions ?? true, PREVIEW_TOKENS) : null
}

function previewLocale(requestUrl: string, fallback: Locale): Locale {
  const lang = new URL(requestUrl).searchParams.get('lang')
  return isLocale(lang) ? lang : fallback
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { course } = await requireEditableCourse(request, params.course)
  const uiLocale = await getLocale(request)
  const lang = previewLocale(request.url, uiLocale)
  const q = await openQuestion(course, params.question, request.url)
  const draft = q.raw ? questionToDraft(q.raw) : emptyDraft(q.type)
  const check = checkQuestion(draft, q.otherIds)
  const publishedRaw = q.raw && q.published !== undefined ? bankQuestions(q.published).find((p) => p.id === q.currentId) : undefined
  const live = q.currentId ? ((await liveAttemptsByQuestion(course)).get(q.currentId) ?? 0) : 0
  return {
    course: { slug: course.slug, title: course.file.title[uiLocale] },
    isNew: q.isNew,
    currentId: q.currentId,
    draft,
    // A new question starts blank: nothing is wrong with it yet.
    errors: q.isNew || check.ok ? [] : check.errors,
    missing: q.isNew ? [] : check.missing,
    change: q.isNew ? null : publishedRaw === undefined ? ('new' as const) : JSON.stringify(publishedRaw) !== JSON.stringify(q.raw) ? ('changed' as const) : null,
    live,
    previewLocale: lang,
    preview: q.isNew ? null : previewOf(course, draft, q.otherIds, lang),
    pageTitle: q.currentId ?? undefined,
  }
}

interface EditorReply {
  draft: QuestionDraft | null
  errors: FieldError[]
  missing: ReturnType<typeof checkQuestion>['missing']
  preview: ReturnType<typeof previewOf>
  formError: string | null
  /** Changes on every reply, so the (uncontrolled) form re-renders with the server's fields. */
  revision: string
}

export async function action({ request, params }: ActionFunctionArgs) {
  const { user, course } = await requireEditableCourse(request, params.course)
  const uiLocale = await getLocale(request)
  const lang = previewLocale(request.url, uiLocale)
  const q = await openQuestion(course, params.question, request.url)
  const reply = (r: Partial<EditorReply>, status = 200) => data<EditorReply>({ draft: null, errors: [], missing: [], preview: null, formError: null, revision: String(Date.now()), ...r }, { status })
  // Raw: a row is in the form when its id field is, even empty.
  const submission = await parseForm(request, questionActionSchema, { raw: true })
  if (submission.status !== 'success') return reply({ formError: 'studio.questions.errors.invalid' }, 400)
  const input = submission.value

  if (input.intent === 'delete') {
    if (!q.currentId) return reply({ formError: 'studio.questions.errors.invalid' }, 400)
    if (input.confirm !== 'yes') return reply({ formError: 'studio.questions.errors.confirmDelete' }, 400)
    const edit = deleteQuestion(q.source, q.currentId)
    if (!edit.ok) return reply({ formError: `studio.questions.errors.${edit.reason}` }, 409)
    await saveDraft(user.id, course, q.path, edit.source)
    return redirectWithToast(`/studio/${course.slug}/questions`, { key: 'studio.questions.deleted', kind: 'success' })
  }

  const type = q.raw ? q.type : input.type
  if (!isQuestionType(type)) return reply({ formError: 'studio.questions.errors.invalid' }, 400)
  const draft = readQuestionForm(input, type)

  // Row buttons answer with the edited form, unsaved: adding a row works without JavaScript too.
  const kind = rowKindOf(type)
  const intent = input.intent
  const [verb, at] = intent.split(':')
  const index = Number(at)
  if (kind && (verb === 'add' || ((verb === 'remove' || verb === 'up' || verb === 'down') && Number.isInteger(index)))) {
    if (verb === 'add') addRow(draft, kind)
    else if (verb === 'remove') removeRow(draft, kind, index)
    else if (kind === 'item') moveItem(draft, index, verb === 'up' ? -1 : 1)
    return reply({ draft, preview: previewOf(course, draft, q.otherIds, lang) })
  }
  if (intent !== 'save') return reply({ draft, formError: 'studio.questions.errors.invalid' }, 400)

  const check = checkQuestion(draft, q.otherIds)
  if (!check.ok) return reply({ draft, errors: check.errors, missing: check.missing }, 400)
  const edit = writeQuestion(q.source, q.currentId, check.value)
  if (!edit.ok) return reply({ draft, formError: `studio.questions.errors.${edit.reason}` }, 409)
  await saveDraft(user.id, course, q.path, edit.source)
  const toast = check.missing.length ? { key: 'studio.questions.savedWithMissing', kind: 'info' as const } : { key: 'studio.questions.saved', kind: 'success' as const }
  return redirectWithToast(`/studio/${course.slug}/questions/${draft.id}?lang=${lang}`, toast)
}

export default function QuestionPage() {
  const page = useLoaderData<typeof loader>()
  const reply = useActionData<typeof action>()
  const navigation = useNavigation()
  const { t } = useTranslation()
  const draft = reply?.draft ?? page.draft
  const errors = reply?.draft ? reply.errors : page.errors
  const missing = reply?.draft ? reply.missing : page.missing
  const preview = reply?.draft ? reply.preview : page.preview
  const busy = navigation.state === 'submitting' && pendingField(navigation.formData, 'intent') === 'save'
  const base = `/studio/${page.course.slug}/questions/${page.currentId ?? `${NEW}?type=${draft.type}`}`
  const languageHref = (l: Locale) => `${base}${base.includes('?') ? '&' : '?'}lang=${l}`
  return (
    <>
      <nav aria-label={t('studio.questions.breadcrumb')} className="breadcrumb">
        <Link to="/studio">{t('studio.questions.studio')}</Link> › <Link to={`/studio/${page.course.slug}`}>{page.course.title}</Link> › <Link to={`/studio/${page.course.slug}/questions`}>{t('studio.questions.title')}</Link> ›
      </nav>
      <h1>
        {page.isNew ? t('studio.questions.newTitle', { type: t(`studio.questions.type.${draft.type}`) }) : t('studio.questions.editHeading', { id: page.currentId })}{' '}
        <QuestionBadges missing={page.missing.length > 0} change={page.change} live={page.live} />
      </h1>
      <LiveAttemptsWarning count={page.live} />
      <MissingTranslations missing={missing} />
      {reply?.formError ? (
        <p className="form-message" role="alert">
          {t(reply.formError)}
        </p>
      ) : null}
      <div className="studio-editor">
        <section aria-labelledby="editor-title" className="studio-pane">
          <h2 id="editor-title">{t('studio.questions.editorTitle')}</h2>
          <QuestionEditor key={reply?.revision ?? `loaded-${page.currentId ?? draft.type}`} draft={draft} errors={errors} isNew={page.isNew} busy={busy} />
          {page.currentId ? <DeleteQuestionForm id={page.currentId} /> : null}
        </section>
        <QuestionPreview question={preview} locale={page.previewLocale} languageHref={languageHref} />
      </div>
    </>
  )
}
