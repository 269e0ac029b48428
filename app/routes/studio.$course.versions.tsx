import { data, type ActionFunctionArgs, type LoaderFunctionArgs } from '@remix-run/node'
import { Form, Link, useActionData, useLoaderData } from '@remix-run/react'
import { useTranslation } from 'react-i18next'
import { RefusedChange } from '~/components/studio/diagnostics.tsx'
import { formatDateTime } from '~/domain/format.ts'
import { rollbackSchema } from '~/domain/studio/files.ts'
import { getLocale } from '~/i18n/i18next.server.ts'
import { readForm } from '~/http/forms.server.ts'
import { requireEditableCourse } from '~/server/accounts/permissions.server.ts'
import { courseVersions, diffFiles, rollbackCourse } from '~/server/studio/studio.server.ts'
import { versionFiles } from '~/server/studio/versions.server.ts'
import { redirectWithToast } from '~/http/toast.server.ts'

export const handle = { titleKey: 'studio.versionsTitle' }

/** `?compare=<n>`: what changed from version n to the served one (or `&to=<m>`). */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const { course } = await requireEditableCourse(request, params.course)
  const locale = await getLocale(request)
  const versions = await courseVersions(course)
  const url = new URL(request.url)
  const compare = url.searchParams.get('compare')
  const to = url.searchParams.get('to')
  let diff: { from: number; to: number; files: ReturnType<typeof diffFiles> } | null = null
  if (compare !== null) {
    const from = Number(compare)
    const target = to === null ? course.versionNumber : Number(to)
    const [before, after] = await Promise.all([
      Number.isInteger(from) && from >= 0 ? versionFiles(course.slug, from) : null,
      Number.isInteger(target) && target >= 0 ? versionFiles(course.slug, target) : null,
    ])
    if (before && after) diff = { from, to: target, files: diffFiles(before, after) }
  }
  return {
    locale,
    course: { slug: course.slug, title: course.file.title[locale], version: course.versionNumber },
    versions: versions.map((v) => ({ ...v, createdAt: v.createdAt?.toISOString() ?? null })),
    diff,
    pageTitle: course.file.title[locale],
  }
}

export async function action({ request, params }: ActionFunctionArgs) {
  const { user, course } = await requireEditableCourse(request, params.course)
  const form = await readForm(request)
  const parsed = rollbackSchema.safeParse({ version: form.get('version') ?? undefined, note: form.get('note') ?? '' })
  if (!parsed.success) return data({ error: parsed.error.issues[0]?.message ?? 'validation.invalid', diagnostics: [] }, { status: 400 })
  const result = await rollbackCourse(user.id, course, parsed.data.version, parsed.data.note)
  if (result.ok) return redirectWithToast(`/studio/${course.slug}/versions`, { key: 'studio.rolledBack', kind: 'success' })
  if (result.reason === 'unknownVersion') return data({ error: 'studio.errors.unknownVersion', diagnostics: [] }, { status: 404 })
  if (result.reason === 'unchanged') return data({ error: 'studio.errors.alreadyServed', diagnostics: [] }, { status: 400 })
  return data({ error: 'studio.errors.cannotRestore', diagnostics: result.diagnostics.map((d) => ({ file: d.file.split('/').slice(-2).join('/'), line: d.line, message: d.message })) }, { status: 400 })
}

export default function StudioVersions() {
  const { course, versions, diff, locale } = useLoaderData<typeof loader>()
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
                <td>{v.createdAt ? `${formatDateTime(new Date(v.createdAt), locale)} · ${v.author ?? '—'}` : t('studio.fromRepository')}</td>
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
                  <a href={`/studio/${course.slug}/download?version=${v.number}`} className="btn btn-link" download>
                    {t('studio.downloadVersion')}
                  </a>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {diff ? (
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
      ) : null}
    </>
  )
}
