import { mkdtemp } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { Simulator } from '../src/bot/simulator.js'
import { resolveConfig } from '../src/config.js'
import { createLogger } from '../src/log.js'
import { Store } from '../src/store/store.js'
import { reportText, schoolConfig, staffGroup } from './school.js'

const N = Number(process.argv[2] ?? 5000)
const { config: raw, names } = schoolConfig({ staff: N })
const config = await resolveConfig(raw, 'bench-config.json')
const dir = await mkdtemp(path.join(tmpdir(), 'bench-'))
const store = await Store.open(dir)
const lat: number[] = []
let t = performance.now()
const sim = await Simulator.start({ config, store, log: createLogger('error'), start: new Date('2026-02-03T07:30:00+08:00'), onSent: () => undefined, onMessageHandled: (ms) => lat.push(ms) })
console.log('start', performance.now() - t)
t = performance.now()
const base = sim.bot.received
for (let i = 0; i < N; i++) {
  sim.send(names[i]!, reportText(i, names[i]!), staffGroup(i))
  while (sim.bot.received < base + i + 1) await new Promise((r) => setImmediate(r))
}
await sim.settle()
const el = performance.now() - t
lat.sort((a, b) => a - b)
const q = (p: number) => lat[Math.min(lat.length - 1, Math.floor(p * lat.length))]!
console.log({ el, perS: N / el * 1000, p50: q(0.5), p90: q(0.9), p99: q(0.99), max: lat.at(-1), n: lat.length })
console.log('stored', (await store.healthDay('2026-02-03')).data.reports.length)
await sim.finish()
