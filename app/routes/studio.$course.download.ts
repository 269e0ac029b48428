import { type LoaderFunctionArgs } from '@remix-run/node'
import { courseArchive, courseDrafts, filesWithDrafts } from '~/server/studio/studio.server.ts'
import { versionFiles } from '~/server/studio/versions.server.ts'
import { recordAudit } from '~/server/platform/audit.server.ts'
import { notFound, requireEditableCourse } from '~/server/accounts/permissions.server.ts'
import { attachment } from '~/http/downloads.server.ts'

/**
 * The course as a zip of its folder, to commit back to content/courses/: the served version, a given
 * `?version=`, or `?drafts=1` for the served version with the drafts on top.
 */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const { user, course } = await requireEditableCourse(request, params.course)
  const url = new URL(request.url)
  const versionParam = url.searchParams.get('version')
  let files = course.files
  let label = `v${course.versionNumber}`
  if (url.searchParams.get('drafts') === '1') {
    files = filesWithDrafts(course, await courseDrafts(course.slug))
    label = `v${course.versionNumber}-drafts`
  } else if (versionParam !== null) {
    const number = Number(versionParam)
    const stored = Number.isInteger(number) && number >= 0 ? await versionFiles(course.slug, number) : null
    if (!stored) notFound()
    files = stored
    label = `v${number}`
  }
  await recordAudit({ actorId: user.id, action: 'content.downloaded', targetType: 'course', targetId: course.slug, details: { version: label } })
  const body = await courseArchive(course.slug, files)
  return new Response(new Uint8Array(body), {
    headers: {
      'Content-Type': 'application/zip',
      'Content-Disposition': attachment(`${course.slug}-${label}.zip`),
      'Cache-Control': 'private, no-store',
    },
  })
}
