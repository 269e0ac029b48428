import { Form } from '@remix-run/react'
import { useMemo, useRef } from 'react'
import { useTranslation } from 'react-i18next'
import { LessonArticle, type LessonArticleData } from '~/components/lesson/lesson-article.tsx'
import type { LessonBodyView } from '~/domain/content/lesson-body.ts'
import type { PublicQuiz } from '~/domain/content/quiz.ts'
import { componentSnippets } from '~/domain/studio/snippets.ts'
import { explainLessonProblem } from '~/domain/studio/lesson-problems.ts'
import { DiagnosticList, type ShownDiagnostic } from './diagnostics.tsx'
import { SourceEditor, type SourceEditorHandle } from './source-editor.tsx'

/** Where the draft stands: saving now, typed but not yet sent, or what the last save answered. */
export interface DraftSaveState {
  saving: boolean
  dirty: boolean
  /** Over the save limit: neither autosaved nor sent by the save button until shortened. */
  tooLong: boolean
  /** The last autosave's reply, if any; its time is formatted by the server (app/domain/format.ts). */
  reply: { error: string | null; saved: 'saved' | 'unchanged' | null; savedAtText: string | null } | undefined
  /** The draft the page opened with, its time formatted by the server. */
  draft: { updatedAtText: string; updatedBy: string | null } | null
}

function useSaveStatus({ saving, dirty, tooLong, reply, draft }: DraftSaveState) {
  const { t } = useTranslation()
  if (tooLong) return t('studio.errors.tooLong')
  if (saving) return t('studio.saving')
  if (dirty) return t('studio.unsaved')
  if (reply?.error) return t(reply.error)
  if (reply?.saved === 'unchanged') return t('studio.sameAsPublished')
  if (reply?.savedAtText) return t('studio.draftSavedAt', { at: reply.savedAtText })
  if (draft) return t('studio.draftBy', { name: draft.updatedBy ?? '—', at: draft.updatedAtText })
  return t('studio.noDraft')
}

/**
 * The source side of the lesson editor: the editor with its save status and problems, discarding the
 * draft, the component snippets and (for a translation) the Russian original.
 */
export function LessonSourcePane({
  path,
  source,
  onChange,
  diagnostics,
  save,
  russian,
}: {
  path: string
  source: string
  onChange: (next: string) => void
  diagnostics: readonly ShownDiagnostic[]
  save: DraftSaveState
  russian: string | null
}) {
  const { t } = useTranslation()
  const editor = useRef<SourceEditorHandle>(null)
  const status = useSaveStatus(save)
  return (
    <section aria-labelledby="source-title" className="studio-pane">
      <h2 id="source-title">{t('studio.source')}</h2>
      <Form
        method="post"
        onSubmit={(event) => {
          if (save.tooLong) event.preventDefault()
        }}
      >
        <input type="hidden" name="intent" value="save" />
        <SourceEditor ref={editor} id="lesson-source" name="source" label={t('studio.sourceLabel', { path })} value={source} onChange={onChange} errorLines={diagnostics.map((d) => explainLessonProblem(d).line)} describedBy="editor-status editor-problems" />
        <p id="editor-status" className={save.tooLong ? 'field-errors' : 'muted'} role="status" aria-live="polite">
          {status}
        </p>
        <div id="editor-problems">
          {diagnostics.length > 0 ? (
            <div className="form-errors" role="alert">
              <p>{t('studio.problems', { count: diagnostics.length })}</p>
              <DiagnosticList diagnostics={diagnostics} lesson onLine={(line) => editor.current?.goToLine(line)} />
            </div>
          ) : (
            <p className="muted">{t('studio.noProblems')}</p>
          )}
        </div>
        <p className="actions">
          <button type="submit" className="btn btn-secondary">
            {t('studio.saveDraft')}
          </button>
        </p>
      </Form>
      {save.draft ? (
        <Form method="post">
          <input type="hidden" name="intent" value="discard" />
          <button type="submit" className="btn btn-link danger">
            {t('studio.discard')}
          </button>
        </Form>
      ) : null}
      <details className="card">
        <summary>{t('studio.components')}</summary>
        <p className="field-help">{t('studio.componentsHelp')}</p>
        <ul className="snippets">
          {componentSnippets.map((snippet) => (
            <li key={snippet.name}>
              <p>
                <strong>{snippet.name}</strong> — {t(`studio.snippet.${snippet.name}`)}{' '}
                <button type="button" className="btn btn-small btn-secondary" onClick={() => editor.current?.insert(snippet.text)}>
                  {t('studio.insert', { name: snippet.name })}
                </button>
              </p>
              <pre>
                <code>{snippet.text}</code>
              </pre>
            </li>
          ))}
        </ul>
      </details>
      {russian ? (
        <details className="card">
          <summary>{t('studio.russianOriginal')}</summary>
          <pre className="source-reference" lang="ru">
            {russian}
          </pre>
        </details>
      ) : null}
    </section>
  )
}

export type LessonPreviewData = LessonArticleData & { quizzes: Record<string, PublicQuiz>; body: LessonBodyView }

/** The lesson as learners will read it; its knowledge checks are shown, not graded. */
export function LessonPreviewPane({ lesson, lessonCount }: { lesson: LessonPreviewData | null; lessonCount: number }) {
  const { t } = useTranslation()
  const quizContext = useMemo(() => ({ quizzes: lesson?.quizzes ?? {}, results: {}, errorFor: null }), [lesson?.quizzes])
  return (
    <section aria-labelledby="preview-title" className="studio-pane studio-preview">
      <h2 id="preview-title">{t('studio.preview')}</h2>
      {lesson ? (
        <div className="preview-frame">
          <LessonArticle lesson={lesson} body={lesson.body} lessonCount={lessonCount} quizzes={quizContext} />
        </div>
      ) : (
        <p className="card">{t('studio.previewUnavailable')}</p>
      )}
    </section>
  )
}
