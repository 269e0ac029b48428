/** V8's background threads per app process: one per core between the workers, unless the operator chose (app/cli/v8-pool.ts). */
import { describe, expect, it } from 'vitest'
import { v8PoolArgs, v8PoolSize } from '~/cli/v8-pool.ts'

describe('v8PoolSize', () => {
  it('shares the cores between the workers, at least one thread each', () => {
    expect(v8PoolSize(2, 2)).toBe(1)
    expect(v8PoolSize(2, 1)).toBe(2)
    expect(v8PoolSize(8, 3)).toBe(2)
    expect(v8PoolSize(1, 4)).toBe(1)
    expect(v8PoolSize(4, 0)).toBe(4)
  })
})

describe('v8PoolArgs', () => {
  it('gives a worker the option when nobody set it', () => {
    expect(v8PoolArgs([], undefined, 2, 2)).toEqual(['--v8-pool-size=1'])
    expect(v8PoolArgs(['--enable-source-maps'], '--max-http-header-size=16384', 4, 1)).toEqual(['--v8-pool-size=4'])
  })

  it("leaves the operator's own choice, in the arguments or in NODE_OPTIONS", () => {
    expect(v8PoolArgs(['--v8-pool-size=3'], undefined, 2, 2)).toEqual([])
    expect(v8PoolArgs(['--v8-pool-size', '3'], undefined, 2, 2)).toEqual([])
    expect(v8PoolArgs([], '--enable-source-maps --v8-pool-size=6', 2, 2)).toEqual([])
  })
})
