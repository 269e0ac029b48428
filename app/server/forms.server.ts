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
