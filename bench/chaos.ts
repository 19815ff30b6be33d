/**
 * npm run chaos [-- --staff 2000 --kills 10 --seed N]: kills the simulator with SIGKILL at
 * random moments of a burst of reports and checks that nothing acknowledged is lost or stored
 * twice, every data file validates and no scheduled message is sent twice. Exits non-zero on
 * any failure; the seed printed first replays the same kills.
 */
import { rm } from 'node:fs/promises'
import { parseArgs } from 'node:util'
import { chaosReport, runChaos } from './chaos-harness.js'

const { values } = parseArgs({
  options: {
    staff: { type: 'string', default: '2000' },
    kills: { type: 'string', default: '10' },
    seed: { type: 'string' },
  },
})
const seed = values.seed === undefined ? Math.floor(Math.random() * 2 ** 31) : Number(values.seed)
const print = (line: string) => void process.stdout.write(`${line}\n`)
print(`chaos: ${values.staff} reports, ${values.kills} kills, seed ${seed}`)
const started = performance.now()
const result = await runChaos({ staff: Number(values.staff), kills: Number(values.kills), seed, log: print })
const { ok, lines } = chaosReport(result)
for (const line of lines) print(line)
const seconds = ((performance.now() - started) / 1000).toFixed(0)
if (ok) {
  await rm(result.workDir, { recursive: true, force: true })
  print(`OK in ${seconds} s`)
} else {
  print(`FAILED in ${seconds} s; the data directory is kept for a look: ${result.dataDir}`)
}
process.exit(ok ? 0 : 1)
