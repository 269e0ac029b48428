import type { TFunction } from 'i18next'
import { useTranslation } from 'react-i18next'
import type { AnswerFields, PublicQuestion } from '~/domain/exam/answers.ts'

/**
 * The inputs of one exam question, pre-filled with the learner's saved answer. Plain form fields: works
 * without JavaScript. Every name and value is one of the attempt's opaque tokens. An option's text is
 * its label's own text, without an element around it (the label lays out as a flex row either way):
 * an attempt page has over a hundred options, and each element is rendering work (README, Speed).
 */
export function QuestionFields({ question, saved, disabled }: { question: PublicQuestion; saved: AnswerFields | undefined; disabled?: boolean }) {
  const { t } = useTranslation()
  return <QuestionInputs question={question} saved={saved} disabled={disabled} t={t} />
}

/**
 * The same inputs with the caller's translator: an attempt page renders 25 of them, and a
 * useTranslation each was a good part of the page's garbage (tests/bench/HISTORY.md, session 19).
 */
export function QuestionInputs({ question, saved, disabled, t }: { question: PublicQuestion; saved: AnswerFields | undefined; disabled?: boolean; t: TFunction }) {
  const id = (suffix: string) => `q-${question.id}-${suffix}`
  const values = saved?.values ?? []
  switch (question.type) {
    case 'single':
    case 'multiple':
      return (
        <ul className="quiz-options">
          {question.options.map((option) => {
            const checked = values.includes(option.id)
            return (
              <li key={option.id}>
                <label>
                  <input type={question.type === 'single' ? 'radio' : 'checkbox'} name="answer" value={option.id} defaultChecked={checked} disabled={disabled} />
                  {option.text}
                </label>
              </li>
            )
          })}
        </ul>
      )
    case 'truefalse':
      return (
        <ul className="quiz-options">
          {question.choices.map((choice) => (
            <li key={choice.id}>
              <label>
                <input type="radio" name="answer" value={choice.id} defaultChecked={values.includes(choice.id)} disabled={disabled} />
                {t(choice.value ? 'exam.true' : 'exam.false')}
              </label>
            </li>
          ))}
        </ul>
      )
    case 'ordering': {
      const positions = saved?.positions ?? {}
      return (
        <ol className="exam-ordering">
          {question.items.map((item) => (
            <li key={item.id}>
              <label htmlFor={id(`pos-${item.id}`)}>{item.text}</label>
              <select id={id(`pos-${item.id}`)} name={`pos.${item.id}`} defaultValue={positions[item.id] ?? ''} disabled={disabled}>
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
      const pairs = saved?.matches ?? {}
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
          <input id={id('short')} type="text" name="answer" maxLength={200} autoComplete="off" defaultValue={values[0] ?? ''} disabled={disabled} />
        </div>
      )
  }
}
