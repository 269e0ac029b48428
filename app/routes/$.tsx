import { notFound } from '~/server/accounts/permissions.server.ts'

export async function loader() {
  notFound()
}

export default function NotFound() {
  return null
}
