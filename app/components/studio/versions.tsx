import { Form, Link } from '@remix-run/react'
import { useTranslation } from 'react-i18next'

export interface VersionView {
  number: number
  /** When, formatted by the server; null for the version that came with the repository. */
  createdAtText: string | null
  author: string | null
  note: string
  restoredFrom: number | null
  certificates: number
  current: boolean
}

export interface VersionDiffView {
  from: number
  to: number
  files: Array<{ path: string; change: 'added' | 'removed' | 'changed'; hunks: Array<{ oldStart: number; newStart: number; lines: string[] }> }>
}

/** Every version, newest first: when, by whom, why, certificates earned on it; compare, restore, download. */
export function VersionTable({ courseSlug, versions }: { courseSlug: string; versions: VersionView[] }) {
  const { t } = useTranslation()
  return (
    <div className="table-wrap">
      <table>
        <thead>
          <tr>
            <th scope="col">{t('studio.version')}</th>
            <th scope="col">{t('studio.published')}</th>
            <th scope="col">{t('studio.note')}</th>
            <th scope="col">{t('studio.certificatesOnVersion')}</th>
            <th scope="col">{t('studio.actions')}</th>
          </tr>
        </thead>
        <tbody>
          {versions.map((v) => (
            <tr key={v.number} aria-current={v.current ? 'true' : undefined}>
              <th scope="row">
                {v.number === 0 ? t('studio.repositoryVersion') : t('studio.versionNumber', { number: v.number })}
                {v.current ? (
                  <>
                    {' '}
                    <span className="file-status file-status-published">{t('studio.current')}</span>
                  </>
                ) : null}
              </th>
              <td>{v.createdAtText ? `${v.createdAtText} · ${v.author ?? '—'}` : t('studio.fromRepository')}</td>
              <td>
                {v.note}
                {v.restoredFrom !== null ? <span className="muted"> {t('studio.restoredFrom', { number: v.restoredFrom })}</span> : null}
              </td>
              <td>{v.certificates}</td>
              <td>
                {v.current ? null : (
                  <>
                    <Link to={`?compare=${v.number}`} className="btn btn-link">
                      {t('studio.compareWithCurrent')}
                    </Link>
                    <Form method="post" className="rollback-form">
                      <input type="hidden" name="version" value={v.number} />
                      <label className="visually-hidden" htmlFor={`note-${v.number}`}>
                        {t('studio.rollbackNote')}
                      </label>
                      <input id={`note-${v.number}`} name="note" maxLength={500} placeholder={t('studio.rollbackNote')} />
                      <button type="submit" className="btn btn-small btn-secondary">
                        {t('studio.rollbackTo', { number: v.number })}
                      </button>
                    </Form>
                  </>
                )}
                <a href={`/studio/${courseSlug}/download?version=${v.number}`} className="btn btn-link" download>
                  {t('studio.downloadVersion')}
                </a>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  )
}

/** What changed between two versions, line by line (added and removed lines are also named for screen readers). */
export function VersionDiff({ diff }: { diff: VersionDiffView }) {
  const { t } = useTranslation()
  return (
    <section aria-labelledby="diff-title">
      <h2 id="diff-title">{t('studio.diffTitle', { from: diff.from, to: diff.to })}</h2>
      {diff.files.length === 0 ? <p>{t('studio.noDifferences')}</p> : null}
      {diff.files.map((file) => (
        <section key={file.path} className="card">
          <h3>
            <code>{file.path}</code> <span className="muted">{t(`studio.change.${file.change}`)}</span>
          </h3>
          <div className="diff">
            {file.hunks.map((hunk, i) => (
              <div key={i}>
                <span className="diff-hunk">{t('studio.hunk', { old: hunk.oldStart, new: hunk.newStart })}</span>
                {hunk.lines.map((line, j) => {
                  const kind = line.startsWith('+') ? 'diff-add' : line.startsWith('-') ? 'diff-del' : undefined
                  return (
                    <span key={j} className={kind}>
                      {kind === 'diff-add' ? <span className="visually-hidden">{t('studio.added')} </span> : kind === 'diff-del' ? <span className="visually-hidden">{t('studio.removed')} </span> : null}
                      {line}
                    </span>
                  )
                })}
              </div>
            ))}
          </div>
        </section>
      ))}
    </section>
  )
}
