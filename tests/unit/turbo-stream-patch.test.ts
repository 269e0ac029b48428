/**
 * The patches of turbo-stream and @remix-run/server-runtime's single fetch (app/server/platform/patches/,
 * applied by `npm ci`'s postinstall): page data without promises is encoded to its text at once; the
 * stream Remix hands on carries that text under a symbol and gives the same bytes when read; no timer
 * is left pending. Data with a promise goes through turbo-stream's stream as before.
 */
import fs from 'node:fs'
import { createRequire } from 'node:module'
import path from 'node:path'
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
  it('writes common values without the general path, and exactly the text turbo-stream 2.4.1 wrote', () => {
    const dist = path.dirname(require.resolve('turbo-stream'))
    for (const file of ['flatten.js', 'turbo-stream.mjs']) expect(fs.readFileSync(path.join(dist, file), 'utf8'), file).toContain('function stringifyCommon')
    // Golden texts: what the unpatched turbo-stream 2.4.1 gave for these values (arrays with holes,
    // repeated objects, null-prototype objects, every special type, a plugin and a post-plugin).
    const shared = { id: 'x' }
    const holed: unknown[] = []
    holed[1] = 2
    const everything: Record<string, unknown> = { a: [1, 'x', { a: 1 }], b: null, c: undefined, d: true, e: -0, f: NaN, g: new Date(0), h: [shared, shared], i: 'x', j: holed, k: Object.assign(Object.create(null), { z: 1 }), l: new Map([[1, 'a']]), m: new Set(['a']), n: 10n, o: Symbol.for('s'), p: /re/g, q: new URL('http://a.b/c') }
    const options = { plugins: [(v: unknown) => (v instanceof Error ? ['E', v.message] : undefined)], postPlugins: [() => ['F']] }
    expect(turboStream.encodeToString?.(everything, options)).toBe(
      '[{"_1":2,"_6":-5,"_7":-7,"_8":9,"_10":-4,"_11":-2,"_12":13,"_14":15,"_18":4,"_19":20,"_22":23,"_25":26,"_27":28,"_29":30,"_31":32,"_33":34,"_35":36},"a",[3,4,5],1,"x",{"_1":3},"b","c","d",true,"e","f","g",["D",0],"h",[16,16],{"_17":4},"id","i","j",[-1,21],2,"k",["N",{"_24":3}],"z","l",["M",3,1],"m",["S",1],"n",["B","10"],"o",["Y","s"],"p",["R","re","g"],"q",["U","http://a.b/c"]]\n',
    )
    expect(turboStream.encodeToString?.(['x', 'x', { x: 'x' }, [[], {}], Infinity, -Infinity], options)).toBe('[[1,1,2,3,-6,-3],"x",{"_1":1},[4,5],[],{}]\n')
    expect(turboStream.encodeToString?.({ loaderData: { root: { user: { name: 'Дана', email: 'd@example.org' }, unread: 0 } }, actionData: null, errors: null }, options)).toBe(
      '[{"_1":2,"_13":-5,"_14":-5},"loaderData",{"_3":4},"root",{"_5":6,"_11":12},"user",{"_7":8,"_9":10},"name","Дана","email","d@example.org","unread",0,"actionData","errors"]\n',
    )
    // A plain object a plugin takes still goes to the plugin.
    expect(turboStream.encodeToString?.({ e: new Error('boom') }, options)).toBe('[{"_1":2},"e",["E",3],"boom"]\n')
  })

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
