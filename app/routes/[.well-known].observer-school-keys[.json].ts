import { publishedKeys } from '~/server/papers/keys.server.ts'

/**
 * The coalition's public keys for papers that verify themselves, retired ones too (papers they signed
 * still verify): the /v page and its service worker cache this, and anyone may check a paper with it.
 */
export async function loader() {
  const keys = await publishedKeys()
  const body = { keys: keys.map((key) => ({ kid: key.kid, alg: 'Ed25519', kty: 'OKP', crv: 'Ed25519', x: key.x, created: key.created, retired: key.retired })) }
  return new Response(JSON.stringify(body, null, 2), {
    headers: {
      'Content-Type': 'application/json; charset=utf-8',
      // A rotation shows within ten minutes; a cache may serve an older list for a day if the server is unreachable.
      'Cache-Control': 'public, max-age=600, stale-if-error=86400',
      'Access-Control-Allow-Origin': '*',
    },
  })
}
