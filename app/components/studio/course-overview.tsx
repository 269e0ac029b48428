import { Form, Link } from '@remix-run/react'
import { useTranslation } from 'react-i18next'
import { locales, type Locale } from '~/domain/locale.ts'
import type { FileStatus } from '~/domain/studio/files.ts'
import { RefusedChange, type ShownDiagnostic } from './diagnostics.tsx'
import { FileStatusBadge } from './file-status.tsx'

/** The drafts waiting to be published, each discardable, and the publish form (with why it was refused). */
export function PublishPanel({
  drafts,
  busy,
  refused,
}: {
  drafts: Array<{ path: string; updatedAtText: string; updatedBy: string | null }>
  busy: boolean
  refused: { error: string | null; diagnostics: ShownDiagnostic[] } | undefined
}) {
  const { t } = useTranslation()
  return (
    <section className="card" aria-labelledby="publish-title">
      <h2 id="publish-title">{t('studio.publishTitle')}</h2>
      {drafts.length === 0 ? (
        <p>{t('studio.noDrafts')}</p>
      ) : (
        <>
          <p>{t('studio.draftsWaiting', { count: drafts.length })}</p>
          <ul className="draft-list">
            {drafts.map((d) => (
              <li key={d.path}>
                <code>{d.path}</code> <span className="muted">{t('studio.draftBy', { name: d.updatedBy ?? '—', at: d.updatedAtText })}</span>
                <Form method="post" className="inline-form">
                  <input type="hidden" name="intent" value="discard" />
                  <input type="hidden" name="path" value={d.path} />
                  <button type="submit" className="btn btn-link danger">
                    {t('studio.discard')}
                  </button>
                </Form>
              </li>
            ))}
          </ul>
          <Form method="post">
            <input type="hidden" name="intent" value="publish" />
            <div className="field">
              <label htmlFor="publish-note">{t('studio.publishNote')}</label>
              <input id="publish-note" name="note" maxLength={500} />
              <p className="field-help">{t('studio.publishHelp')}</p>
            </div>
            <button type="submit" className="btn btn-primary" disabled={busy}>
              {busy ? t('studio.publishing') : t('studio.publish')}
            </button>
          </Form>
        </>
      )}
      {refused?.error ? <RefusedChange error={refused.error} diagnostics={refused.diagnostics} /> : null}
    </section>
  )
}

/** Every lesson in every language: a link to its editor and the file's status. */
export function LessonFilesTable({ courseSlug, lessons }: { courseSlug: string; lessons: Array<{ slug: string; title: string; files: Record<Locale, FileStatus> }> }) {
  const { t } = useTranslation()
  return (
    <section aria-labelledby="lessons-title">
      <h2 id="lessons-title">{t('studio.lessons')}</h2>
      <div className="table-wrap">
        <table>
          <thead>
            <tr>
              <th scope="col">{t('studio.lesson')}</th>
              {locales.map((l) => (
                <th scope="col" key={l}>
                  {t(`apply.language.${l}`)}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {lessons.map((lesson) => (
              <tr key={lesson.slug}>
                <th scope="row">{lesson.title}</th>
                {locales.map((l) => (
                  <td key={l}>
                    <Link to={`/studio/${courseSlug}/lessons/${lesson.slug}/${l}`} aria-label={t('studio.editLesson', { lesson: lesson.title, language: t(`apply.language.${l}`) })}>
                      {t('studio.edit')}
                    </Link>{' '}
                    <FileStatusBadge status={lesson.files[l]} />
                  </td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </section>
  )
}

export function ExamFileCard({ courseSlug, exam }: { courseSlug: string; exam: { status: FileStatus; questionCount: number } }) {
  const { t } = useTranslation()
  return (
    <section className="card" aria-labelledby="exam-title">
      <h2 id="exam-title">{t('studio.exam')}</h2>
      <p>
        {t('studio.examFacts', { count: exam.questionCount })} <FileStatusBadge status={exam.status} />
      </p>
      <Link to={`/studio/${courseSlug}/questions`}>{t('studio.questionsLink')}</Link>
    </section>
  )
}
