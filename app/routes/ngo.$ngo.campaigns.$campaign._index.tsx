import { parseWithZod } from '@conform-to/zod/v4'
import { data, type ActionFunctionArgs, type LoaderFunctionArgs } from '@remix-run/node'
import { Form, Link, useActionData, useLoaderData, useLocation, useNavigation } from '@remix-run/react'
import { useTranslation } from 'react-i18next'
import { Pagination } from '~/components/pagination.tsx'
import { StateBadge } from '~/components/recruitment/state-badge.tsx'
import { StateCounts } from '~/components/recruitment/state-counts.tsx'
import { TableWrap } from '~/components/table-wrap.tsx'
import { formatDate } from '~/domain/format.ts'
import { localizedName } from '~/domain/locale.ts'
import { applicationStates } from '~/domain/pipeline.ts'
import { parseRecruitFilters, progressBuckets, recruitSorts } from '~/domain/recruits.ts'
import { applicationLanguages, availabilityParts } from '~/domain/validation/application.ts'
import { bulkSchema } from '~/domain/validation/recruitment.ts'
import { getLocale } from '~/i18n/i18next.server.ts'
import { clientIp } from '~/http/context.server.ts'
import { readForm } from '~/http/forms.server.ts'
import { requireNgoCampaign } from '~/server/accounts/permissions.server.ts'
import { bulkAction, listRecruits } from '~/server/recruitment/recruitment.server.ts'
import { listRegions } from '~/server/recruitment/regions.server.ts'

export const handle = { titleKey: 'recruits.title' }

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { ngo, scope, campaign } = await requireNgoCampaign(request, params)
  const filters = parseRecruitFilters(new URL(request.url).searchParams)
  const [locale, regions, list] = await Promise.all([getLocale(request), listRegions(), listRecruits(scope, campaign.id, filters)])
  const regionNames = new Map(regions.map((r) => [r.code, localizedName(r, locale)]))
  return {
    ngo: { slug: ngo.slug, name: ngo.name },
    campaign: { slug: campaign.slug, name: localizedName(campaign, locale), electionDay: formatDate(campaign.electionDay, locale) },
    filters,
    regions: regions.map((r) => ({ code: r.code, name: localizedName(r, locale) })),
    counts: list.counts,
    all: list.all,
    total: list.total,
    pageCount: list.pageCount,
    rows: list.rows.map((r) => ({ ...r, region: regionNames.get(r.regionCode) ?? r.regionCode, createdAt: formatDate(r.createdAt, locale, 'medium') })),
  }
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const { scope, campaign } = await requireNgoCampaign(request, params)
  const submission = parseWithZod(await readForm(request), { schema: bulkSchema })
  if (submission.status !== 'success') return data({ result: submission.reply(), outcomes: null }, { status: 400 })
  const { action: kind, ids, text } = submission.value
  const outcomes = await bulkAction(scope, campaign.id, ids, kind === 'message' ? { kind: 'message', text: text ?? '' } : { kind: 'move', to: kind, reason: text }, clientIp(context))
  return data({ result: submission.reply({ resetForm: true }), outcomes })
}

export default function RecruitList() {
  const { ngo, campaign, filters, regions, counts, all, total, pageCount, rows } = useLoaderData<typeof loader>()
  const actionData = useActionData<typeof action>()
  const { t } = useTranslation()
  const location = useLocation()
  const busy = useNavigation().state === 'submitting'
  const base = `/ngo/${ngo.slug}/campaigns/${campaign.slug}`
  const stateHref = (state: string | null) => {
    const params = new URLSearchParams(location.search)
    params.delete('page')
    if (state) params.set('state', state)
    else params.delete('state')
    return `${location.pathname}?${params}`
  }
  const errors = actionData?.result?.error ?? {}
  const done = actionData?.outcomes?.filter((o) => o.ok).length ?? 0
  const failed = actionData?.outcomes?.filter((o) => !o.ok) ?? []
  return (
    <>
      <div className="page-head">
        <h1>{campaign.name}</h1>
        <div className="form-actions">
          <Link to={`${base}/new`} className="btn btn-secondary btn-small">
            {t('recruits.add')}
          </Link>
          <Link to={`${base}/import`} className="btn btn-secondary btn-small">
            {t('recruits.import')}
          </Link>
          <Link to={`${base}/stuck`} className="btn btn-secondary btn-small">
            {t('recruits.stuck.title')}
          </Link>
        </div>
      </div>
      <p className="muted">
        {t('campaign.electionDay')}: {campaign.electionDay}
      </p>
      <StateCounts counts={counts} all={all} />
      <nav className="subnav" aria-label={t('recruits.byState')}>
        <ul>
          <li>
            <Link to={stateHref(null)} aria-current={!filters.state ? 'page' : undefined}>
              {t('recruits.allStates')} ({all})
            </Link>
          </li>
          {applicationStates.map((s) => (
            <li key={s}>
              <Link to={stateHref(s)} aria-current={filters.state === s ? 'page' : undefined}>
                {t(`pipeline.state.${s}`)} ({counts[s]})
              </Link>
            </li>
          ))}
        </ul>
      </nav>
      <Form method="get" className="filter-form" aria-label={t('recruits.filters')}>
        {filters.state ? <input type="hidden" name="state" value={filters.state} /> : null}
        <div className="field">
          <label htmlFor="recruit-q">{t('recruits.search')}</label>
          <input id="recruit-q" name="q" type="search" defaultValue={filters.q ?? ''} placeholder={t('recruits.searchHint')} />
        </div>
        <FilterSelect id="recruit-region" name="region" label={t('apply.fields.region')} value={filters.region} options={regions.map((r) => ({ value: r.code, label: r.name }))} />
        <FilterSelect id="recruit-language" name="language" label={t('recruits.language')} value={filters.language} options={applicationLanguages.map((l) => ({ value: l, label: t(`apply.language.${l}`) }))} />
        <FilterSelect id="recruit-availability" name="availability" label={t('recruits.availability')} value={filters.availability} options={availabilityParts.map((a) => ({ value: a, label: t(`apply.availability.${a}`) }))} />
        <FilterSelect id="recruit-progress" name="progress" label={t('recruits.progress')} value={filters.progress} options={progressBuckets.map((p) => ({ value: p, label: t(`recruits.progressBucket.${p}`) }))} />
        <div className="field">
          <label htmlFor="recruit-sort">{t('recruits.sort')}</label>
          <select id="recruit-sort" name="sort" defaultValue={filters.sort}>
            {recruitSorts.map((s) => (
              <option key={s} value={s}>
                {t(`recruits.sortBy.${s}`)}
              </option>
            ))}
          </select>
        </div>
        <div className="field filter-submit">
          <button type="submit" className="btn btn-secondary">
            {t('common.filter')}
          </button>
        </div>
      </Form>
      <p className="muted" role="status">
        {t('recruits.shown', { count: total })}
      </p>
      {actionData?.outcomes ? (
        <div className={failed.length ? 'toast toast-info' : 'toast toast-success'} role="status">
          <p>{t('recruits.bulk.done', { count: done })}</p>
          {failed.length ? (
            <ul>
              {failed.map((o) => (
                <li key={o.id}>
                  {o.name || o.id}: {t(`recruits.moveError.${o.ok ? 'notFound' : o.error}`)}
                </li>
              ))}
            </ul>
          ) : null}
        </div>
      ) : null}
      <Form method="post" id="bulk" className="bulk-form card">
        <input type="hidden" name="intent" value="bulk" />
        <fieldset className="bulk-fields">
          <legend>{t('recruits.bulk.title')}</legend>
          <div className="field">
            <label htmlFor="bulk-action">{t('recruits.bulk.action')}</label>
            <select id="bulk-action" name="action" defaultValue="" aria-describedby={errors.action ? 'bulk-action-error' : undefined}>
              <option value="">{t('recruits.bulk.chooseAction')}</option>
              <option value="screening">{t('recruits.bulk.toScreening')}</option>
              <option value="accepted">{t('recruits.bulk.accept')}</option>
              <option value="rejected">{t('recruits.bulk.reject')}</option>
              <option value="message">{t('recruits.bulk.message')}</option>
            </select>
            {errors.action ? (
              <p id="bulk-action-error" className="field-errors">
                {t(errors.action[0] ?? '')}
              </p>
            ) : null}
          </div>
          <div className="field">
            <label htmlFor="bulk-text">{t('recruits.bulk.text')}</label>
            <textarea id="bulk-text" name="text" rows={2} maxLength={1000} aria-describedby={errors.text ? 'bulk-text-error' : 'bulk-text-help'} />
            <p id="bulk-text-help" className="field-help">
              {t('recruits.bulk.textHelp')}
            </p>
            {errors.text ? (
              <p id="bulk-text-error" className="field-errors">
                {t(errors.text[0] ?? '')}
              </p>
            ) : null}
          </div>
          {errors.ids ? <p className="field-errors">{t(errors.ids[0] ?? '')}</p> : null}
          <div>
            <button type="submit" className="btn btn-primary" disabled={busy}>
              {t('recruits.bulk.apply')}
            </button>
          </div>
        </fieldset>
      </Form>
      <TableWrap label={t('recruits.title')}>
        <table className="recruit-table">
          <thead>
            <tr>
              <th scope="col">
                <span className="visually-hidden">{t('recruits.select')}</span>
              </th>
              <th scope="col">{t('recruits.name')}</th>
              <th scope="col">{t('recruits.state')}</th>
              <th scope="col">{t('apply.fields.region')}</th>
              <th scope="col">{t('recruits.progress')}</th>
              <th scope="col">{t('apply.fields.iin')}</th>
              <th scope="col">{t('apply.fields.phone')}</th>
              <th scope="col">{t('recruits.applied')}</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((r) => (
              <tr key={r.id}>
                <td>
                  <input type="checkbox" name="ids" value={r.id} form="bulk" id={`select-${r.id}`} aria-label={t('recruits.selectOne', { name: r.fullName })} className="row-check" />
                </td>
                <th scope="row">
                  <Link to={`/ngo/${ngo.slug}/recruits/${r.id}`}>{r.fullName}</Link>
                  {r.source !== 'form' ? <span className="muted"> · {t(`recruits.source.${r.source}`, { defaultValue: r.source })}</span> : null}
                </th>
                <td>
                  <StateBadge state={r.state} />
                </td>
                <td>
                  {r.region}
                  <br />
                  <span className="muted">{r.settlement}</span>
                </td>
                <td>
                  <meter min={0} max={100} value={r.trainingPercent} aria-label={t('recruits.progressOf', { name: r.fullName })} /> {r.trainingPercent}%
                </td>
                <td>
                  <code>{r.iinMasked}</code>
                </td>
                <td>
                  <code>{r.phoneMasked}</code>
                </td>
                <td>{r.createdAt}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </TableWrap>
      {rows.length === 0 ? <p>{t('recruits.none')}</p> : null}
      <Pagination page={filters.page} pageCount={pageCount} />
    </>
  )
}

function FilterSelect({ id, name, label, value, options }: { id: string; name: string; label: string; value: string | undefined; options: Array<{ value: string; label: string }> }) {
  const { t } = useTranslation()
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      <select id={id} name={name} defaultValue={value ?? ''}>
        <option value="">{t('recruits.any')}</option>
        {options.map((o) => (
          <option key={o.value} value={o.value}>
            {o.label}
          </option>
        ))}
      </select>
    </div>
  )
}
