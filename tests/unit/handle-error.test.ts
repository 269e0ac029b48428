/** What entry.server's handleError writes to the log. */
import { afterEach, describe, expect, it, vi } from 'vitest'
import { handleError } from '~/entry.server.tsx'
import { logger } from '~/server/platform/logger.server.ts'

const context = (url: string) => ({ request: new Request(url), params: {}, context: {} })

afterEach(() => {
  vi.restoreAllMocks()
})

describe('handleError', () => {
  it('logs a failure of a loader, an action or rendering as an error', () => {
    const error = vi.spyOn(logger, 'error').mockImplementation(() => undefined)
    handleError(new Error('the database went away'), context('http://localhost/account'))
    expect(error).toHaveBeenCalledTimes(1)
  })

  it('writes nothing for Remix’s notice about a `?_data=` request, which anyone can add to any address', () => {
    // Outside probe after session 39: each such request wrote a "Request failed" error line (the page answered 200).
    const error = vi.spyOn(logger, 'error').mockImplementation(() => undefined)
    handleError(new Error('Warning: Single fetch-enabled apps should not be making ?_data requests, this is likely to break in the future'), context('http://localhost/courses?_data=routes%2Fcourses'))
    expect(error).not.toHaveBeenCalled()
  })
})
