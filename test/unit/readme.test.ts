import { readFile } from 'node:fs/promises'
import { expect, it } from 'vitest'
import { createApp } from '../../src/app/app.js'
import { AREAS } from '../../src/areas.js'
import { createLogger } from '../../src/log.js'
import { SimulatedClock } from '../../src/schedule/clock.js'
import { Store } from '../../src/store/store.js'
import { loadTestConfig, tempDataDir } from '../fixture.js'

it('documents every registered command, by each of its names, in the README', async () => {
  const clock = new SimulatedClock(new Date('2026-02-03T07:00:00+08:00'))
  const app = await createApp({ areas: AREAS, config: await loadTestConfig(), store: await Store.open(await tempDataDir()), clock, log: createLogger('error'), deliver: () => undefined })
  const readme = await readFile('README.md', 'utf8')
  const missing = app.router.commands.flatMap((command) => command.names).filter((name) => !readme.includes(`\`/${name}\``))
  expect(missing).toEqual([])
})
