/**
 * The import's upload form (multipart): the file in memory up to the size limit, a few small fields.
 * A body that is too big, not multipart or cut short is an error to show, never an exception.
 */
import { MaxPartSizeExceededError, unstable_createMemoryUploadHandler, unstable_parseMultipartFormData, type UploadHandler } from '@remix-run/node'
import { FILE_TOO_BIG, IMPORT_LIMITS, type FileError } from '~/domain/import-file.ts'

export async function readImportUpload(request: Request): Promise<{ ok: true; form: FormData } | { ok: false; error: FileError }> {
  const declared = Number(request.headers.get('Content-Length') ?? '0')
  if (declared > IMPORT_LIMITS.fileBytes + 64 * 1024) return { ok: false, error: FILE_TOO_BIG }
  const memory = unstable_createMemoryUploadHandler({ maxPartSize: IMPORT_LIMITS.fileBytes })
  let parts = 0
  const handler: UploadHandler = async (part) => {
    // The form has three fields; a body with many parts is not our form.
    if (++parts > 8) throw new MaxPartSizeExceededError(part.name, IMPORT_LIMITS.fileBytes)
    return memory(part)
  }
  try {
    return { ok: true, form: await unstable_parseMultipartFormData(request, handler) }
  } catch (error) {
    return { ok: false, error: error instanceof MaxPartSizeExceededError ? FILE_TOO_BIG : { key: 'imports.errors.badUpload' } }
  }
}
