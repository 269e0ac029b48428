/** How actions read forms: parseForm (conform + zod), raw reading, intents, and the form schemas that rely on them. */
import { describe, expect, it } from 'vitest'
import { z } from 'zod'
import { HONEYPOT_FIELD, honeypotFilled } from '~/domain/honeypot.ts'
import { applyStepSchema } from '~/domain/validation/application.ts'
import { accountActionSchema } from '~/domain/validation/auth.ts'
import { answerFieldsOf, examAttemptActionSchema } from '~/domain/validation/exam.ts'
import { firstError, parseForm, submittedIntent } from '~/http/forms.server.ts'

const post = (body: string | URLSearchParams, contentType = 'application/x-www-form-urlencoded') =>
  new Request('http://localhost/x', { method: 'POST', body: body.toString(), headers: { 'Content-Type': contentType } })

describe('parseForm', () => {
  const schema = z.object({ name: z.string({ error: 'validation.required' }), note: z.string().optional() })

  it('parses a form with its schema, empty fields as missing', async () => {
    const submission = await parseForm(post('name=Айгерим&note='), schema)
    expect(submission.status).toBe('success')
    expect(submission.status === 'success' && submission.value).toEqual({ name: 'Айгерим' })
  })

  it('keeps empty fields and single values as posted when raw', async () => {
    const submission = await parseForm(post('name=&note=x'), schema, { raw: true })
    expect(submission.status === 'success' && submission.value).toEqual({ name: '', note: 'x' })
  })

  it('answers a body that is not a form, or that conform cannot read, as an empty (invalid) form', async () => {
    for (const request of [post('{"name": "x"', 'application/json'), post('__state__={broken&name=x'), post('garbage', 'multipart/form-data')]) {
      const submission = await parseForm(request, schema)
      if (submission.status === 'success') throw new Error('expected an invalid form')
      expect(firstError(submission)).toBe('validation.required')
    }
  })

  it('names the intent of a failed submission, when it is a known one', async () => {
    const failed = await parseForm(post('intent=password&currentPassword=x'), accountActionSchema)
    expect(failed.status).toBe('error')
    expect(submittedIntent(failed, ['profile', 'password'])).toBe('password')
    expect(submittedIntent(await parseForm(post('intent=no-such'), accountActionSchema), ['profile', 'password'])).toBeNull()
  })

  it('refuses an unknown intent with a message key, and passes a branch only its own fields', async () => {
    const unknown = await parseForm(post('intent=no-such&name=x'), accountActionSchema)
    expect(unknown.status !== 'success' && unknown.error).toEqual({ intent: ['validation.invalid'] })
    const profile = await parseForm(post('intent=profile&name=Айгерим&locale=kk&isAdmin=true'), accountActionSchema)
    expect(profile.status === 'success' && profile.value).toEqual({ intent: 'profile', name: 'Айгерим', locale: 'kk' })
  })
})

describe('the honeypot', () => {
  it('is filled by any value in its field, as posted', () => {
    expect(honeypotFilled({ [HONEYPOT_FIELD]: '' })).toBe(false)
    expect(honeypotFilled({})).toBe(false)
    expect(honeypotFilled({ [HONEYPOT_FIELD]: 'http://spam.example' })).toBe(true)
    expect(honeypotFilled({ [HONEYPOT_FIELD]: ['', 'x'] })).toBe(true)
  })
})

describe('the exam attempt form', () => {
  it('keeps an emptied answer and clips names and values', async () => {
    const long = 'x'.repeat(100)
    const body = new URLSearchParams([
      ['intent', 'save'],
      ['questionId', 'q'.repeat(90)],
      ['js', '1'],
      ['answer', ''],
      [`pos.${long}`, '12345'],
      ['match.left', 'right'],
    ])
    const submission = await parseForm(post(body), examAttemptActionSchema, { raw: true })
    if (submission.status !== 'success' || submission.value.intent !== 'save') throw new Error('expected a save')
    expect(submission.value.questionId).toHaveLength(80)
    expect(answerFieldsOf(submission.value)).toEqual({ values: [''], positions: { ['x'.repeat(80)]: '1234' }, matches: { left: 'right' } })
  })

  it('reads several answers as a list, and submitting needs nothing else', async () => {
    const saved = await parseForm(post('intent=save&questionId=q&answer=a&answer=b'), examAttemptActionSchema, { raw: true })
    expect(saved.status === 'success' && saved.value.intent === 'save' && saved.value.answer).toEqual(['a', 'b'])
    expect((await parseForm(post('intent=submit&anything=else'), examAttemptActionSchema, { raw: true })).status).toBe('success')
    expect((await parseForm(post('questionId=q'), examAttemptActionSchema, { raw: true })).status).toBe('error')
  })
})

describe('the application draft', () => {
  it('keeps what was typed as posted, a cleared field included, and never the consent', async () => {
    const body = new URLSearchParams([
      ['intent', 'draft'],
      ['fullName', ''],
      ['iin', '9005'],
      ['languages', 'kk'],
      ['languages', 'ru'],
      ['consent', 'on'],
      ['motivation', 'я'.repeat(1200)],
    ])
    const submission = await parseForm(post(body), applyStepSchema, { raw: true })
    if (submission.status !== 'success' || submission.value.intent !== 'draft') throw new Error('expected a draft')
    const { intent: _intent, ...draft } = submission.value
    expect(Object.fromEntries(Object.entries(draft).filter(([, v]) => v !== undefined))).toEqual({ fullName: '', iin: '9005', languages: ['kk', 'ru'], motivation: 'я'.repeat(1000) })
  })

  it('treats a post without an intent as the application', async () => {
    const submission = await parseForm(post('fullName=x'), applyStepSchema, { raw: true })
    expect(submission.status === 'success' && submission.value.intent).toBe('apply')
  })
})
