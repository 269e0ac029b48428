import { useTranslation } from 'react-i18next'
import type { PublicQuestion } from '~/domain/exam/answers.ts'
import type { Answer } from '~/domain/exam/scoring.ts'

/** The inputs of one exam question, pre-filled with the learner's saved answer. Plain form fields: works without JavaScript. */
export function QuestionFields({ question, saved, disabled }: { question: PublicQuestion; saved: Answer | undefined; disabled?: boolean }) {
  const { t } = useTranslation()
  const id = (suffix: string) => `${question.id}-${suffix}`
  switch (question.type) {
    case 'single':
    case 'multiple':
      return (
        <ul className="quiz-options">
          {question.options.map((option) => {
            const checked = saved?.type === 'single' ? saved.optionId === option.id : saved?.type === 'multiple' ? saved.optionIds.includes(option.id) : false
            return (
              <li key={option.id}>
                <label>
                  <input type={question.type === 'single' ? 'radio' : 'checkbox'} name="a" value={option.id} defaultChecked={checked} disabled={disabled} />
                  <span>{option.text}</span>
                </label>
              </li>
            )
          })}
        </ul>
      )
    case 'truefalse':
      return (
        <ul className="quiz-options">
          {(['true', 'false'] as const).map((value) => (
            <li key={value}>
              <label>
                <input type="radio" name="a" value={value} defaultChecked={saved?.type === 'truefalse' && String(saved.value) === value} disabled={disabled} />
                <span>{t(`exam.${value}`)}</span>
              </label>
            </li>
          ))}
        </ul>
      )
    case 'ordering': {
      const positions = saved?.type === 'ordering' ? saved.itemIds : []
      return (
        <ol className="exam-ordering">
          {question.items.map((item) => (
            <li key={item.id}>
              <label htmlFor={id(`pos-${item.id}`)}>{item.text}</label>
              <select id={id(`pos-${item.id}`)} name={`pos.${item.id}`} defaultValue={positions.includes(item.id) ? String(positions.indexOf(item.id) + 1) : ''} disabled={disabled}>
                <option value="">{t('exam.position')}</option>
                {question.items.map((_, i) => (
                  <option key={i} value={String(i + 1)}>
                    {i + 1}
                  </option>
                ))}
              </select>
            </li>
          ))}
        </ol>
      )
    }
    case 'matching': {
      const pairs = saved?.type === 'matching' ? saved.pairs : {}
      return (
        <ul className="exam-matching">
          {question.left.map((left) => (
            <li key={left.id}>
              <label htmlFor={id(`match-${left.id}`)}>{left.text}</label>
              <select id={id(`match-${left.id}`)} name={`match.${left.id}`} defaultValue={pairs[left.id] ?? ''} disabled={disabled}>
                <option value="">{t('exam.choose')}</option>
                {question.right.map((right) => (
                  <option key={right.id} value={right.id}>
                    {right.text}
                  </option>
                ))}
              </select>
            </li>
          ))}
        </ul>
      )
    }
    case 'short':
      return (
        <div className="field">
          <label htmlFor={id('short')}>{t('exam.yourAnswer')}</label>
          <input id={id('short')} type="text" name="a" maxLength={200} autoComplete="off" defaultValue={saved?.type === 'short' ? saved.text : ''} disabled={disabled} />
        </div>
      )
  }
}
