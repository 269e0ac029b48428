import { type LoaderFunctionArgs } from '@remix-run/node'
import { Outlet } from '@remix-run/react'
import { requireTrainer } from '~/server/accounts/permissions.server.ts'
import '~/components/studio/studio.css'
export { RouteErrorBoundary as ErrorBoundary } from '~/components/route-error.tsx'

/** The trainer studio: trainers and coalition admins only (403 for everyone else). */
export async function loader({ request }: LoaderFunctionArgs) {
  await requireTrainer(request)
  return null
}

export default function StudioLayout() {
  return (
    <div className="container studio">
      <Outlet />
    </div>
  )
}
