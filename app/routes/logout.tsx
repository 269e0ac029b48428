import { redirect, type ActionFunctionArgs } from '@remix-run/node'
import { logout } from '~/server/accounts/accounts.server.ts'
import { getAuth } from '~/server/accounts/permissions.server.ts'

export async function loader() {
  return redirect('/')
}

export async function action({ request }: ActionFunctionArgs) {
  const { session } = await getAuth(request)
  if (!session) return redirect('/')
  return redirect('/', { headers: { 'Set-Cookie': await logout(session.id) } })
}
