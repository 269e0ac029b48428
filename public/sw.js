/**
 * The service worker of /v (papers that verify themselves), registered by the /v page for the scope
 * /v only (app/components/papers/offline.ts). After one online visit it answers, offline:
 *   - /v (any language, ?lng=…): the page as the server rendered it for a visitor without an account;
 *   - the page's scripts, styles and translations (/assets/…, fingerprinted: never stale) and icon;
 *   - /.well-known/observer-school-keys.json: the public keys (network first, so a new key arrives).
 * Everything else passes through untouched, online or not. It never sees a paper: the part after
 * `#` is not part of any request.
 */
const CACHE = 'observer-school-papers-v1'
const KEYS = '/.well-known/observer-school-keys.json'
const LOCALE_KEY = '/v?service-worker-locale'

self.addEventListener('install', () => self.skipWaiting())
self.addEventListener('activate', (event) => {
  event.waitUntil(
    caches
      .keys()
      .then((names) => Promise.all(names.filter((name) => name.startsWith('observer-school-papers-') && name !== CACHE).map((name) => caches.delete(name))))
      .then(() => self.clients.claim()),
  )
})

async function keep(message) {
  const cache = await caches.open(CACHE)
  const sameOrigin = (path) => typeof path === 'string' && path.startsWith('/') && !path.startsWith('//')
  const assets = (message.assets || []).filter(sameOrigin)
  const pages = (message.pages || []).filter((path) => sameOrigin(path) && /^\/v(\?|$)/.test(path))
  let newAssets = false
  await Promise.all(
    assets.map(async (path) => {
      // Fingerprinted assets never change: fetch only what is missing (the keys: always).
      if (path !== KEYS && (await cache.match(path))) return
      if (path !== KEYS) newAssets = true
      const response = await fetch(path, { credentials: 'same-origin' }).catch(() => null)
      if (response && response.ok) await cache.put(path, response)
    }),
  )
  // Each language's page as an anonymous visitor sees it (no account's name in a cached page), fetched
  // again only after a new release (new assets): a slow connection at a polling station pays once.
  const missing = await Promise.all(pages.map(async (path) => !(await cache.match(path))))
  await Promise.all(
    pages.filter((_, index) => newAssets || missing[index]).map(async (path) => {
      const response = await fetch(path, { credentials: 'omit' }).catch(() => null)
      if (response && response.ok) await cache.put(path, response)
    }),
  )
}

async function rememberLocale(locale) {
  if (typeof locale !== 'string' || !/^[a-z]{2}$/.test(locale)) return
  const cache = await caches.open(CACHE)
  await cache.put(LOCALE_KEY, new Response(locale))
}

self.addEventListener('message', (event) => {
  if (event.data && event.data.type === 'keep-paper-check') event.waitUntil(keep(event.data))
  if (event.data && event.data.type === 'remember-locale') event.waitUntil(rememberLocale(event.data.locale))
})

async function page(request) {
  try {
    return await fetch(request)
  } catch (error) {
    const cache = await caches.open(CACHE)
    const url = new URL(request.url)
    const remembered = await cache.match(LOCALE_KEY)
    const locale = url.searchParams.get('lng') || (remembered ? await remembered.text() : 'ru')
    const cached = (await cache.match(`/v?lng=${locale}`)) || (await cache.match('/v?lng=ru'))
    if (cached) return cached
    throw error
  }
}

async function keys(request) {
  const cache = await caches.open(CACHE)
  try {
    const response = await fetch(request)
    if (response.ok) await cache.put(KEYS, response.clone())
    return response
  } catch (error) {
    const cached = await cache.match(KEYS)
    if (cached) return cached
    throw error
  }
}

/** What the page kept (fingerprinted scripts, styles, translations; the icon): from the cache, else the network. */
async function kept(request) {
  const cached = await caches.match(new URL(request.url).pathname, { cacheName: CACHE })
  return cached || fetch(request)
}

async function manifest(request) {
  try {
    return await fetch(request)
  } catch {
    // Offline: Remix's route discovery is told to load the next page whole (what it does after a deploy), not to fail.
    return new Response(null, { status: 204, headers: { 'X-Remix-Reload-Document': 'true' } })
  }
}

self.addEventListener('fetch', (event) => {
  const request = event.request
  if (request.method !== 'GET') return
  const url = new URL(request.url)
  if (url.origin !== self.location.origin) return
  if (url.pathname === '/v' && request.mode === 'navigate') event.respondWith(page(request))
  else if (url.pathname === KEYS) event.respondWith(keys(request))
  else if (url.pathname.startsWith('/assets/') || url.pathname === '/favicon.svg') event.respondWith(kept(request))
  else if (url.pathname === '/__manifest') event.respondWith(manifest(request))
})
