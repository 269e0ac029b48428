import { notFound } from '~/server/accounts/permissions.server.ts'
export { RouteErrorBoundary as ErrorBoundary } from '~/components/route-error.tsx'

export async function loader() {
  notFound()
}

export default function NotFound() {
  return null
}
