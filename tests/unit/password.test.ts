/** Password hashing: argon2id at OWASP's minimum, and no more than two hashes of a worker at once. */
import { describe, expect, it } from 'vitest'
import { UNUSABLE_PASSWORD_HASH } from '~/domain/anonymise.ts'
import { hashPassword, NO_PASSWORD, passwordChosen, passwordHashing, PASSWORD_HASHES_AT_ONCE, passwordUsable, verifyPassword } from '~/server/accounts/password.server.ts'

describe('password hashes', () => {
  it('are argon2id with 19 MiB and two passes, and verify only the right password', async () => {
    const stored = await hashPassword('correct horse battery staple')
    expect(stored).toMatch(/^\$argon2id\$v=19\$m=19456,t=2,p=1\$/)
    expect(await verifyPassword(stored, 'correct horse battery staple')).toBe(true)
    expect(await verifyPassword(stored, 'correct horse battery stapler')).toBe(false)
    expect(await verifyPassword('not a hash', 'anything')).toBe(false)
  })

  it('run two at a time when a crowd logs in at once, the rest in turn, each answered rightly', async () => {
    const stored = await hashPassword('observer-demo-2026')
    let most = 0
    let queued = 0
    const watch = setInterval(() => {
      most = Math.max(most, passwordHashing().running)
      queued = Math.max(queued, passwordHashing().waiting)
    }, 1)
    const attempts = Array.from({ length: 8 }, (_, i) => verifyPassword(stored, i % 2 === 0 ? 'observer-demo-2026' : `wrong-${i}`))
    const answers = await Promise.all(attempts)
    clearInterval(watch)
    expect(answers).toEqual([true, false, true, false, true, false, true, false])
    expect(most).toBe(PASSWORD_HASHES_AT_ONCE)
    expect(queued).toBeGreaterThan(0)
    expect(passwordHashing()).toEqual({ running: 0, waiting: 0 })
  })

  it('tell an account nobody chose a password for from one login can check', async () => {
    const stored = await hashPassword('observer-demo-2026')
    // [hash, someone chose a password, login verifies against it]
    const cases: [string, boolean, boolean][] = [
      [NO_PASSWORD, false, false],
      [UNUSABLE_PASSWORD_HASH, true, false],
      [stored, true, true],
    ]
    for (const [hash, chosen, usable] of cases) {
      expect(passwordChosen(hash), hash).toBe(chosen)
      expect(passwordUsable(hash), hash).toBe(usable)
    }
    expect(await verifyPassword(NO_PASSWORD, '')).toBe(false)
  })
})
