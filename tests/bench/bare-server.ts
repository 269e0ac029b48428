/**
 * The ceiling of `npm run bench`, in its own process: Node's own HTTP server answering every request
 * with the bytes of the file given as the first argument. Prints its address, then serves until ended.
 *   node --import tsx tests/bench/bare-server.ts page.html
 */
import fs from 'node:fs'
import { bareServer } from './harness.ts'

const file = process.argv[2]
if (!file) throw new Error('usage: bare-server.ts <file>')
const { url } = await bareServer(fs.readFileSync(file), 'text/html; charset=utf-8')
console.log(`listening at ${url}`)
