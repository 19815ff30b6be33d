import fc from 'fast-check'
import { beforeAll, describe, expect, it } from 'vitest'
import type { Router } from '../../src/app/router.js'
import { commandProperties, realRouter } from '../../bench/fuzz-properties.js'

// `npm run fuzz` runs the same properties many more times.
const RUNS = 2_000

describe('command parsing, on any input', () => {
  let router: Router
  beforeAll(async () => {
    router = await realRouter()
  })

  it('builds the router from every registered feature', () => {
    expect(router.commands.map((command) => command.names[0])).toEqual(expect.arrayContaining(['help', 'missing', 'detail']))
  })

  it('never throws, in any command’s argument schema or in looking the command up', () => {
    for (const property of commandProperties(router)) {
      const details = property.check(RUNS)
      expect(details.failed, `${property.name}\n${fc.defaultReportMessage(details)}`).toBe(false)
      expect(details.numRuns).toBe(RUNS)
    }
  })
})
