import { type LoaderFunctionArgs } from '@remix-run/node'
import { isLocale } from '~/domain/locale.ts'
import { lessonBodyHtml } from '~/server/courses/course-pages.server.ts'
import { requireUser } from '~/server/accounts/permissions.server.ts'

/**
 * A lesson body's HTML stretches (JSON array of strings) for one rendering, fetched by the lesson
 * page on client-side navigation. Learners only, like the page itself, so `private`: the browser
 * keeps it for good (the hash in the address changes with the content), shared caches never do.
 */
export async function loader({ request, params }: LoaderFunctionArgs) {
  await requireUser(request)
  const html = isLocale(params.locale) ? await lessonBodyHtml(params.course ?? '', params.lesson ?? '', params.locale, params.hash ?? '') : null
  if (!html) return new Response('Not Found', { status: 404, headers: { 'Cache-Control': 'no-store' } })
  return new Response(JSON.stringify(html), {
    headers: { 'Content-Type': 'application/json; charset=utf-8', 'Cache-Control': 'private, max-age=31536000, immutable' },
  })
}
