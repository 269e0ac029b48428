/**
 * The reference for `npm run bench`: a minimal Remix v2 app written into a temporary folder, built
 * there with `remix vite:build` on this project's own node_modules (a symlink, so the same versions
 * of Remix, React and Vite), and served by one process the way `remix-serve` does (Express,
 * compression, the static assets, `@remix-run/express`; no request log). Default entry.server and
 * entry.client, every v3 future flag this project turns on, no database. Its only page, `/?bytes=n`,
 * renders n bytes of text from its loader, so it can be made the size of the lesson page (the text is
 * in the HTML once and in the hydration data once, as a lesson's is).
 */
import { execFileSync, spawn } from 'node:child_process'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'

const root = process.cwd()
const projectPackage = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8')) as { dependencies: Record<string, string>; devDependencies: Record<string, string> }
const pick = (from: Record<string, string>, names: string[]) => Object.fromEntries(names.map((name) => [name, from[name] ?? '*']))

const files: Record<string, string> = {
  'package.json': JSON.stringify(
    {
      name: 'bench-hello-remix',
      private: true,
      type: 'module',
      sideEffects: false,
      // The default entry.server is chosen from these (node runtime, isbot).
      // (isbot is a dev dependency of this project: only this reference app's default entry uses it.)
      dependencies: pick({ ...projectPackage.dependencies, ...projectPackage.devDependencies }, ['@remix-run/express', '@remix-run/node', '@remix-run/react', 'compression', 'express', 'isbot', 'react', 'react-dom']),
      devDependencies: pick(projectPackage.devDependencies, ['@remix-run/dev', '@remix-run/fs-routes', '@remix-run/route-config', 'vite']),
    },
    null,
    2,
  ),
  'vite.config.js': `import { vitePlugin as remix } from '@remix-run/dev'
import { defineConfig } from 'vite'

export default defineConfig({
  // Not the shared node_modules/.vite: that folder belongs to the project.
  cacheDir: '.vite',
  build: { target: 'es2022' },
  plugins: [
    remix({
      future: {
        v3_fetcherPersist: true,
        v3_relativeSplatPath: true,
        v3_throwAbortReason: true,
        v3_lazyRouteDiscovery: true,
        v3_singleFetch: true,
        v3_routeConfig: true,
      },
    }),
  ],
})
`,
  'app/routes.ts': `import { flatRoutes } from '@remix-run/fs-routes'

export default flatRoutes()
`,
  'app/root.tsx': `import { Links, Meta, Outlet, Scripts, ScrollRestoration } from '@remix-run/react'

export function Layout({ children }: { children: React.ReactNode }) {
  return (
    <html lang="en">
      <head>
        <meta charSet="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <Meta />
        <Links />
      </head>
      <body>
        {children}
        <ScrollRestoration />
        <Scripts />
      </body>
    </html>
  )
}

export default function App() {
  return <Outlet />
}
`,
  'app/routes/_index.tsx': `import type { LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { useLoaderData } from '@remix-run/react'

export const meta: MetaFunction = () => [{ title: 'Hello world' }]

const SENTENCE = 'An observer may stay in the room during voting and counting and watch from a place with a clear view. '
const texts = new Map<number, string[]>()

/** n bytes of text in paragraphs of about 600 bytes, made once per size. */
function paragraphs(bytes: number): string[] {
  let text = texts.get(bytes)
  if (!text) {
    const all = SENTENCE.repeat(Math.ceil(bytes / SENTENCE.length)).slice(0, bytes)
    text = []
    for (let i = 0; i < all.length; i += 600) text.push(all.slice(i, i + 600))
    texts.set(bytes, text)
  }
  return text
}

export function loader({ request }: LoaderFunctionArgs) {
  const bytes = Math.min(Number(new URL(request.url).searchParams.get('bytes') ?? 0) || 0, 1_000_000)
  return { title: 'Hello world', paragraphs: paragraphs(bytes) }
}

export default function Index() {
  const { title, paragraphs } = useLoaderData<typeof loader>()
  return (
    <main>
      <h1>{title}</h1>
      {paragraphs.map((text, i) => (
        <p key={i}>{text}</p>
      ))}
    </main>
  )
}
`,
  'server.js': `import compression from 'compression'
import express from 'express'
import { createRequestHandler } from '@remix-run/express'

const build = await import('./build/server/index.js')
const app = express()
app.disable('x-powered-by')
app.use(compression())
app.use('/assets', express.static('build/client/assets', { immutable: true, maxAge: '1y' }))
app.use(express.static('build/client', { maxAge: '1h' }))
app.all('*', createRequestHandler({ build, mode: 'production' }))
const server = app.listen(0, '127.0.0.1', () => console.log(\`listening at http://127.0.0.1:\${server.address().port}/\`))
process.on('SIGTERM', () => server.close(() => process.exit(0)))
`,
}

/** Writes and builds the app in a new temporary folder; returns the folder. */
export function buildHelloApp(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'observer-bench-hello-'))
  for (const [name, text] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(dir, name)), { recursive: true })
    fs.writeFileSync(path.join(dir, name), text)
  }
  fs.symlinkSync(fs.realpathSync(path.join(root, 'node_modules')), path.join(dir, 'node_modules'), 'dir')
  execFileSync(process.execPath, [path.join(dir, 'node_modules/@remix-run/dev/dist/cli.js'), 'vite:build'], { cwd: dir, stdio: ['ignore', 'ignore', 'inherit'], env: { ...process.env, NODE_ENV: 'production' } })
  return dir
}

export interface Served {
  url: string
  pid: number
  stop: () => Promise<void>
}

/** Starts a node process and waits for it to print `listening at <url>`. */
export function startProcess(args: string[], options: { cwd?: string; env?: Record<string, string> } = {}): Promise<Served> {
  const child = spawn(process.execPath, args, { cwd: options.cwd, env: { ...process.env, NODE_ENV: 'production', ...options.env }, stdio: ['ignore', 'pipe', 'pipe'] })
  let output = ''
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGTERM')
      reject(new Error(`${args.join(' ')} did not start:\n${output}`))
    }, 45_000)
    const onData = (chunk: Buffer) => {
      output += chunk.toString()
      const match = /listening at (http:\/\/\S+?)\/?\s/.exec(output)
      if (!match?.[1]) return
      clearTimeout(timer)
      child.stdout?.off('data', onData)
      resolve({
        url: match[1],
        pid: child.pid ?? 0,
        stop: () =>
          new Promise((done) => {
            if (child.exitCode !== null) return done()
            child.once('exit', () => done())
            child.kill('SIGTERM')
          }),
      })
    }
    child.stdout?.on('data', onData)
    child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()))
    child.on('exit', (code) => {
      clearTimeout(timer)
      reject(new Error(`${args.join(' ')} exited with ${code}:\n${output}`))
    })
  })
}

export function startHelloApp(dir: string, nodeArgs: string[] = []): Promise<Served> {
  return startProcess([...nodeArgs, 'server.js'], { cwd: dir })
}
