/**
 * Runs a command (the integration tests) against a throwaway PostgreSQL server:
 *   node --import tsx tests/support/with-postgres.ts vitest run --project integration
 */
import { spawnSync } from 'node:child_process'
import { startThrowawayPostgres } from '../../prisma/scripts/throwaway-postgres.ts'

const [command, ...args] = process.argv.slice(2)
if (!command) {
  console.error('usage: with-postgres.ts <command> [args…]')
  process.exit(2)
}
const server = await startThrowawayPostgres()
console.log(`Throwaway PostgreSQL at ${server.url}`)
let status = 1
try {
  const result = spawnSync(command === 'vitest' ? 'npx' : command, command === 'vitest' ? ['vitest', ...args] : args, {
    stdio: 'inherit',
    env: { ...process.env, TEST_POSTGRES_URL: server.url },
  })
  status = result.status ?? 1
} finally {
  server.stop()
}
process.exit(status)
