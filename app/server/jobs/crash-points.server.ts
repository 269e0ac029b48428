/**
 * Named places where a test can kill the process (`CRASH_AT=certificate.created`), to prove that a
 * crash at that exact point leaves nothing half-done. Compiled in only where crash tests run: builds
 * made with `CRASH_POINTS=on` (the test command's build) and TypeScript run directly under
 * NODE_ENV=test. A production build has `__CRASH_POINTS__ = false`, and the bundler drops the check.
 */
declare const __CRASH_POINTS__: boolean | undefined

export const crashPoints = ['attempt.closed', 'attempt.graded', 'certificate.created', 'certificate.announced'] as const
export type CrashPoint = (typeof crashPoints)[number]

const enabled = typeof __CRASH_POINTS__ !== 'undefined' ? __CRASH_POINTS__ : process.env.NODE_ENV === 'test'

export function crashPoint(name: CrashPoint): void {
  if (enabled && process.env.CRASH_AT === name) process.kill(process.pid, 'SIGKILL')
}
