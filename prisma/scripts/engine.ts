/**
 * Prisma's WebAssembly schema engine, loaded without `--experimental-wasm-modules` and driven
 * through a driver adapter, so migrations need no native engine download (offline, air-gapped).
 */
import fs from 'node:fs'
import { createRequire } from 'node:module'
import path from 'node:path'
import { bindMigrationAwareSqlAdapterFactory } from '@prisma/driver-adapter-utils'
import * as bindings from '@prisma/schema-engine-wasm/schema_engine_bg'
import type { SchemaEngine as SchemaEngineType } from '@prisma/schema-engine-wasm'
import { createAdapterFactory, providerOf, type Provider } from './database-url.ts'

let loaded: Promise<void> | undefined

function loadWasm(): Promise<void> {
  loaded ??= (async () => {
    const require = createRequire(import.meta.url)
    const dir = path.dirname(require.resolve('@prisma/schema-engine-wasm'))
    const bytes = fs.readFileSync(path.join(dir, 'schema_engine_bg.wasm'))
    const { instance } = await WebAssembly.instantiate(bytes, { './schema_engine_bg.js': bindings })
    const exports = instance.exports as WebAssembly.Exports & { __wbindgen_start: () => void }
    ;(bindings as unknown as { __wbg_set_wasm: (w: unknown) => void }).__wbg_set_wasm(exports)
    exports.__wbindgen_start()
  })()
  return loaded
}

export const noFilter = { externalTables: [], externalEnums: [] }

export interface OpenEngine {
  engine: SchemaEngineType
  /** Frees the engine and closes every connection it opened (a SQLite file stays locked otherwise). */
  close(): Promise<void>
}

export async function openEngine(databaseUrl: string, schema: string): Promise<OpenEngine> {
  await loadWasm()
  const factory = await createAdapterFactory(databaseUrl)
  const opened: Array<{ dispose(): Promise<void> }> = []
  const tracked = {
    provider: factory.provider,
    adapterName: factory.adapterName,
    async connect() {
      const adapter = await factory.connect()
      opened.push(adapter)
      return adapter
    },
    async connectToShadowDb() {
      const adapter = await factory.connectToShadowDb()
      opened.push(adapter)
      return adapter
    },
  }
  const engine = await (bindings as unknown as { SchemaEngine: typeof SchemaEngineType }).SchemaEngine.new(
    { datamodels: [['schema.prisma', schema]] },
    (line: string) => {
      if (process.env.DEBUG_SCHEMA_ENGINE) console.error(line)
    },
    bindMigrationAwareSqlAdapterFactory(tracked as never),
  )
  return {
    engine,
    async close() {
      engine.free()
      await Promise.all(opened.map((adapter) => adapter.dispose()))
    },
  }
}

export type { Provider }
export { providerOf }
