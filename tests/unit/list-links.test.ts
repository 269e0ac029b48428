import { describe, expect, it } from 'vitest'
import { isActivePath } from '../../app/components/list-links.ts'

describe('isActivePath (the header’s current-page mark, as NavLink had it)', () => {
  it('marks the page itself and the pages under it, not a sibling that shares a prefix', () => {
    expect(isActivePath('/courses', '/courses')).toBe(true)
    expect(isActivePath('/courses/observer-basics/03-rights', '/courses')).toBe(true)
    expect(isActivePath('/coursework', '/courses')).toBe(false)
    expect(isActivePath('/inbox', '/courses')).toBe(false)
    expect(isActivePath('/ngo/dala-watch/campaigns/x', '/ngo/dala-watch')).toBe(true)
    expect(isActivePath('/ngo/dala-watch-2', '/ngo/dala-watch')).toBe(false)
  })
  it('marks the home page only on itself', () => {
    expect(isActivePath('/', '/')).toBe(true)
    expect(isActivePath('/courses', '/')).toBe(false)
  })
})
