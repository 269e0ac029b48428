import { randomBytes } from 'node:crypto'

let counter = 0

/**
 * A new row id for a plain INSERT (Prisma's creates make their own), in the shape of Prisma's cuid():
 * "c", the time in milliseconds and a counter, so the ids one process makes sort in the order it made
 * them and among Prisma's by time (lists break ties of equal times by id); then 64 random bits, so two
 * processes or servers never make the same one. Letters and digits only, as a posted id must be
 * (idField).
 */
export function newId(now = Date.now()): string {
  counter = (counter + 1) % 1_679_616
  return `c${now.toString(36).padStart(8, '0')}${counter.toString(36).padStart(4, '0')}${randomBytes(8).toString('hex')}`
}
