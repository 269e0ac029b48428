/**
 * Named places where a test can kill the process (`CRASH_AT=certificate.created`), to prove that a
 * crash at that exact point leaves nothing half-done. Compiled in only where crash tests run: builds
 * made with `CRASH_POINTS=on` (the test command's build) and TypeScript run directly under
 * NODE_ENV=test. A production build has `__CRASH_POINTS__ = false`, and the bundler drops the check.
 */
declare const __CRASH_POINTS__: boolean | undefined

export const crashPoints = ['attempt.closed', 'attempt.graded', 'certificate.created', 'certificate.announced', 'certificate.revoked', 'certificate.reinstated', 'import.row'] as const
export type CrashPoint = (typeof crashPoints)[number]

const enabled = typeof __CRASH_POINTS__ !== 'undefined' ? __CRASH_POINTS__ : process.env.NODE_ENV === 'test'
const passes = new Map<string, number>()

/** Kills the process here when CRASH_AT names this point; `CRASH_AT=import.row@40` kills on its 40th pass (the 40th row written). */
export function crashPoint(name: CrashPoint): void {
  if (!enabled || !process.env.CRASH_AT) return
  const [point, nth = '1'] = process.env.CRASH_AT.split('@')
  if (point !== name) return
  const pass = (passes.get(name) ?? 0) + 1
  passes.set(name, pass)
  if (pass >= Number(nth)) process.kill(process.pid, 'SIGKILL')
}
