import { getFormProps, getInputProps, getSelectProps, useForm, type SubmissionResult } from '@conform-to/react'
import { parseWithZod } from '@conform-to/zod/v4'
import { Form } from '@remix-run/react'
import { useTranslation } from 'react-i18next'
import { Field, FormMessage, SelectField, validationTiming } from '~/components/forms.tsx'
import { TableWrap } from '~/components/table-wrap.tsx'
import { assignMemberSchema, ngoRoles, type NgoRoleValue } from '~/domain/validation/admin.ts'

export interface NgoMember {
  id: string
  role: NgoRoleValue
  name: string
  email: string
}

/** The NGO's members with their roles (each removable) and the form that gives someone a role by email. */
export function NgoMembers({ members, lastResult }: { members: NgoMember[]; lastResult: SubmissionResult<string[]> | undefined }) {
  const { t } = useTranslation()
  const [assignForm, assignFields] = useForm({
    id: 'assign',
    lastResult,
    defaultValue: { role: 'LEAD' },
    onValidate: ({ formData }) => parseWithZod(formData, { schema: assignMemberSchema }),
    ...validationTiming,
  })
  return (
    <section className="card" aria-labelledby="members-heading">
      <h2 id="members-heading">{t('admin.members.title')}</h2>
      {members.length === 0 ? (
        <p>{t('admin.members.empty')}</p>
      ) : (
        <TableWrap label={t('admin.members.title')}>
          <table>
            <thead>
              <tr>
                <th scope="col">{t('fields.name')}</th>
                <th scope="col">{t('fields.email')}</th>
                <th scope="col">{t('admin.members.role')}</th>
                <th scope="col">
                  <span className="visually-hidden">{t('common.actions')}</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {members.map((m) => (
                <tr key={m.id}>
                  <td>{m.name}</td>
                  <td>{m.email}</td>
                  <td>{t(`admin.members.roles.${m.role}`)}</td>
                  <td>
                    <Form method="post">
                      <input type="hidden" name="intent" value="remove" />
                      <input type="hidden" name="membershipId" value={m.id} />
                      <button type="submit" className="btn btn-link danger" aria-label={t('admin.members.removeLabel', { name: m.name })}>
                        {t('admin.members.remove')}
                      </button>
                    </Form>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </TableWrap>
      )}
      <h3>{t('admin.members.assignTitle')}</h3>
      <Form method="post" {...getFormProps(assignForm)} className="inline-form">
        <FormMessage id={assignForm.errorId} errors={assignForm.errors} />
        <input type="hidden" name="intent" value="assign" />
        <Field label={t('fields.email')} inputProps={getInputProps(assignFields.email, { type: 'email' })} errors={assignFields.email.errors} errorId={assignFields.email.errorId} help={t('admin.members.emailHelp')} />
        <SelectField
          label={t('admin.members.role')}
          selectProps={getSelectProps(assignFields.role)}
          options={ngoRoles.map((r) => ({ value: r, label: t(`admin.members.roles.${r}`) }))}
          errors={assignFields.role.errors}
          errorId={assignFields.role.errorId}
        />
        <div>
          <button type="submit" className="btn btn-primary">
            {t('admin.members.assign')}
          </button>
        </div>
      </Form>
    </section>
  )
}
