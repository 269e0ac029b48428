import { notFound } from '~/server/permissions.server.ts'

export async function loader() {
  notFound()
}

export default function NotFound() {
  return null
}
