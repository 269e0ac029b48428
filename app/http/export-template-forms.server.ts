/**
 * The template editor's action, shared by the lead's and the admin's pages: parse (zod), then create,
 * update or delete through export-templates.server.ts, which authorises and audits (its refusals
 * answer 404 or 403).
 */
import { data } from '@remix-run/node'
import { templateActionSchema } from '~/domain/export-templates.ts'
import type { Scope } from '~/domain/permissions.ts'
import { createExportTemplate, deleteExportTemplate, updateExportTemplate } from '../server/rosters/export-templates.server.ts'
import { parseForm } from './forms.server.ts'
import { answerRefusal } from './refusals.server.ts'
import { redirectWithToast } from './toast.server.ts'

export async function templateFormAction(
  request: Request,
  scope: Scope,
  options: { id?: string; ip: string; listUrl: string; resolveNgo?: (slug: string) => Promise<string | null> },
) {
  const submission = await parseForm(request, templateActionSchema)
  if (submission.status !== 'success') return data({ result: submission.reply() }, { status: 400 })
  const input = submission.value
  if (input.intent === 'delete') {
    // Only a stored template has a delete button.
    if (!options.id) return data({ result: submission.reply({ formErrors: ['validation.invalid'] }) }, { status: 400 })
    await deleteExportTemplate(scope, options.id, options.ip).catch(answerRefusal)
    return redirectWithToast(options.listUrl, { key: 'exportTemplates.deleted', kind: 'success' })
  }
  const { name, columns, ngo } = input
  const result = options.id
    ? await updateExportTemplate(scope, options.id, { name, columns }, options.ip).catch(answerRefusal)
    : await createExportTemplate(scope, { name, columns, ngoId: ngo && options.resolveNgo ? await options.resolveNgo(ngo) : null }, options.ip)
  if (!result.ok) return data({ result: submission.reply({ fieldErrors: { name: [result.error] } }) }, { status: 400 })
  return redirectWithToast(options.listUrl, { key: 'exportTemplates.saved', kind: 'success' })
}
