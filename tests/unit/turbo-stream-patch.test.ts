/**
 * The patches of turbo-stream and @remix-run/server-runtime's single fetch (app/server/platform/patches/,
 * applied by `npm ci`'s postinstall): page data without promises is encoded to its text at once; the
 * stream Remix hands on carries that text under a symbol and gives the same bytes when read; no timer
 * is left pending. Data with a promise goes through turbo-stream's stream as before.
 */
import { createRequire } from 'node:module'
import { describe, expect, it } from 'vitest'

const require = createRequire(import.meta.url)

interface TurboStream {
  encode: (input: unknown, options?: object) => ReadableStream<Uint8Array>
  encodeToString?: (input: unknown, options?: object) => string | undefined
  decode: (readable: ReadableStream<Uint8Array>) => Promise<{ value: unknown; done: Promise<void> }>
}
const turboStream = require('turbo-stream') as TurboStream
const singleFetch = require('@remix-run/server-runtime/dist/single-fetch.js') as {
  encodeViaTurboStream: (data: unknown, signal: AbortSignal, streamTimeout: number | undefined, serverMode: string) => ReadableStream<Uint8Array>
}
const TURBO_STREAM_TEXT = Symbol.for('remix.turboStreamText')

async function textOf(stream: ReadableStream<Uint8Array>): Promise<string> {
  return await new Response(stream).text()
}

/** Loader data of the shapes pages send: nested objects, repeated values, dates, undefined, Cyrillic and Kazakh text. */
const pageData = {
  loaderData: {
    root: { locale: 'kk', user: { name: 'Айгүл Сәрсенова', isAdmin: false, unread: 0 }, toast: undefined },
    'routes/courses.$course.$lesson': { lesson: { slug: '03-rights', minutes: 14, started: new Date('2026-03-01T10:00:00Z') }, toc: [{ id: 'a', text: 'Права' }, { id: 'a', text: 'Права' }], big: 12n, nothing: null },
  },
  actionData: null,
  errors: null,
}

describe('the turbo-stream patch', () => {
  it('encodes data without promises to the text encode’s stream carries', async () => {
    for (const input of [pageData, undefined, null, 0, -1, 'текст', [1, [2, [3]]], { a: new Map([['k', new Set([1])]]) }]) {
      expect(turboStream.encodeToString?.(input), JSON.stringify(String(input))).toBe(await textOf(turboStream.encode(input)))
    }
  })

  it('declines data holding a promise (its stream must wait for it)', () => {
    expect(turboStream.encodeToString).toBeTypeOf('function')
    expect(turboStream.encodeToString?.({ later: Promise.resolve(1) })).toBeUndefined()
  })
})

describe('single fetch’s encodeViaTurboStream, patched', () => {
  it('hands on the text, and the same bytes to a reader, with no timer left pending', async () => {
    const timersBefore = process.getActiveResourcesInfo().filter((kind) => kind === 'Timeout').length
    const controller = new AbortController()
    const stream = singleFetch.encodeViaTurboStream(pageData, controller.signal, undefined, 'production')
    expect(process.getActiveResourcesInfo().filter((kind) => kind === 'Timeout').length).toBe(timersBefore)
    const text = (stream as unknown as Record<symbol, unknown>)[TURBO_STREAM_TEXT]
    expect(typeof text).toBe('string')
    expect(await textOf(stream)).toBe(text)
    // What the browser decodes is the data itself.
    const decoded = await turboStream.decode(new Response(text as string).body!)
    expect(decoded.value).toEqual(pageData)
  })

  it('sanitises an error in the data as before (production sends neither its message nor its stack)', async () => {
    const error = new Error('secret detail')
    const text = await textOf(singleFetch.encodeViaTurboStream({ error }, new AbortController().signal, undefined, 'production'))
    expect(text).toContain('"SanitizedError"')
    expect(text).toContain('Unexpected Server Error')
    expect(text).not.toContain('secret detail')
    expect(text).not.toContain('turbo-stream-patch.test')
  })

  it('streams data with a promise as before: the value follows when it resolves', async () => {
    const stream = singleFetch.encodeViaTurboStream({ now: 1, later: new Promise((resolve) => setTimeout(() => resolve('готово'), 10)) }, new AbortController().signal, undefined, 'production')
    expect((stream as unknown as Record<symbol, unknown>)[TURBO_STREAM_TEXT]).toBeUndefined()
    const decoded = (await turboStream.decode(stream)).value as { now: number; later: Promise<string> }
    expect(decoded.now).toBe(1)
    await expect(decoded.later).resolves.toBe('готово')
  })
})
