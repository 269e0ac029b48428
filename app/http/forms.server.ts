/**
 * The submitted form, or an empty one when the body is not a form at all (JSON, garbage, a wrong
 * Content-Type): validation then answers 400 with the form re-shown, never a 500.
 */
export async function readForm(request: Request): Promise<FormData> {
  try {
    return await request.formData()
  } catch {
    return new FormData()
  }
}

/** One exam question's fields: `answer` (one or several values), `pos.<item>` and `match.<pair>`. */
export function readAnswerFields(form: FormData): { values: string[]; positions: Record<string, string>; matches: Record<string, string> } {
  const positions: Record<string, string> = {}
  const matches: Record<string, string> = {}
  for (const [key, value] of form.entries()) {
    if (typeof value !== 'string') continue
    if (key.startsWith('pos.')) positions[key.slice(4, 84)] = value.slice(0, 4)
    else if (key.startsWith('match.')) matches[key.slice(6, 86)] = value.slice(0, 80)
  }
  return { values: form.getAll('answer').filter((v): v is string => typeof v === 'string').slice(0, 20).map((v) => v.slice(0, 300)), positions, matches }
}
