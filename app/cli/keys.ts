/**
 * `npm run keys:generate`: the coalition's Ed25519 signing key for papers that verify themselves
 * (app/server/papers/keys.server.ts).
 *
 *   keys.js               a first key; refuses when one is in use (say --rotate)
 *   keys.js --rotate      a new key; the one in use is retired and stays published, so papers it signed still verify
 *   keys.js --if-missing  a first key only if none is in use (npm run setup)
 */
import { generateSigningKey } from '../server/papers/keys.server.ts'
import { db } from '../server/platform/db.server.ts'

const args = process.argv.slice(2)
const unknown = args.filter((arg) => arg !== '--rotate' && arg !== '--if-missing')
if (unknown.length) {
  console.error(`usage: npm run keys:generate [-- --rotate | --if-missing] (unknown: ${unknown.join(' ')})`)
  process.exit(2)
}
const rotate = args.includes('--rotate')
const ifMissing = args.includes('--if-missing')
const result = await generateSigningKey({ rotate, ifMissing })
if (result.created) {
  console.log(`Signing key ${result.kid} created${result.retired.length ? `; retired ${result.retired.join(', ')} (still published, its papers still verify)` : ''}.`)
} else if (ifMissing) {
  console.log(`Signing key ${result.kid} is in use.`)
} else {
  console.error(`Signing key ${result.kid} is already in use. To replace it: npm run keys:generate -- --rotate`)
  process.exitCode = 1
}
await db.$disconnect()
