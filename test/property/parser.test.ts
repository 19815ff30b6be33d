import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { parserProperties, violations } from '../../bench/fuzz-properties.js'
import type { PersonRecord } from '../../src/domain/health-parse/index.js'

// `npm run fuzz` runs the same properties 100,000 times; here a few thousand.
const RUNS = [3_000, 3_000, 200]

describe('the report parser, on any input', () => {
  it.each(parserProperties().map((property, index) => [property.name, property, RUNS[index] ?? 0] as const))(
    'never throws, never reads a temperature outside 35–42 nor a name not in the text: %s',
    (_, property, runs) => {
      const details = property.check(runs)
      expect(details.failed, fc.defaultReportMessage(details)).toBe(false)
      expect(details.numRuns).toBe(runs)
    },
  )

  it('holds results to those rules', () => {
    const invented: PersonRecord = { kind: 'person', name: '李娜', temperature: 99, symptoms: [], flags: [] }
    expect(violations('体温99 张伟', { kind: 'reports', chain: false, records: [invented] })).toEqual([
      'temperature 99 outside 34–43',
      'name “李娜” is not in the text',
    ])
    // Traditional characters are compared after normalisation, as the parser reads them.
    expect(violations('張偉 36.5', { kind: 'reports', chain: false, records: [{ ...invented, name: '张伟', temperature: 36.5 }] })).toEqual([])
    expect(violations('体温', { kind: 'attempt', reason: '', example: '' })).toHaveLength(1)
  })
})
