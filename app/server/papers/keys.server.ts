/**
 * The coalition's Ed25519 signing keys (SigningKey): made with Node's crypto by `npm run keys:generate`
 * (app/cli/keys.ts), kept in the database so every app server signs with the same key and backups hold
 * it, and published (retired ones too, so older papers still verify) at
 * /.well-known/observer-school-keys.json.
 */
import crypto from 'node:crypto'
import { CODE_ALPHABET } from '~/domain/certificates.ts'
import { toBase64Url, type PublishedKey } from '~/domain/signed-paper.ts'
import { recordAudit } from '../platform/audit.server.ts'
import { db } from '../platform/db.server.ts'

export interface ActiveKey {
  kid: string
  privateKey: crypto.KeyObject
}

/** A short key id (it travels in every QR code): `k` and four symbols of the certificate alphabet. */
function newKeyId(): string {
  const bytes = crypto.randomBytes(4)
  return `k${[...bytes].map((byte) => CODE_ALPHABET[byte % CODE_ALPHABET.length]).join('')}`
}

export type GenerateResult = { created: true; kid: string; retired: string[] } | { created: false; kid: string }

/**
 * Makes a new key. `rotate`: the keys in use are retired (they stay published); `ifMissing`: nothing
 * happens when a key is already in use. Without either, a key in use means no new one (say `rotate`).
 */
export async function generateSigningKey({ rotate = false, ifMissing = false }: { rotate?: boolean; ifMissing?: boolean } = {}, now = new Date()): Promise<GenerateResult> {
  return db.$transaction(async (tx) => {
    // Reads, then writes: on SQLite the transaction holds the write lock from its start (serialisedSqlite).
    const current = await tx.signingKey.findMany({ where: { retiredAt: null }, orderBy: { createdAt: 'desc' }, select: { id: true } })
    if (current[0] && (ifMissing || !rotate)) return { created: false, kid: current[0].id }
    const { publicKey, privateKey } = crypto.generateKeyPairSync('ed25519')
    // The raw 32 bytes are the last 32 of the SPKI DER encoding.
    const raw = publicKey.export({ format: 'der', type: 'spki' }).subarray(-32)
    let kid = newKeyId()
    while (await tx.signingKey.findUnique({ where: { id: kid }, select: { id: true } })) kid = newKeyId()
    if (current.length) await tx.signingKey.updateMany({ where: { retiredAt: null }, data: { retiredAt: now } })
    await tx.signingKey.create({ data: { id: kid, publicKey: toBase64Url(raw), privateKey: privateKey.export({ format: 'pem', type: 'pkcs8' }).toString(), createdAt: now } })
    // An operator's command, not a person's request: no actor, the key id and what it replaced.
    await recordAudit({ actorId: null, action: 'signingKey.created', targetType: 'signingKey', targetId: kid, details: { retired: current.map((key) => key.id) } }, tx)
    return { created: true, kid, retired: current.map((key) => key.id) }
  })
}

let cached: { key: ActiveKey | null; until: number } | null = null

/** The newest key in use (read at most once a minute per process: a rotation reaches every server within a minute), or null if there is none. */
export async function activeSigningKey(now = Date.now()): Promise<ActiveKey | null> {
  if (cached && cached.until > now) return cached.key
  const row = await db.signingKey.findFirst({ where: { retiredAt: null }, orderBy: { createdAt: 'desc' }, select: { id: true, privateKey: true } })
  const key = row ? { kid: row.id, privateKey: crypto.createPrivateKey(row.privateKey) } : null
  cached = { key, until: now + 60_000 }
  return key
}

/** Forget the cached key (tests and the CLI, after a rotation). */
export function forgetSigningKey(): void {
  cached = null
}

/** Every key, retired ones too, oldest first: what /.well-known/observer-school-keys.json lists. */
export async function publishedKeys(): Promise<PublishedKey[]> {
  const rows = await db.signingKey.findMany({ orderBy: { createdAt: 'asc' }, select: { id: true, publicKey: true, createdAt: true, retiredAt: true } })
  return rows.map((row) => ({ kid: row.id, x: row.publicKey, created: row.createdAt.toISOString(), retired: row.retiredAt?.toISOString() ?? null }))
}
