/**
 * At most `limit` page requests of a worker computed at once; the others wait their turn, first come
 * first served. Off unless REQUESTS_IN_FLIGHT is set (README, Speed: "Issue 15, session 12").
 *
 * Node interleaves every request it has accepted: a page's render yields, the next request's loaders
 * run, and under load each page finishes late in a crowd of half-done ones (the lesson page's p99 was
 * six to seven times its p50 at 50 connections). Taken in turn, each page waits for those before it
 * and then runs nearly alone, so latency follows the queue: with a limit of 1 or 2 on SQLite the
 * lesson page's p99 came to about twice the hello world's (seven times without). Only reads take
 * turns (remixHandler): a form's post may wait for another worker's write lock, and holding a place
 * meanwhile cost the final exam's bench throughput. It is off by default because that bench was not
 * better with it on a noisy machine, and a login's password hash (tens of milliseconds on the thread
 * pool) holds a place too.
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
