/**
 * Which questions an attempt gets, and in which order: seeded by the attempt, so reopening an
 * attempt shows the same questions and options in the same order, and two attempts differ.
 */
import type { ExamBank, Question } from './bank.ts'

/** A 32-bit seed from any string (FNV-1a). */
export function seedFrom(text: string): number {
  let hash = 0x811c9dc5
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i)
    hash = Math.imul(hash, 0x01000193)
  }
  return hash >>> 0
}

/** mulberry32: small, fast, good enough to shuffle questions (not for secrets). */
export function random(seed: number): () => number {
  let state = seed >>> 0
  return () => {
    state = (state + 0x6d2b79f5) >>> 0
    let t = state
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

export function seededShuffle<T>(items: readonly T[], seed: string): T[] {
  const next = random(seedFrom(seed))
  const copy = [...items]
  for (let i = copy.length - 1; i > 0; i--) {
    const j = Math.floor(next() * (i + 1))
    ;[copy[i], copy[j]] = [copy[j] as T, copy[i] as T]
  }
  return copy
}

/** The question ids of one attempt: per topic when the rules say so, shuffled when they say so. */
export function drawQuestions(bank: ExamBank, seed: string): string[] {
  const { rules } = bank
  let drawn: Question[]
  if (rules.perTopic) {
    drawn = Object.entries(rules.perTopic).flatMap(([topic, count]) =>
      seededShuffle(bank.questions.filter((q) => q.topic === topic), `${seed}:${topic}`).slice(0, count),
    )
  } else {
    drawn = seededShuffle(bank.questions, `${seed}:pool`).slice(0, rules.draw)
  }
  const ordered = rules.shuffleQuestions ? seededShuffle(drawn, `${seed}:order`) : bank.questions.filter((q) => drawn.includes(q))
  return ordered.map((q) => q.id)
}

/** The order in which an attempt shows a question's options (or ordering items, or matching right-hand sides). */
export function optionOrder(ids: readonly string[], seed: string, questionId: string, shuffle: boolean): string[] {
  return shuffle ? seededShuffle(ids, `${seed}:${questionId}`) : [...ids]
}
