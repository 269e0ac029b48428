/**
 * The C allocator's setting every app worker runs with (README, Speed: "Memory").
 *
 * glibc's malloc raises its threshold for serving a block from its own mmap to the size of the
 * largest such block freed so far (up to 32 MiB), and its trim threshold with it. After one login
 * (argon2 takes a 19 MiB block for each password hash) every allocation under 19 MiB came from the
 * heap arenas, and freed memory stayed there: a worker's peak RSS after a tour of every kind of page
 * was 236–237 MB, and 212–218 MB with the threshold fixed. Fixing it at 16 MiB (any fixed value turns
 * the adjustment off) keeps a password hash's block mapped only while it is used, while the exports'
 * large chunks still come from the arenas: at 1 MiB the roster exports were about a fifth slower.
 * This is the allocator's setting, not a V8 heap flag: the JavaScript heap keeps its defaults.
 *
 * glibc reads it once, when a process starts, so it is set in the environment of the processes the
 * server starts (its forked workers) and of what starts the server (the systemd unit in the README,
 * the test and benchmark harness). An operator's own value wins.
 */
export const MALLOC_DEFAULTS = { MALLOC_MMAP_THRESHOLD_: String(16 * 1024 * 1024) } as const

/** The allocator settings `env` lacks, to add to a new process's environment. */
export function mallocEnv(env: Record<string, string | undefined>): Record<string, string> {
  return Object.fromEntries(Object.entries(MALLOC_DEFAULTS).filter(([name]) => !env[name]))
}
