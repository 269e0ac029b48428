/** A document's writer waits for its reader without spinning (app/server/platform/reader-backlog.server.ts). */
import { Readable } from 'node:stream'
import { describe, expect, it } from 'vitest'
import { readerBacklog, webBody } from '~/server/platform/reader-backlog.server.ts'

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

describe('a document as a response body (webBody)', () => {
  it('hands on what waits as one chunk, the same bytes in order, and ends with the document', async () => {
    const doc = document()
    const reader = webBody(doc).getReader()
    // A page's pieces, pushed at once as pdfkit does: one chunk for the reader, not one each.
    for (let i = 0; i < 50; i++) doc.push(Buffer.from(`${i} 0 obj\n`))
    const first = await reader.read()
    expect(Buffer.from(first.value ?? []).toString()).toBe(Array.from({ length: 50 }, (_, i) => `${i} 0 obj\n`).join(''))
    doc.push(Buffer.from('%%EOF'))
    doc.push(null)
    expect(Buffer.from((await reader.read()).value ?? []).toString()).toBe('%%EOF')
    expect((await reader.read()).done).toBe(true)
  })

  it('reads nothing ahead of its reader, so the writer sees the backlog and waits', async () => {
    const doc = document()
    const breathe = readerBacklog(doc, 64 * KB)
    const reader = webBody(doc).getReader()
    for (let i = 0; i < 8; i++) doc.push(Buffer.alloc(32 * KB))
    await new Promise((resolve) => setTimeout(resolve, 50))
    // Nobody asked: it all still waits in the document.
    expect(doc.readableLength).toBe(256 * KB)
    const waited = breathe()
    expect(await settled(waited, 100)).toBe(false)
    // The reader asks: the writer goes on.
    let taken = 0
    while (taken < 256 * KB) taken += (await reader.read()).value?.length ?? 0
    expect(await settled(waited, 1000)).toBe(true)
  })

  it('destroys the document when the body is cancelled (the client went away), and errors with it', async () => {
    const doc = document()
    const body = webBody(doc)
    doc.push(Buffer.from('%PDF-1.3'))
    await body.cancel()
    expect(doc.destroyed).toBe(true)

    const failing = document()
    const reader = webBody(failing).getReader()
    failing.destroy(new Error('the font is missing'))
    await expect(reader.read()).rejects.toThrow('the font is missing')
  })
})
