/**
 * Time limits, extra time and cooldowns: the arithmetic the server enforces; and whether an attempt
 * may start (attempts, cooldown, and the training the exam asks first: readiness.ts).
 */
import { trainingDone, type TrainingLeft } from './readiness.ts'

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

export type StartDecision =
  | { ok: true }
  | { ok: false; reason: 'passed' | 'noAttemptsLeft' }
  | { ok: false; reason: 'coolingDown'; until: Date }
  /** Lessons of the course not completed, or prerequisite courses not passed (readiness.ts). */
  | { ok: false; reason: 'trainingIncomplete'; left: TrainingLeft }

/**
 * Whether a new attempt may start (an open one is resumed before this is asked). A learner who
 * passed or used every attempt is told so first; then one who has not finished the training (every
 * lesson, the prerequisite courses); then the cooldown.
 */
export function canStartAttempt(input: { attemptsUsed: number; maxAttempts: number; lastFinishedAt: Date | null; cooldownMinutes: number; passed: boolean; training: TrainingLeft; now: Date }): StartDecision {
  if (input.passed) return { ok: false, reason: 'passed' }
  if (input.attemptsUsed >= input.maxAttempts) return { ok: false, reason: 'noAttemptsLeft' }
  if (!trainingDone(input.training)) return { ok: false, reason: 'trainingIncomplete', left: input.training }
  if (input.lastFinishedAt) {
    const until = new Date(input.lastFinishedAt.getTime() + input.cooldownMinutes * MINUTE)
    if (until.getTime() > input.now.getTime()) return { ok: false, reason: 'coolingDown', until }
  }
  return { ok: true }
}

/**
 * A renewal: the exam starts afresh for a learner whose certificate of the course has lapsed for what
 * they train for: expired, or ending before the election day of a campaign they are accepted in
 * (`mustHoldUntil`, today at the least). Returns when the lapsed certificate was issued: attempts
 * started after it are the renewal's (its passes, its limit); null when nothing lapsed. A revoked
 * certificate opens no renewal: whoever revoked it, or a review of its attempt, decides what follows.
 */
export function renewalSince(latest: { issuedAt: Date; expiresAt: Date; revokedAt: Date | null } | null, mustHoldUntil: Date): Date | null {
  if (!latest || latest.revokedAt) return null
  return latest.expiresAt.getTime() <= mustHoldUntil.getTime() ? latest.issuedAt : null
}

/** When answers and the key may be shown on the result screen. */
export function mayShowAnswers(rule: 'never' | 'after-passing' | 'after-last-attempt', input: { passed: boolean; attemptsUsed: number; maxAttempts: number }): boolean {
  if (rule === 'never') return false
  if (rule === 'after-passing') return input.passed
  return input.passed || input.attemptsUsed >= input.maxAttempts
}
