/**
 * Item statistics of a final exam, the classical test theory figures a trainer reads to fix a
 * question bank. Pure: the sums come from one SQL aggregate (or one pass) elsewhere.
 *
 * - Difficulty p: the mean credit earned on the question (0–1); for all-or-nothing questions, the
 *   share of attempts that got it right. High p = easy.
 * - Discrimination r: the point-biserial correlation of the question's credit with the *rest score*
 *   (the attempt's points without this question, as a share of the rest's maximum), so the question
 *   is not correlated with itself. With partial credit it is the plain Pearson correlation, of which
 *   the point-biserial is the special case. r > 0: learners who do well elsewhere do well here.
 * - Both come from six sums per question (n, Σx, Σy, Σx², Σy², Σxy), which SQL can total in one scan.
 */
import type { QuestionType } from './exam/bank.ts'
import type { Answer } from './exam/scoring.ts'

/** p above this: almost everyone gets it right; it tells strong and weak learners apart poorly. */
export const TOO_EASY_ABOVE = 0.9
/** p below this: most learners get it wrong; check the key and the wording. */
export const TOO_HARD_BELOW = 0.3
/** r below this: stronger learners do worse on the question than weaker ones (often a wrong key). */
export const NEGATIVE_DISCRIMINATION_BELOW = 0
/** Fewer attempts than this and r is mostly noise: no discrimination flag. */
export const MIN_ATTEMPTS_FOR_DISCRIMINATION_FLAG = 20
/** Fewer attempts than this and p is mostly noise: no too-easy/too-hard flag. */
export const MIN_ATTEMPTS_FOR_DIFFICULTY_FLAGS = 10

export type ItemFlag = 'tooEasy' | 'tooHard' | 'negativeDiscrimination'

/** Sums over the attempts that drew a question: x = its credit (0–1), y = the rest score (0–1). */
export interface ItemSums {
  n: number
  sumX: number
  sumY: number
  sumXX: number
  sumYY: number
  sumXY: number
}

export const emptySums = (): ItemSums => ({ n: 0, sumX: 0, sumY: 0, sumXX: 0, sumYY: 0, sumXY: 0 })

/** Adds one attempt to a question's sums (the one-pass alternative to the SQL aggregate). */
export function addObservation(sums: ItemSums, x: number, y: number): ItemSums {
  sums.n += 1
  sums.sumX += x
  sums.sumY += y
  sums.sumXX += x * x
  sums.sumYY += y * y
  sums.sumXY += x * y
  return sums
}

/**
 * The attempt's score without this question, as a share of what the other questions were worth.
 * Every question is worth one point. Null when the question was the only one (no rest to compare).
 */
export function restScore(attemptPoints: number, credit: number, maxPoints: number): number | null {
  return maxPoints > 1 ? (attemptPoints - credit) / (maxPoints - 1) : null
}

/** Difficulty p = Σx / n; null without attempts. */
export function difficulty(sums: Pick<ItemSums, 'n' | 'sumX'>): number | null {
  return sums.n > 0 ? sums.sumX / sums.n : null
}

/**
 * Pearson's r from the sums: (nΣxy − ΣxΣy) / √((nΣx² − (Σx)²)(nΣy² − (Σy)²)). Null when either side
 * does not vary (everyone got the same credit, or the same rest score): r is undefined there.
 */
export function correlation(sums: ItemSums): number | null {
  const { n, sumX, sumY, sumXX, sumYY, sumXY } = sums
  if (n < 2) return null
  const varX = n * sumXX - sumX * sumX
  const varY = n * sumYY - sumY * sumY
  // Sums of floats: a variance that is zero on paper can come out as −1e-12.
  const epsilon = 1e-9 * n * n
  if (varX <= epsilon || varY <= epsilon) return null
  const r = (n * sumXY - sumX * sumY) / Math.sqrt(varX * varY)
  return Math.max(-1, Math.min(1, r))
}

/** The flags a trainer should look at; thresholds are the constants above. */
export function itemFlags(item: { n: number; p: number | null; r: number | null }): ItemFlag[] {
  const flags: ItemFlag[] = []
  if (item.p !== null && item.n >= MIN_ATTEMPTS_FOR_DIFFICULTY_FLAGS) {
    if (item.p > TOO_EASY_ABOVE) flags.push('tooEasy')
    if (item.p < TOO_HARD_BELOW) flags.push('tooHard')
  }
  if (item.r !== null && item.n >= MIN_ATTEMPTS_FOR_DISCRIMINATION_FLAG && item.r < NEGATIVE_DISCRIMINATION_BELOW) flags.push('negativeDiscrimination')
  return flags
}

/** The middle value (the mean of the two middle ones for an even count); null for none. */
export function median(values: readonly number[]): number | null {
  if (values.length === 0) return null
  const sorted = [...values].sort((a, b) => a - b)
  const mid = Math.floor(sorted.length / 2)
  return sorted.length % 2 === 1 ? (sorted[mid] as number) : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2
}

/** part ÷ whole, null when there is no whole. */
export function share(part: number, whole: number): number | null {
  return whole > 0 ? part / whole : null
}

/**
 * The options an answer picked, for the option-choice counts: option ids of single and multiple
 * choice, "true"/"false" for true/false. Other types have no options to count.
 */
export function chosenOptions(answer: Answer | null | undefined): string[] {
  switch (answer?.type) {
    case 'single':
      return [answer.optionId]
    case 'multiple':
      return answer.optionIds
    case 'truefalse':
      return [String(answer.value)]
    default:
      return []
  }
}

export interface OptionShare {
  optionId: string
  count: number
  /** count ÷ attempts that drew the question; a multiple-choice question's shares can add up past 1. */
  share: number | null
}

/**
 * How often each option was chosen among `attempts` that drew the question, in the options' order,
 * plus the attempts with no (in-time) answer. Counts of unknown option ids are ignored.
 */
export function optionShares(optionIds: readonly string[], counts: ReadonlyMap<string, number>, answered: number, attempts: number): { options: OptionShare[]; unanswered: OptionShare } {
  const options = optionIds.map((optionId) => {
    const count = counts.get(optionId) ?? 0
    return { optionId, count, share: share(count, attempts) }
  })
  const none = Math.max(0, attempts - answered)
  return { options, unanswered: { optionId: '', count: none, share: share(none, attempts) } }
}

export const itemSortKeys = ['order', 'attempts', 'p', 'r', 'flags'] as const
export type ItemSortKey = (typeof itemSortKeys)[number]

/**
 * Questions sorted for the table: by position in the bank, attempts, p, r or number of flags; ties
 * keep the bank's order, and questions without a figure (no attempts) go last either way.
 */
export function sortItems<T extends { position: number; attempts: number; p: number | null; r: number | null; flags: readonly ItemFlag[] }>(items: readonly T[], key: ItemSortKey, direction: 'asc' | 'desc'): T[] {
  const value = (item: T): number | null => (key === 'order' ? item.position : key === 'attempts' ? item.attempts : key === 'flags' ? item.flags.length : item[key])
  const sign = direction === 'asc' ? 1 : -1
  return [...items].sort((a, b) => {
    const va = value(a)
    const vb = value(b)
    if (va === null || vb === null) return va === vb ? a.position - b.position : va === null ? 1 : -1
    return va === vb ? a.position - b.position : (va - vb) * sign
  })
}

/** What the statistics page shows per exam question and per lesson (app/server/exams/item-stats.server.ts measures them). */
export interface OptionStat {
  id: string
  /** The option's text in the reader's language; null for true/false (the page says "True"/"False"). */
  text: string | null
  correct: boolean
  count: number
  share: number | null
}

export interface QuestionStat {
  id: string
  position: number
  type: QuestionType
  /** The topic's name in the viewer's language (the bank's `topics`), else its id. */
  topic: string
  text: string
  /** Graded attempts that drew the question. */
  attempts: number
  /** Difficulty: mean credit, 0–1. */
  p: number | null
  /** Discrimination: correlation of the credit with the rest score, −1–1. */
  r: number | null
  flags: ItemFlag[]
  /** Single, multiple and true/false questions only. */
  options: OptionStat[] | null
  /** Attempts that drew it but saved no answer in time (choice questions only). */
  unanswered: { count: number; share: number | null } | null
}

export interface LessonStat {
  slug: string
  position: number
  title: string
  /** Learners who opened it. */
  reached: number
  completed: number
  /** Median of completedAt − openedAt over completed lessons, in minutes. */
  medianMinutes: number | null
  checkAnswers: number
  /** Share of knowledge-check answers that were right, every try counted. */
  checkSuccess: number | null
}
