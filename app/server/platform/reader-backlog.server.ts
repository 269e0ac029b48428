/**
 * Back-pressure: a writer waits for its reader. For documents drawn into a stream (pdfkit's documents:
 * rosters, letters, the coverage report), which pushes every piece as it is drawn and never waits, so
 * a long document written to a slow download would pile up in the worker's memory (readerBacklog); and
 * for a stream written to that says it is full (drained: response bodies, the XLSX writer's ZIP).
 */
import type { Readable } from 'node:stream'

/** What `drained` needs of a stream written to (a Writable, Node's response). */
export interface DrainTarget {
  once(event: 'drain' | 'close', listener: () => void): unknown
  removeListener(event: 'drain' | 'close', listener: () => void): unknown
}

/**
 * Until a stream written to can take more (`drain`) or it closed (its reader went away), with the
 * listener of whichever did not come taken off again (left on, a slow download gathered one a wait).
 */
export function drained(target: DrainTarget): Promise<void> {
  return new Promise((resolve) => {
    const done = () => {
      target.removeListener('drain', done)
      target.removeListener('close', done)
      resolve()
    }
    target.once('drain', done)
    target.once('close', done)
  })
}

/**
 * For a stream a writer pushes into, a function that lets other work run once and then waits while more
 * than `limit` bytes wait to be read: until the reader has taken them (the stream asks for more, which
 * Node does once what it holds is under its high-water mark) or the stream is destroyed (the reader went
 * away). The writers used to poll with setImmediate until the reader caught up, which spun a core for
 * as long as a slow download lasted, starving the worker's other requests: the 100,000-row roster's PDF
 * downloaded at 20 KB/s took 21.1 s of CPU in its first 20 s; now 6.2 s, drawing what the connection's
 * buffers took and then nothing (tests/bench/HISTORY.md, session 28).
 */
export function readerBacklog(stream: Readable, limit: number): () => Promise<void> {
  const waiting: Array<() => void> = []
  const wakeAll = () => {
    for (const wake of waiting.splice(0)) wake()
  }
  const read = stream._read.bind(stream)
  stream._read = (size: number) => {
    read(size)
    wakeAll()
  }
  stream.once('close', wakeAll)
  return async () => {
    await new Promise((resolve) => setImmediate(resolve))
    while (stream.readableLength > limit && !stream.destroyed) await new Promise<void>((resolve) => waiting.push(resolve))
  }
}

/**
 * A document stream as a response body, read as the body's reader asks and as much as is waiting each
 * time: pdfkit pushes every object header, dictionary and line of its cross-reference table as a piece
 * of its own (about 75,000 for a 100,000-row roster), and `Readable.toWeb` passed each on as a chunk,
 * each with its promises and queue entries, which lived long enough to be moved to V8's old generation
 * (tests/bench/HISTORY.md, session 30). Read this way a page's pieces arrive as one chunk. Cancelling
 * the body (the client went away) destroys the stream; its error errors the body.
 */
export function webBody(source: Readable): ReadableStream<Uint8Array> {
  const chunks = source[Symbol.asyncIterator]() as AsyncIterator<Uint8Array>
  return new ReadableStream<Uint8Array>(
    {
      async pull(controller) {
        const next = await chunks.next()
        if (next.done) controller.close()
        else controller.enqueue(next.value)
      },
      async cancel() {
        await chunks.return?.()
        // An iterator never started does not destroy its stream when returned.
        source.destroy()
      },
    },
    // Nothing read ahead of the reader: what waits, waits in the stream, where its writer sees it (readerBacklog).
    { highWaterMark: 0 },
  )
}
