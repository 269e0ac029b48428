import { type LoaderFunctionArgs } from '@remix-run/node'
import { Form, Link, useLoaderData } from '@remix-run/react'
import { useTranslation } from 'react-i18next'
import { LiveAttemptsWarning, QuestionBadges } from '~/components/studio/question-status.tsx'
import { TableWrap } from '~/components/table-wrap.tsx'
import { questionTypes } from '~/domain/exam/bank.ts'
import { examPath } from '~/domain/studio/files.ts'
import { missingTranslations, questionToDraft } from '~/domain/studio/question-form.ts'
import { getLocale } from '~/i18n/i18next.server.ts'
import { notFound, requireEditableCourse } from '~/server/accounts/permissions.server.ts'
import { bankQuestions, editorSource, liveAttemptsByQuestion, parsedBank } from '~/server/studio/studio.server.ts'
export { RouteErrorBoundary as ErrorBoundary } from '~/components/route-error.tsx'

export const handle = { titleKey: 'studio.questions.title' }

/** The bank's rules as label → shown value, read-only here (they change by pull request to the bank file). */
function rulesOf(source: string): Array<[string, string]> {
  return Object.entries(parsedBank(source).rules).map(([key, value]) => [key, value && typeof value === 'object' ? Object.entries(value).map(([k, v]) => `${k}: ${String(v)}`).join(', ') : String(value)])
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { course } = await requireEditableCourse(request, params.course)
  if (!course.file.finalExam) notFound()
  const locale = await getLocale(request)
  const { source, published, draft } = await editorSource(course, examPath(course.file.finalExam))
  const publishedById = new Map(bankQuestions(published ?? '').map((q) => [String(q.id), JSON.stringify(q)]))
  const live = await liveAttemptsByQuestion(course)
  const questions = bankQuestions(source).map((raw) => {
    const q = questionToDraft(raw)
    const before = publishedById.get(q.id)
    return {
      id: q.id,
      type: q.type,
      topic: q.topic,
      text: q.text[locale] || q.text.ru,
      missing: missingTranslations(q).length > 0,
      change: before === undefined ? ('new' as const) : before !== JSON.stringify(raw) ? ('changed' as const) : null,
      live: live.get(q.id) ?? 0,
    }
  })
  const kept = new Set(questions.map((q) => q.id))
  return {
    course: { slug: course.slug, title: course.file.title[locale] },
    hasDraft: draft !== null,
    questions,
    removed: [...publishedById.keys()].filter((id) => !kept.has(id)),
    liveTotal: questions.reduce((n, q) => n + (q.live > 0 ? 1 : 0), 0),
    rules: rulesOf(source),
  }
}

export default function StudioQuestions() {
  const { course, hasDraft, questions, removed, liveTotal, rules } = useLoaderData<typeof loader>()
  const { t } = useTranslation()
  return (
    <>
      <nav aria-label={t('studio.questions.breadcrumb')} className="breadcrumb">
        <Link to="/studio">{t('studio.questions.studio')}</Link> › <Link to={`/studio/${course.slug}`}>{course.title}</Link> ›
      </nav>
      <h1>{t('studio.questions.title')}</h1>
      <p className="muted">{t(hasDraft ? 'studio.questions.fromDraft' : 'studio.questions.fromPublished', { count: questions.length })}</p>
      {liveTotal > 0 ? <LiveAttemptsWarning count={liveTotal} /> : null}

      <Form method="get" action={`/studio/${course.slug}/questions/new`} className="search-form card">
        <label htmlFor="new-type">{t('studio.questions.addType')}</label>
        <select id="new-type" name="type" defaultValue="single">
          {questionTypes.map((type) => (
            <option key={type} value={type}>
              {t(`studio.questions.type.${type}`)}
            </option>
          ))}
        </select>
        <button type="submit" className="btn btn-primary">
          {t('studio.questions.addQuestion')}
        </button>
      </Form>

      <TableWrap label={t('studio.questions.title')}>
        <table>
          <thead>
            <tr>
              <th scope="col">{t('studio.questions.id')}</th>
              <th scope="col">{t('studio.questions.typeLabel')}</th>
              <th scope="col">{t('studio.questions.topic')}</th>
              <th scope="col">{t('studio.questions.text')}</th>
              <th scope="col">{t('studio.questions.status')}</th>
            </tr>
          </thead>
          <tbody>
            {questions.map((q) => (
              <tr key={q.id}>
                <th scope="row">
                  <Link to={`/studio/${course.slug}/questions/${q.id}`}>{q.id}</Link>
                </th>
                <td>{t(`studio.questions.type.${q.type}`)}</td>
                <td>{q.topic}</td>
                <td>{q.text}</td>
                <td>
                  <QuestionBadges missing={q.missing} change={q.change} live={q.live} />
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </TableWrap>
      {removed.length ? (
        <p>
          {t('studio.questions.removedInDraft')} {removed.map((id) => <code key={id}>{id} </code>)}
        </p>
      ) : null}

      <section className="card" aria-labelledby="rules-title">
        <h2 id="rules-title">{t('studio.questions.rulesTitle')}</h2>
        <p className="field-help">{t('studio.questions.rulesHelp')}</p>
        <dl>
          {rules.map(([key, value]) => (
            <div key={key}>
              <dt>{t(`studio.questions.rule.${key}`, { defaultValue: key })}</dt>
              <dd>{value}</dd>
            </div>
          ))}
        </dl>
      </section>
    </>
  )
}
