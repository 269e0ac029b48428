/**
 * At most `limit` requests of a worker computed at once; the others wait their turn, first come first
 * served. On SQLite 2 by default, or REQUESTS_IN_FLIGHT (tests/bench/HISTORY.md, session 12).
 *
 * Node interleaves every request it has accepted: a page's render yields, the next request's loaders
 * run, and under load each page finishes late in a crowd of half-done ones (the lesson page's p99 was
 * about seven times the hello world's at 50 connections). Taken in turn, each request waits for those
 * before it and then runs nearly alone, so latency follows the queue: with 1 or 2 on SQLite the lesson
 * page's p99 came to about twice the hello world's. A request about to wait on something outside the
 * worker (another worker's write lock, a password hash on the thread pool) leaves its turn
 * (`leaveTurn` in request-scope.server.ts) and goes on without a place, so the worker computes others
 * meanwhile; without that, the final exam's bench lost throughput to requests holding places idle.
 */
export interface RequestGate {
  /**
   * Runs `work` when a place is free, and frees it when `work` settles or calls `leave` (it is about
   * to wait on something outside the worker, and goes on without a place).
   */
  run<T>(work: (leave: () => void) => Promise<T>): Promise<T>
  /** Requests running and waiting now (for tests and metrics). */
  readonly running: number
  readonly waiting: number
}

export function requestGate(limit: number): RequestGate {
  let running = 0
  const queue: Array<() => void> = []
  const release = () => {
    const next = queue.shift()
    // The place goes straight to the first in the queue.
    if (next) next()
    else running--
  }
  return {
    async run<T>(work: (leave: () => void) => Promise<T>): Promise<T> {
      if (running < limit) running++
      else await new Promise<void>((resume) => queue.push(resume))
      let held = true
      const leave = () => {
        if (!held) return
        held = false
        release()
      }
      try {
        return await work(leave)
      } finally {
        leave()
      }
    },
    get running() {
      return running
    },
    get waiting() {
      return queue.length
    },
  }
}
