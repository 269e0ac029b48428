/**
 * Short answers are compared after folding away what people type differently: case, spacing,
 * surrounding punctuation, ё/е, and Kazakh letters typed on a Russian keyboard (ә→а, қ→к …) or
 * with Latin look-alikes (ə, i). A stated, forgiving rule: the answer must still be the word.
 */
const fold: Record<string, string> = {
  ә: 'а', ə: 'а', ғ: 'г', қ: 'к', ң: 'н', ө: 'о', ұ: 'у', ү: 'у', һ: 'х', і: 'и', ё: 'е',
}

export function normaliseShortAnswer(value: string): string {
  const lower = value.normalize('NFC').toLowerCase().trim()
  const cyrillic = /[\u0400-\u04ff]/.test(lower)
  return [...lower]
    .map((ch) => (cyrillic && ch === 'i' ? 'и' : (fold[ch] ?? ch)))
    .join('')
    .replace(/[«»"'“”„.,!?;:()[\]]/g, ' ')
    .replace(/[\s\u00a0]+/g, ' ')
    .trim()
}

/*
 * Matching a short answer. Typed words are compared with an accepted answer's words one by one,
 * and a word matches its accepted form when it is that form with an ending: inflection changes
 * the end of a word (ящик → ящика, жәшік → жәшікті, переносной → переносного, box → boxes).
 * What may change, after folding:
 *  - letters added at the end: at most MAX_ADDED (Kazakh stacks suffixes: жәшіктеріне);
 *  - letters dropped from the end of the accepted word: at most two (one for words of five letters
 *    or fewer), and only vowels, й/ь/ъ, or a Latin s (урна → урны, переносной → переносная,
 *    headquarters → headquarter), or a final к/п voiced to г/б before a suffix (жәшік → жәшігі);
 *  - the stem kept must be at least MIN_STEM letters, and words shorter than that match only exactly.
 * So штаб does not match штат, протокол does not match протест, and a different number of words
 * never matches (English articles aside): "ящик" is not "переносной ящик".
 */
const MIN_STEM = 3
const MAX_ADDED = 6
const DROPPABLE = new Set([...'аеиоуыэюяйьъaeiouys'])
const VOICED: Record<string, string> = { к: 'г', п: 'б' }
const ARTICLES = new Set(['the', 'a', 'an'])

function words(folded: string): string[] {
  return folded.split(' ').filter((w) => w && !ARTICLES.has(w))
}

function wordMatches(typed: string, accepted: string): boolean {
  if (typed === accepted) return true
  if (accepted.length < MIN_STEM) return false
  let common = 0
  while (common < typed.length && common < accepted.length && typed[common] === accepted[common]) common++
  if (common < MIN_STEM) return false
  const dropped = accepted.slice(common)
  const added = typed.slice(common)
  if (added.length > MAX_ADDED) return false
  if (dropped.length > (accepted.length <= 5 ? 1 : 2)) return false
  if (dropped.length === 1 && VOICED[dropped] && added.startsWith(VOICED[dropped] ?? '')) return true
  return [...dropped].every((ch) => DROPPABLE.has(ch))
}

/** Whether a typed short answer is one of the accepted answers, allowing for inflected endings. */
export function shortAnswerMatches(typed: string, accepted: readonly string[]): boolean {
  const typedWords = words(normaliseShortAnswer(typed))
  if (typedWords.length === 0) return false
  return accepted.some((answer) => {
    const acceptedWords = words(normaliseShortAnswer(answer))
    return acceptedWords.length === typedWords.length && acceptedWords.every((w, i) => wordMatches(typedWords[i] ?? '', w))
  })
}
