import fs from 'node:fs'
import { CHROMIUM_PATH } from './chromium.ts'

if (!fs.existsSync(CHROMIUM_PATH)) {
  console.error(`Chromium is not installed at ${CHROMIUM_PATH}; the browser tests need it.
Install it with:   sudo apt-get install -y chromium
(or set CHROMIUM_PATH to another Chromium or Chrome binary).`)
  process.exit(1)
}
