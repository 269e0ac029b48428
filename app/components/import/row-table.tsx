import { useTranslation } from 'react-i18next'
import { TableWrap } from '~/components/table-wrap.tsx'
import type { ChangeField, RowError } from '~/domain/import.ts'

export interface RowView {
  row: number
  name: string
  iinMasked: string
  outcome: string
  errors?: RowError[] | undefined
  changed?: ChangeField[] | undefined
  kept?: ChangeField[] | undefined
  invited?: boolean | undefined
}

/** A row's reasons and changes in words: "Phone: Enter a phone number…", "Will change: phone, settlement", "Newer data kept: phone". */
function RowDetails({ row, kind }: { row: RowView; kind: 'preview' | 'result' }) {
  const { t } = useTranslation()
  if (row.errors?.length) {
    return (
      <ul className="plain-list">
        {row.errors.map((e, i) => (
          <li key={i}>
            {e.field ? `${t(`imports.fields.${e.field}`)}: ` : ''}
            {t(e.key, { ...e.values, defaultValue: t('validation.invalid') })}
          </li>
        ))}
      </ul>
    )
  }
  const parts: string[] = []
  const fields = (list: ChangeField[]) => list.map((f) => t(`imports.fields.${f}`)).join(', ')
  // The dry run says what will change; the result says what did.
  if (row.changed?.length) parts.push(t(kind === 'preview' ? 'imports.preview.changes' : 'imports.result.changed', { fields: fields(row.changed) }))
  if (row.kept?.length) parts.push(t('imports.preview.kept', { fields: fields(row.kept) }))
  if (kind === 'result' && row.outcome === 'created') parts.push(row.invited ? t('imports.result.invited') : t('imports.result.existingAccount'))
  return parts.length ? <>{parts.join('; ')}</> : null
}

/** The file's rows with their outcome (in words, not colour alone) and the reasons for each. */
export function RowTable({ rows, kind, caption }: { rows: RowView[]; kind: 'preview' | 'result'; caption: string }) {
  const { t } = useTranslation()
  if (rows.length === 0) return <p>{t('imports.preview.noRows')}</p>
  const label = (outcome: string) => t(`imports.${kind === 'preview' ? 'outcome' : 'resultOutcome'}.${outcome}`)
  return (
    <TableWrap label={caption}>
      <table>
        <caption className="visually-hidden">{caption}</caption>
        <thead>
          <tr>
            <th scope="col">{t('imports.preview.row')}</th>
            <th scope="col">{t('imports.preview.name')}</th>
            <th scope="col">{t('imports.preview.iin')}</th>
            <th scope="col">{t('imports.preview.outcome')}</th>
            <th scope="col">{t('imports.preview.details')}</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((row) => (
            <tr key={row.row}>
              <th scope="row">{row.row}</th>
              <td>{row.name || '—'}</td>
              <td>{row.iinMasked || '—'}</td>
              <td>{row.outcome === 'error' ? <strong>{label(row.outcome)}</strong> : label(row.outcome)}</td>
              <td>
                <RowDetails row={row} kind={kind} />
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </TableWrap>
  )
}
