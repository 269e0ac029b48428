/**
 * How many background threads V8 runs in each app process (tests/bench/HISTORY.md, session 19).
 *
 * Node gives every process four (`--v8-pool-size=4`) for garbage collection and compiling. The
 * server runs one worker per core, so on two cores two workers held eight such threads beside their
 * two main threads, and a parallel scavenge waited for helpers that had no core to run on. With one
 * per worker (cores ÷ workers, at least one) the same pages took 4–14% less CPU each in side-by-side
 * runs on this project's two-core machine. A thread pool size, not a heap flag: the JavaScript heap
 * keeps its defaults.
 *
 * It is a start-up option, so it is given to the workers the server forks (app/cli/serve.ts) and to
 * the process the test and benchmark harness starts; a server started with `WEB_CONCURRENCY=1`
 * serves in the process that was started: set NODE_OPTIONS there (see the systemd unit in the
 * README). An operator's own `--v8-pool-size` (in the arguments or NODE_OPTIONS) wins.
 */
export function v8PoolSize(cores: number, workers: number): number {
  return Math.max(1, Math.floor(cores / Math.max(1, workers)))
}

/** The option to add to a new worker's Node arguments: none when the operator already chose. */
export function v8PoolArgs(execArgv: readonly string[], nodeOptions: string | undefined, cores: number, workers: number): string[] {
  const chosen = [...execArgv, ...(nodeOptions ?? '').split(/\s+/)].some((arg) => arg === '--v8-pool-size' || arg.startsWith('--v8-pool-size='))
  return chosen ? [] : [`--v8-pool-size=${v8PoolSize(cores, workers)}`]
}
