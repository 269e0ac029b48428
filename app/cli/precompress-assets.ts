/**
 * Compresses the browser's fingerprinted assets once, at build time: next to each script, stylesheet,
 * language file and SVG under build/client/assets goes a `.br` (Brotli at its highest quality, 11)
 * and a `.gz` (gzip level 9). `npm start` serves those as they are (express-static-gzip in
 * app/cli/serve.ts) instead of compressing every download again on the fly (Brotli quality 4 through
 * `compression`): smaller files for a phone on a slow link, and no CPU spent per request.
 *
 *   node --import tsx app/cli/precompress-assets.ts   (part of `npm run build`)
 */
import fs from 'node:fs'
import path from 'node:path'
import zlib from 'node:zlib'

const dir = path.resolve('build/client/assets')
const worth = /\.(js|css|json|svg|map)$/

let files = 0
let raw = 0
let brotli = 0
for (const name of fs.existsSync(dir) ? fs.readdirSync(dir) : []) {
  if (!worth.test(name)) continue
  const file = path.join(dir, name)
  const body = fs.readFileSync(file)
  // Tiny files gain nothing but a second request path: served as they are (or compressed on the fly).
  if (body.length < 1024) continue
  const br = zlib.brotliCompressSync(body, { params: { [zlib.constants.BROTLI_PARAM_QUALITY]: 11, [zlib.constants.BROTLI_PARAM_SIZE_HINT]: body.length } })
  const gz = zlib.gzipSync(body, { level: 9 })
  fs.writeFileSync(`${file}.br`, br)
  fs.writeFileSync(`${file}.gz`, gz)
  files++
  raw += body.length
  brotli += br.length
}
console.log(`Precompressed ${files} assets: ${(raw / 1024).toFixed(0)} KB → ${(brotli / 1024).toFixed(0)} KB with Brotli.`)
