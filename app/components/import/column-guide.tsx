import { useTranslation } from 'react-i18next'
import { TableWrap } from '~/components/table-wrap.tsx'
import { requiredImportFields, templateFields } from '~/domain/import.ts'

const required = new Set<string>([...requiredImportFields, 'fullName'])

/** The columns a file may have, which are required and the spellings accepted in each. */
export function ColumnGuide({ templateHref }: { templateHref: string }) {
  const { t } = useTranslation()
  return (
    <section aria-labelledby="import-columns">
      <h2 id="import-columns">{t('imports.upload.columnsHeading')}</h2>
      <p>{t('imports.upload.columnsIntro')}</p>
      <p>
        <a href={templateHref} download>
          {t('imports.upload.template')}
        </a>
      </p>
      <TableWrap label={t('imports.upload.columnsCaption')}>
        <table>
          <caption className="visually-hidden">{t('imports.upload.columnsCaption')}</caption>
          <thead>
            <tr>
              <th scope="col">{t('imports.upload.column')}</th>
              <th scope="col">{t('imports.upload.need')}</th>
              <th scope="col">{t('imports.upload.accepted')}</th>
            </tr>
          </thead>
          <tbody>
            {templateFields.map((field) => (
              <tr key={field}>
                <th scope="row">{t(`imports.fields.${field}`)}</th>
                <td>{required.has(field) ? t('imports.upload.required') : t('imports.upload.optional')}</td>
                <td>{t(`imports.columns.${field}`)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </TableWrap>
    </section>
  )
}
