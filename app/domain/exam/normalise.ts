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
