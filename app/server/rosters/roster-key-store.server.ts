/**
 * A roster's keys (roster-read.server.ts, step 1) held as bytes outside V8's heap.
 *
 * An export holds every key from before its first row to its last: 100,000 of them for the largest
 * roster. As objects with their strings they took about 18 MB of V8's heap, read in the export's first
 * half second and so moved to the old generation, where V8 sizes its next collection by what it found
 * live: the 100,000-row PDF's worker peaked at 211–225 MB (README, Speed: "Issue 15, session 30").
 * Here a key is seven numbers in typed arrays (and its rowid) and its texts in UTF-8 in a shared
 * buffer (about 80 bytes a key, in fixed-size chunks, so nothing is copied as the store grows); a key
 * is made into an object again only when a batch of rows is read (`KeyList.slice`), and dies young.
 */
import type { RosterKey } from './roster-read.server.ts'

/** The keys of a region in the roster's order, made into objects a few at a time. */
export interface KeyList {
  readonly length: number
  /** The keys from `start` up to `end` (as Array#slice, without negative positions), as new objects. */
  slice(start?: number, end?: number): RosterKey[]
  /** The key at `position` (0 ≤ position < length), as a new object. */
  at(position: number): RosterKey | undefined
}

/** Keys a chunk of numbers holds (a power of two). */
const KEYS_A_CHUNK = 4096
const CHUNK_SHIFT = 12
/** Per key: its text's chunk and offset, the UTF-8 lengths of its name, codes and reference (NUMERIC_REF: a number), its NGO and expiry. */
const FIELDS = 7
const NUMERIC_REF = 0xffffffff
/** Bytes of a chunk of text (names, codes and text references). */
const TEXT_BYTES = 256 * 1024

export class KeyStore {
  #size = 0
  #fields: Uint32Array[] = []
  #numbers: Float64Array[] = []
  #texts: Buffer[] = []
  #textUsed = 0
  /** NGO ids and expiries are few (one a day of issue): each kept once, a key holds its index. */
  #ngoIds: string[] = []
  #ngoIndex = new Map<string, number>()
  #expiries: Array<string | Date> = []
  #expiryIndex = new Map<string | number, number>()

  get size(): number {
    return this.#size
  }

  /** Adds a key; returns its position in the store. */
  add(key: RosterKey): number {
    const position = this.#size++
    const at = (position & (KEYS_A_CHUNK - 1)) * FIELDS
    if (at === 0) {
      this.#fields.push(new Uint32Array(KEYS_A_CHUNK * FIELDS))
      this.#numbers.push(new Float64Array(KEYS_A_CHUNK))
    }
    const fields = this.#fields[position >>> CHUNK_SHIFT] as Uint32Array
    const refText = typeof key.ref === 'string' ? key.ref : ''
    // At most three bytes of UTF-8 for each UTF-16 unit: room is made before writing, never after.
    const most = 3 * (key.fullName.length + key.codes.length + refText.length)
    let text = this.#texts.at(-1)
    if (!text || this.#textUsed + most > text.length) {
      text = Buffer.allocUnsafeSlow(Math.max(TEXT_BYTES, most))
      this.#texts.push(text)
      this.#textUsed = 0
    }
    const start = this.#textUsed
    const nameBytes = text.write(key.fullName, start, 'utf8')
    const codesBytes = text.write(key.codes, start + nameBytes, 'utf8')
    const refBytes = refText ? text.write(refText, start + nameBytes + codesBytes, 'utf8') : 0
    this.#textUsed = start + nameBytes + codesBytes + refBytes
    fields[at] = this.#texts.length - 1
    fields[at + 1] = start
    fields[at + 2] = nameBytes
    fields[at + 3] = codesBytes
    fields[at + 4] = typeof key.ref === 'string' ? refBytes : NUMERIC_REF
    fields[at + 5] = this.#indexOf(this.#ngoIds, this.#ngoIndex, key.ngoId, key.ngoId)
    fields[at + 6] = this.#indexOf(this.#expiries, this.#expiryIndex, key.validUntil instanceof Date ? key.validUntil.getTime() : key.validUntil, key.validUntil)
    if (typeof key.ref === 'number') (this.#numbers[position >>> CHUNK_SHIFT] as Float64Array)[position & (KEYS_A_CHUNK - 1)] = key.ref
    return position
  }

  /** The full name of the key at `position` (for sorting, without making the rest of the key). */
  name(position: number): string {
    const fields = this.#fields[position >>> CHUNK_SHIFT] as Uint32Array
    const at = (position & (KEYS_A_CHUNK - 1)) * FIELDS
    const start = fields[at + 1] as number
    return (this.#texts[fields[at] as number] as Buffer).toString('utf8', start, start + (fields[at + 2] as number))
  }

  /** The key at `position`, as a new object. */
  key(position: number): RosterKey {
    const fields = this.#fields[position >>> CHUNK_SHIFT] as Uint32Array
    const at = (position & (KEYS_A_CHUNK - 1)) * FIELDS
    const text = this.#texts[fields[at] as number] as Buffer
    const start = fields[at + 1] as number
    const codesStart = start + (fields[at + 2] as number)
    const refStart = codesStart + (fields[at + 3] as number)
    const refBytes = fields[at + 4] as number
    return {
      ref: refBytes === NUMERIC_REF ? ((this.#numbers[position >>> CHUNK_SHIFT] as Float64Array)[position & (KEYS_A_CHUNK - 1)] as number) : text.toString('utf8', refStart, refStart + refBytes),
      fullName: text.toString('utf8', start, codesStart),
      ngoId: this.#ngoIds[fields[at + 5] as number] as string,
      codes: text.toString('utf8', codesStart, refStart),
      validUntil: this.#expiries[fields[at + 6] as number] as string | Date,
    }
  }

  /** The keys at these positions, in this order. */
  list(positions: readonly number[]): KeyList {
    return {
      length: positions.length,
      slice: (start = 0, end = positions.length) => positions.slice(start, end).map((position) => this.key(position)),
      at: (position) => (position >= 0 && position < positions.length ? this.key(positions[position] as number) : undefined),
    }
  }

  #indexOf<T>(values: T[], index: Map<string | number, number>, by: string | number, value: T): number {
    let found = index.get(by)
    if (found === undefined) {
      found = values.length
      values.push(value)
      index.set(by, found)
    }
    return found
  }
}

/** A region without keys. */
export const NO_KEYS: KeyList = { length: 0, slice: () => [], at: () => undefined }
