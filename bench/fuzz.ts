/**
 * npm run fuzz [-- --runs 100000]: the property tests of test/property with many more cases.
 * Prints how many ran and, for a broken property, the (shrunk) counterexample and the seed to
 * replay it. Exits non-zero when a property fails.
 */
import fc from 'fast-check'
import { parseArgs } from 'node:util'
import { commandProperties, parserProperties, realRouter } from './fuzz-properties.js'

const { values } = parseArgs({ options: { runs: { type: 'string', default: '100000' } } })
const total = Number(values.runs)
const print = (line: string) => void process.stdout.write(`${line}\n`)

const properties = [...parserProperties(), ...commandProperties(await realRouter())]
const totalWeight = properties.reduce((sum, item) => sum + item.weight, 0)
let ran = 0
let failures = 0
const started = performance.now()
for (const item of properties) {
  const runs = Math.round((total * item.weight) / totalWeight)
  const itemStarted = performance.now()
  const details = item.check(runs)
  ran += details.numRuns
  const seconds = ((performance.now() - itemStarted) / 1000).toFixed(1)
  if (details.failed) {
    failures += 1
    print(`✗ ${item.name}: failed after ${details.numRuns} runs (${seconds} s)`)
    print(`  counterexample: ${JSON.stringify(details.counterexample)}`)
    print(fc.defaultReportMessage(details)?.split('\n').map((line) => `  ${line}`).join('\n') ?? '')
  } else {
    print(`✓ ${item.name}: ${details.numRuns.toLocaleString('en-US')} runs (${seconds} s)`)
  }
}
print(`${ran.toLocaleString('en-US')} cases ran in ${((performance.now() - started) / 1000).toFixed(0)} s, ${failures} properties failed`)
process.exit(failures ? 1 : 0)
