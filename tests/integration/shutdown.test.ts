/** Stopping `npm start` (SIGTERM to the cluster's primary) waits for every worker to finish first. */
import { execFileSync } from 'node:child_process'
import { describe, expect, it } from 'vitest'
import { isRunning, startApp } from '../support/app-server.ts'

describe('shutdown', () => {
  it('the primary leaves only after its workers have stopped', async () => {
    const app = await startApp({ DATABASE_URL: process.env.DATABASE_URL ?? '', OUTBOX_DIR: process.env.OUTBOX_DIR ?? '', WEB_CONCURRENCY: '2' })
    let stopped = false
    try {
      // The primary's node children (tsx also starts an esbuild service).
      const nodeChildren = () =>
        execFileSync('ps', ['-o', 'pid=,comm=', '--ppid', String(app.pid)], { encoding: 'utf8' })
          .trim()
          .split('\n')
          .map((line) => line.trim().split(/\s+/))
          .filter(([, command]) => command === 'node')
          .map(([pid]) => Number(pid))
      await expect.poll(() => nodeChildren().length, { timeout: 20_000 }).toBe(2)
      const workers = nodeChildren()
      expect((await fetch(`${app.url}/healthz`)).status).toBe(200)
      await app.stop()
      stopped = true
      // At the moment the primary has exited, no worker is left running.
      expect(workers.filter(isRunning)).toEqual([])
    } finally {
      // A failed check above must not leave the server running.
      if (!stopped) await app.stop()
    }
  })
})
