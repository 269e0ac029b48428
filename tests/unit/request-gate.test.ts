import { describe, expect, it } from 'vitest'
import { requestGate } from '../../app/server/platform/request-gate.server.ts'

/** A piece of work that ends when told to, recording when it started. */
function held(log: string[], name: string) {
  let finish!: () => void
  const done = new Promise<void>((resolve) => (finish = resolve))
  return {
    work: async () => {
      log.push(`start ${name}`)
      await done
      log.push(`end ${name}`)
      return name
    },
    finish,
  }
}

const tick = () => new Promise((resolve) => setImmediate(resolve))

describe('the request gate', () => {
  it('runs at most its limit at once and the others first come, first served', async () => {
    const gate = requestGate(2)
    const log: string[] = []
    const jobs = ['a', 'b', 'c', 'd'].map((name) => held(log, name))
    const results = jobs.map((job) => gate.run(job.work))
    await tick()
    expect(log).toEqual(['start a', 'start b'])
    expect([gate.running, gate.waiting]).toEqual([2, 2])
    jobs[1]?.finish()
    await tick()
    expect(log).toEqual(['start a', 'start b', 'end b', 'start c'])
    jobs[0]?.finish()
    await tick()
    expect(log.slice(-2)).toEqual(['end a', 'start d'])
    jobs[2]?.finish()
    jobs[3]?.finish()
    expect(await Promise.all(results)).toEqual(['a', 'b', 'c', 'd'])
    expect([gate.running, gate.waiting]).toEqual([0, 0])
  })

  it('frees the place of work that fails, and passes the failure on', async () => {
    const gate = requestGate(1)
    const failing = gate.run(async () => {
      throw new Error('the loader failed')
    })
    const next = gate.run(async () => 'next ran')
    await expect(failing).rejects.toThrow('the loader failed')
    expect(await next).toBe('next ran')
    expect([gate.running, gate.waiting]).toEqual([0, 0])
  })

  it('a request that leaves its turn (to wait outside the worker) lets the next one start, and frees nothing more when it ends', async () => {
    const gate = requestGate(1)
    const log: string[] = []
    let leave!: () => void
    let outside!: () => void
    const waiting = gate.run(async (leaveTurn) => {
      log.push('start waiting')
      leave = leaveTurn
      await new Promise<void>((resolve) => (outside = resolve))
      log.push('end waiting')
    })
    const second = held(log, 'second')
    const third = held(log, 'third')
    const results = [gate.run(second.work), gate.run(third.work)]
    await tick()
    expect(log).toEqual(['start waiting'])
    leave()
    leave()
    await tick()
    // Its place went to the next in line, once: the third still waits.
    expect(log).toEqual(['start waiting', 'start second'])
    expect([gate.running, gate.waiting]).toEqual([1, 1])
    outside()
    await waiting
    await tick()
    expect(log).not.toContain('start third')
    second.finish()
    await tick()
    expect(log.slice(-2)).toEqual(['end second', 'start third'])
    third.finish()
    await Promise.all(results)
    expect([gate.running, gate.waiting]).toEqual([0, 0])
  })
})
