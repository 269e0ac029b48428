/** Time limits, extra time and cooldowns: the arithmetic the server enforces. */

const MINUTE = 60_000

export function attemptDeadline(startedAt: Date, timeLimitMinutes: number, extraMinutes = 0): Date {
  return new Date(startedAt.getTime() + (timeLimitMinutes + extraMinutes) * MINUTE)
}

/** An answer counts only if it was saved before the deadline. */
export function savedInTime(savedAt: Date, deadline: Date): boolean {
  return savedAt.getTime() <= deadline.getTime()
}

export function secondsLeft(deadline: Date, now: Date): number {
  return Math.max(0, Math.floor((deadline.getTime() - now.getTime()) / 1000))
}

/** Screen readers hear the time only at these moments, not every second. */
export const TIMER_ANNOUNCEMENTS_SECONDS = [10 * 60, 5 * 60, 60] as const

export function timerAnnouncement(previousSecondsLeft: number, secondsLeftNow: number): number | null {
  return TIMER_ANNOUNCEMENTS_SECONDS.find((mark) => previousSecondsLeft > mark && secondsLeftNow <= mark) ?? null
}

export type StartDecision = { ok: true } | { ok: false; reason: 'passed' | 'noAttemptsLeft' } | { ok: false; reason: 'coolingDown'; until: Date }

export function canStartAttempt(input: { attemptsUsed: number; maxAttempts: number; lastFinishedAt: Date | null; cooldownMinutes: number; passed: boolean; now: Date }): StartDecision {
  if (input.passed) return { ok: false, reason: 'passed' }
  if (input.attemptsUsed >= input.maxAttempts) return { ok: false, reason: 'noAttemptsLeft' }
  if (input.lastFinishedAt) {
    const until = new Date(input.lastFinishedAt.getTime() + input.cooldownMinutes * MINUTE)
    if (until.getTime() > input.now.getTime()) return { ok: false, reason: 'coolingDown', until }
  }
  return { ok: true }
}

/** When answers and the key may be shown on the result screen. */
export function mayShowAnswers(rule: 'never' | 'after-passing' | 'after-last-attempt', input: { passed: boolean; attemptsUsed: number; maxAttempts: number }): boolean {
  if (rule === 'never') return false
  if (rule === 'after-passing') return input.passed
  return input.passed || input.attemptsUsed >= input.maxAttempts
}
