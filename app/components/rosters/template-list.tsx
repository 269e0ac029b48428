import { Link } from '@remix-run/react'
import { useTranslation } from 'react-i18next'
import { TableWrap } from '~/components/table-wrap.tsx'
import type { TemplateColumn } from '~/domain/export-templates.ts'
import { TemplateColumnsText } from './template-form.tsx'

/** Templates with their columns; coalition-wide ones are marked and, for a lead, read-only. */
export function TemplateList({ templates, editPath }: { templates: Array<{ id: string; name: string; columns: TemplateColumn[]; editable: boolean; owner: string | null }>; editPath: (id: string) => string }) {
  const { t } = useTranslation()
  if (templates.length === 0) return <p>{t('exportTemplates.none')}</p>
  return (
    <TableWrap label={t('exportTemplates.title')}>
      <table>
        <thead>
          <tr>
            <th scope="col">{t('exportTemplates.name')}</th>
            <th scope="col">{t('exportTemplates.owner')}</th>
            <th scope="col">{t('exportTemplates.columns')}</th>
            <th scope="col">{t('common.actions')}</th>
          </tr>
        </thead>
        <tbody>
          {templates.map((x) => (
            <tr key={x.id}>
              <td>{x.name}</td>
              <td>{x.owner ?? t('exportTemplates.coalitionWide')}</td>
              <td>
                <TemplateColumnsText columns={x.columns} />
              </td>
              <td>{x.editable ? <Link to={editPath(x.id)} aria-label={t('exportTemplates.editNamed', { name: x.name })}>{t('exportTemplates.edit')}</Link> : <span className="muted">{t('exportTemplates.readOnly')}</span>}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </TableWrap>
  )
}
