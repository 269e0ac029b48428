/** A document's writer waits for its reader without spinning (app/server/platform/reader-backlog.server.ts). */
import { Readable } from 'node:stream'
import { describe, expect, it } from 'vitest'
import { readerBacklog } from '~/server/platform/reader-backlog.server.ts'

/** A stream a writer pushes into and never waits on, as pdfkit's documents are. */
function document() {
  return new Readable({ read() {} })
}

const KB = 1024
const settled = async (promise: Promise<unknown>, ms: number) => Promise.race([promise.then(() => true), new Promise<boolean>((resolve) => setTimeout(() => resolve(false), ms))])

describe('waiting for a document’s reader (readerBacklog)', () => {
  it('goes on at once while little waits to be read', async () => {
    const doc = document()
    const breathe = readerBacklog(doc, 64 * KB)
    doc.push(Buffer.alloc(10 * KB))
    expect(await settled(breathe(), 100)).toBe(true)
  })

  it('waits while more than the limit waits to be read, without using the processor, and goes on once the reader has taken it', async () => {
    const doc = document()
    const breathe = readerBacklog(doc, 64 * KB)
    for (let i = 0; i < 8; i++) doc.push(Buffer.alloc(32 * KB))
    const cpu = process.cpuUsage()
    const waited = breathe()
    expect(await settled(waited, 400)).toBe(false)
    const used = process.cpuUsage(cpu)
    // Polling with setImmediate spent the whole wait on the processor (about 400 ms).
    expect((used.user + used.system) / 1000).toBeLessThan(150)
    // The reader takes some: still more than the limit waits, so the writer still waits.
    doc.read(96 * KB)
    expect(await settled(waited, 100)).toBe(false)
    // The reader takes the rest.
    while (doc.read() !== null);
    expect(await settled(waited, 1000)).toBe(true)
  })

  it('stops waiting when the reader goes away', async () => {
    const doc = document()
    const breathe = readerBacklog(doc, 64 * KB)
    for (let i = 0; i < 8; i++) doc.push(Buffer.alloc(32 * KB))
    const waited = breathe()
    expect(await settled(waited, 100)).toBe(false)
    doc.destroy()
    expect(await settled(waited, 1000)).toBe(true)
  })
})
