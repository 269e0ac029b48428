/**
 * Outgoing mail. With SMTP_URL set, mail goes through that SMTP server; without it, each message is
 * written to the dev outbox (data/outbox/*.json, one file a message) so nothing leaves the machine.
 */
import fs from 'node:fs'
import path from 'node:path'
import type { Transporter } from 'nodemailer'
import { formatSender, mailSender } from '~/domain/notifications.ts'
import { env } from './env.server.ts'
import { logger } from './logger.server.ts'

export interface Email {
  to: string
  subject: string
  text: string
  /** The sender's name as the recipient reads it (the product's name in their language); without it, `MAIL_FROM` as set. */
  fromName?: string
}

let transport: Transporter | undefined

export function outboxDir(): string {
  return path.resolve(env().OUTBOX_DIR)
}

export async function sendEmail(email: Email): Promise<void> {
  const { SMTP_URL, MAIL_FROM } = env()
  const { fromName, ...message } = email
  const sender = fromName ? mailSender(MAIL_FROM, fromName) : null
  if (SMTP_URL) {
    // Loaded on first use: without SMTP_URL (the outbox) it never is.
    transport ??= (await import('nodemailer')).default.createTransport(SMTP_URL)
    // nodemailer encodes a Cyrillic or Kazakh name for the header (RFC 2047).
    const sent = await transport.sendMail({ from: sender ?? MAIL_FROM, to: email.to, subject: email.subject, text: email.text })
    // The mail server's id for the message (to find it in the mail server's own log), never the address or the text.
    logger.debug({ messageId: String(sent.messageId ?? '') }, 'Email sent through SMTP')
    return
  }
  const dir = outboxDir()
  fs.mkdirSync(dir, { recursive: true })
  const sentAt = new Date().toISOString()
  const file = path.join(dir, `${sentAt.replace(/[:.]/g, '-')}-${Math.random().toString(36).slice(2, 8)}.json`)
  fs.writeFileSync(file, JSON.stringify({ from: sender ? formatSender(sender) : MAIL_FROM, ...message, sentAt }, null, 2))
  logger.debug({ file: path.basename(file) }, 'Email written to the outbox')
}

/** Messages in the dev outbox, newest first. */
export function readOutbox(): Array<Email & { from?: string; sentAt: string; file: string }> {
  const dir = outboxDir()
  if (!fs.existsSync(dir)) return []
  return fs
    .readdirSync(dir)
    .filter((f) => f.endsWith('.json'))
    .sort()
    .reverse()
    .map((f) => ({ ...(JSON.parse(fs.readFileSync(path.join(dir, f), 'utf8')) as Email & { from?: string; sentAt: string }), file: f }))
}

/** Deletes the dev outbox's messages `matches` picks (unreadable files are left alone); returns how many. */
export function removeOutboxMessages(matches: (message: { to?: unknown; subject?: unknown; text?: unknown }) => boolean): number {
  const dir = outboxDir()
  if (!fs.existsSync(dir)) return 0
  let removed = 0
  for (const name of fs.readdirSync(dir)) {
    if (!name.endsWith('.json')) continue
    const file = path.join(dir, name)
    let message: unknown
    try {
      message = JSON.parse(fs.readFileSync(file, 'utf8'))
    } catch {
      continue
    }
    if (message && typeof message === 'object' && matches(message)) {
      fs.rmSync(file, { force: true })
      removed++
    }
  }
  return removed
}
