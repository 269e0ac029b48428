/**
 * Notifications: one row per message to one person, read in the in-app inbox and emailed from the
 * same table by the worker (retries with backoff). Enqueue inside the transaction of the change that
 * caused it, so a message exists exactly when its cause does.
 */
import type { Db } from './db.server.ts'
import { db } from './db.server.ts'

export const notificationKinds = [
  'application.received',
  'application.accepted',
  'application.rejected',
  'training.reminder',
  'certificate.issued',
  'certificate.revoked',
  'account.invited',
  'message',
] as const
export type NotificationKind = (typeof notificationKinds)[number]

type Tx = Pick<Db, 'notification'>

export async function notify(userId: string, kind: NotificationKind, params: Record<string, string | number> = {}, client: Tx = db): Promise<void> {
  await client.notification.create({ data: { userId, kind, params: JSON.stringify(params) } })
}
