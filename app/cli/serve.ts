/**
 * Production HTTP server: Express in front of the Remix build, with compression, long-lived
 * caching of fingerprinted assets and a few security headers. `PORT=0` picks a free port (tests).
 */
import path from 'node:path'
import { fileURLToPath, pathToFileURL } from 'node:url'
import { createRequestHandler } from '@remix-run/express'
import type { ServerBuild } from '@remix-run/node'
import compression from 'compression'
import express from 'express'

process.env.NODE_ENV ??= 'production'
const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..')
const build = (await import(pathToFileURL(path.join(root, 'build/server/index.js')).href)) as ServerBuild

const app = express()
app.disable('x-powered-by')
// Behind a reverse proxy (nginx, a load balancer) set TRUST_PROXY so login throttling sees client addresses.
app.set('trust proxy', process.env.TRUST_PROXY ?? 'loopback')
app.use(compression())
app.use((_req, res, next) => {
  res.setHeader('X-Content-Type-Options', 'nosniff')
  res.setHeader('Referrer-Policy', 'same-origin')
  res.setHeader('X-Frame-Options', 'DENY')
  res.setHeader('Permissions-Policy', 'camera=(), microphone=(), geolocation=()')
  next()
})
app.use('/assets', express.static(path.join(root, 'build/client/assets'), { immutable: true, maxAge: '1y' }))
app.use(express.static(path.join(root, 'build/client'), { maxAge: '1h' }))
app.all('*', createRequestHandler({ build, getLoadContext: (req) => ({ clientIp: req.ip ?? 'unknown' }) }))

const port = Number(process.env.PORT ?? 3000)
const server = app.listen(port, process.env.HOST ?? '0.0.0.0', () => {
  const address = server.address()
  const actualPort = typeof address === 'object' && address ? address.port : port
  // Load the database connection and the compiled courses now, not on the first visitor's request.
  fetch(`http://127.0.0.1:${actualPort}/healthz`)
    .then((response) => {
      if (!response.ok) console.error(`Warning: /healthz answered ${response.status}; see the error above.`)
    })
    .catch((error: unknown) => console.error('Warning: warm-up request failed', error))
  console.log(`Observer School is running at http://localhost:${actualPort}`)
})

for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.on(signal, () => server.close(() => process.exit(0)))
}
