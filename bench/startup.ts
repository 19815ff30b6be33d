/**
 * Child process of the benchmark, so that nothing measured before pollutes its memory: the
 * bot's start-up on an existing data directory — Store.open, the bot and app, login on the
 * mock puppet, every feature's start-up catch-up — then its resident memory.
 * Prints `{"startupMs": n, "rssMb": n, "importsRssMb": n}` (the last before anything starts: the floor).
 */
import { log as wechatyLog } from 'wechaty-puppet'
import { Simulator } from '../src/sim/simulator.js'
import { documentsOf } from '../src/app/app.js'
import { AREAS } from '../src/areas.js'
import { loadConfig } from '../src/config.js'
import { dateKeyOf } from '../src/domain/time.js'
import { createLogger } from '../src/log.js'
import { Store } from '../src/store/store.js'

const mebibytes = (): number => process.memoryUsage().rss / 2 ** 20
const importsRssMb = mebibytes()

const [configFile = '', dataDir = '', startAt = ''] = process.argv.slice(2)
wechatyLog.level('silent')
const config = await loadConfig(configFile, AREAS)

const started = performance.now()
const log = createLogger('error')
const store = await Store.open(dataDir, { documents: documentsOf(AREAS), log, today: dateKeyOf(new Date(startAt), config.timezone) })
await Simulator.start({ config, store, log, start: new Date(startAt), onSent: () => undefined })
const startupMs = performance.now() - started
const rssMb = mebibytes()

process.stdout.write(`${JSON.stringify({ startupMs, rssMb, importsRssMb })}\n`)
// Measured: no need for a routine shutdown.
process.exit(0)
