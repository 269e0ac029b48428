/**
 * Bundles the commands an operator runs on a production server to plain JavaScript in build/cli/,
 * so a server needs neither a TypeScript loader nor any dev dependency (`npm prune --omit=dev`):
 *
 *   build/cli/serve.js     npm start          (app/cli/serve.ts: Express in front of the Remix build)
 *   build/cli/migrate.js   npm run db:migrate (prisma/scripts/migrate.ts)
 *   build/cli/seed.js      npm run db:regions, db:seed (prisma/seed.ts)
 *   build/cli/backup.js    npm run db:backup, db:restore (prisma/scripts/backup.ts)
 *   build/cli/keys.js      npm run keys:generate (app/cli/keys.ts), and npm run setup for a first key
 *
 * Our code is bundled; packages stay imports from node_modules. Every bundle sits two folders below
 * the project root, as app/cli and prisma/scripts do, so a path taken from import.meta.url (the
 * Remix build, prisma/) is the same from the source and from the bundle.
 * tests/integration/production-start.test.ts runs them with every dev dependency forbidden.
 */
import fs from 'node:fs'
import path from 'node:path'
import { build } from 'esbuild'
import { asciiSource } from './ascii-source.ts'

const entryPoints = {
  serve: 'app/cli/serve.ts',
  migrate: 'prisma/scripts/migrate.ts',
  seed: 'prisma/seed.ts',
  backup: 'prisma/scripts/backup.ts',
  keys: 'app/cli/keys.ts',
}

const result = await build({
  entryPoints,
  outdir: 'build/cli',
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  packages: 'external',
  logLevel: 'warning',
  write: false,
})
// In ASCII, as the server bundle (app/cli/ascii-source.ts): the comments esbuild keeps may not be.
for (const file of result.outputFiles) {
  fs.mkdirSync(path.dirname(file.path), { recursive: true })
  fs.writeFileSync(file.path, asciiSource(file.text))
}
console.log(`Bundled ${Object.keys(entryPoints).map((name) => `build/cli/${name}.js`).join(', ')}.`)
