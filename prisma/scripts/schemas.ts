/**
 * One source schema, one derived schema per provider. Only the datasource provider and the
 * generator output differ, so both generated clients have the same API.
 */
import fs from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import type { Provider } from './database-url.ts'

/** The project root is two folders up from here and from the bundled commands in build/cli (app/cli/build-commands.ts). */
export const prismaDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..', 'prisma')
export const sourceSchemaPath = path.join(prismaDir, 'schema.prisma')

export function migrationsDir(provider: Provider): string {
  return path.join(prismaDir, 'migrations', provider)
}

export function deriveSchema(source: string, provider: Provider): string {
  const withProvider = source.replace(/(datasource db \{[^}]*provider\s*=\s*)"[a-z]+"/, `$1"${provider}"`)
  return withProvider.replace(/(output\s*=\s*)"([^"]*)\/sqlite"/, `$1"$2/${provider}"`)
}

export function readSchema(provider: Provider, file = sourceSchemaPath): string {
  return deriveSchema(fs.readFileSync(file, 'utf8'), provider)
}
