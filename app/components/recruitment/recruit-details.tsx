import { Form } from '@remix-run/react'
import { useTranslation } from 'react-i18next'

/** One application as the lead sees it (full IIN and phone: opening the page is audited). */
export interface RecruitView {
  fullName: string
  iin: string
  birthDate: string
  sex: string | null
  phone: string
  email: string
  region: string
  settlement: string
  pollingStation: string | null
  languages: string[]
  availability: string[]
  experience: string
  motivation: string | null
  consent: string
  account: { claimed: boolean }
}

/** The application's facts and the form that corrects the recruit's name. */
export function RecruitDetails({ recruit }: { recruit: RecruitView }) {
  const { t } = useTranslation()
  return (
    <section className="card" aria-labelledby="details-heading">
      <h2 id="details-heading">{t('recruit.details')}</h2>
      <p className="muted">{t('recruit.personalDataNotice')}</p>
      <dl className="recruit-facts">
        <Fact label={t('apply.fields.iin')} value={recruit.iin} mono />
        <Fact label={t('apply.fields.birthDate')} value={recruit.birthDate} />
        <Fact label={t('apply.fields.sex')} value={recruit.sex ? t(`apply.sex.${recruit.sex}`) : '—'} />
        <Fact label={t('apply.fields.phone')} value={recruit.phone} mono />
        <Fact label={t('apply.fields.email')} value={recruit.email} />
        <Fact label={t('apply.fields.region')} value={`${recruit.region}, ${recruit.settlement}`} />
        <Fact label={t('recruits.pollingStation')} value={recruit.pollingStation ?? '—'} />
        <Fact label={t('recruits.language')} value={recruit.languages.map((l) => t(`apply.language.${l}`)).join(', ')} />
        <Fact label={t('recruits.availability')} value={recruit.availability.map((a) => t(`apply.availability.${a}`)).join(', ')} />
        <Fact label={t('apply.fields.experience')} value={t(`apply.experience.${recruit.experience}`)} />
        <Fact label={t('recruit.consent')} value={recruit.consent} />
        <Fact label={t('recruit.account')} value={recruit.account.claimed ? t('recruit.accountClaimed') : t('recruit.accountInvited')} />
      </dl>
      {recruit.motivation ? (
        <>
          <h3>{t('apply.fields.motivation')}</h3>
          <p>{recruit.motivation}</p>
        </>
      ) : null}
      <details>
        <summary>{t('recruit.rename.heading')}</summary>
        <Form method="post" className="stack">
          <input type="hidden" name="intent" value="rename" />
          <div className="field">
            <label htmlFor="rename-name">{t('recruit.rename.label')}</label>
            <input id="rename-name" name="fullName" type="text" defaultValue={recruit.fullName} maxLength={160} required aria-describedby="rename-help" autoComplete="off" />
            <p id="rename-help" className="field-help">
              {t('recruit.rename.help')}
            </p>
          </div>
          <div>
            <button type="submit" className="btn btn-secondary">
              {t('recruit.rename.submit')}
            </button>
          </div>
        </Form>
      </details>
    </section>
  )
}

function Fact({ label, value, mono }: { label: string; value: string; mono?: boolean }) {
  return (
    <div>
      <dt>{label}</dt>
      <dd>{mono ? <code>{value}</code> : value}</dd>
    </div>
  )
}
