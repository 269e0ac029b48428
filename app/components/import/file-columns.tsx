import { useTranslation } from 'react-i18next'
import { TableWrap } from '~/components/table-wrap.tsx'
import { columnLetter } from '~/domain/import-file.ts'

/**
 * An uploaded file's columns as the mapping steps name them ("B: Телефон"), and the options of a
 * select per field: "not in the file", then each column. Shared by every upload that maps columns
 * (volunteer lists, polling stations, participant reports).
 */
export function useFileColumns(headers: readonly string[]) {
  const { t } = useTranslation()
  const columnName = (index: number) => t('imports.mapping.option', { letter: columnLetter(index), header: headers[index] || t('imports.mapping.untitled') })
  const options = [{ value: '', label: t('imports.mapping.notInFile') }, ...headers.map((_, index) => ({ value: String(index), label: columnName(index) }))]
  return { columnName, options }
}

/** The file's columns with a few sample values each, so the person mapping them sees what each holds. */
export function FileColumns({ headers, samples }: { headers: readonly string[]; samples: readonly (readonly string[])[] }) {
  const { t } = useTranslation()
  const { columnName } = useFileColumns(headers)
  return (
    <TableWrap label={t('imports.upload.columnsCaption')}>
      <table>
        <caption className="visually-hidden">{t('imports.upload.columnsCaption')}</caption>
        <thead>
          <tr>
            <th scope="col">{t('imports.upload.column')}</th>
            <th scope="col">{t('imports.mapping.samplesHeading')}</th>
          </tr>
        </thead>
        <tbody>
          {headers.map((_, index) => (
            <tr key={index}>
              <th scope="row">{columnName(index)}</th>
              <td>{samples[index]?.length ? samples[index].join(' · ') : <span className="muted">{t('imports.mapping.noSamples')}</span>}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </TableWrap>
  )
}
