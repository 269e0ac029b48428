/**
 * A Node preload for tests/integration/production-start.test.ts, which compiles it to JavaScript
 * (no TypeScript loader may run in the process it guards): `node --import <it> build/cli/serve.js`.
 * It refuses every module under a folder listed in FORBIDDEN_MODULES_FILE (a JSON array of absolute
 * paths: the packages a production install does not have), through an ESM resolve hook and
 * CommonJS's resolver alike: it throws the error a missing module gives (code that probes for an
 * optional package goes on as it would in production) and appends a line to FORBIDDEN_MODULES_LOG,
 * which the test reads.
 */
import fs from 'node:fs'
import Module, { register } from 'node:module'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { isMainThread } from 'node:worker_threads'

const forbidden = JSON.parse(fs.readFileSync(process.env.FORBIDDEN_MODULES_FILE ?? '', 'utf8')) as string[]
const log = process.env.FORBIDDEN_MODULES_LOG ?? ''

function refuseForbidden(file: string, request: string, parent: string | undefined, code: string): void {
  if (!forbidden.some((dir) => file.startsWith(dir + path.sep))) return
  const line = `${request} → ${file} (from ${parent ?? 'the command line'})`
  fs.appendFileSync(log, `${line}\n`)
  throw Object.assign(new Error(`Not installed in production: ${line}`), { code })
}

interface ResolveContext {
  parentURL?: string
}
type NextResolve = (specifier: string, context: ResolveContext) => Promise<{ url: string }>

/** The ESM resolve hook (runs on Node's hooks thread). */
export async function resolve(specifier: string, context: ResolveContext, nextResolve: NextResolve): Promise<{ url: string }> {
  const result = await nextResolve(specifier, context)
  if (result.url.startsWith('file:')) refuseForbidden(fileURLToPath(result.url), specifier, context.parentURL, 'ERR_MODULE_NOT_FOUND')
  return result
}

if (isMainThread) {
  register(import.meta.url)
  const cjs = Module as unknown as { _resolveFilename: (request: string, parent: { filename?: string } | undefined, ...rest: unknown[]) => string }
  const original = cjs._resolveFilename
  cjs._resolveFilename = function (request, parent, ...rest) {
    const file = original.call(this, request, parent, ...rest)
    refuseForbidden(file, request, parent?.filename, 'MODULE_NOT_FOUND')
    return file
  }
}
