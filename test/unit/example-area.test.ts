import { readFile } from 'node:fs/promises'
import { expect, it } from 'vitest'
import { createApp } from '../../src/app/app.js'
import { AREAS } from '../../src/areas.js'
import { resolveConfig } from '../../src/config.js'
import type { Outgoing } from '../../src/domain/types.js'
import { createLogger } from '../../src/log.js'
import { SimulatedClock } from '../../src/schedule/clock.js'
import { Store } from '../../src/store/store.js'
import { SMALL_SCHOOL, tempDataDir } from '../fixture.js'
import { pingArea } from '../fixtures/ping-area.js'

it('the README’s minimal area is this file, word for word', async () => {
  const [readme, example] = await Promise.all([readFile('README.md', 'utf8'), readFile('test/fixtures/ping-area.ts', 'utf8')])
  expect(readme).toContain(example.trim())
})

it('the minimal area plugs in with one line: its config field, its command and its daily-summary line work', async () => {
  const areas = [...AREAS, pingArea]
  const config = await resolveConfig({ ...SMALL_SCHOOL, ping: { answer: '在的' } }, 'test/fixtures/config.json', areas)
  const sent: Outgoing[] = []
  const clock = new SimulatedClock(new Date('2026-02-03T08:00:00+08:00'))
  const app = await createApp({ areas, config, store: await Store.open(await tempDataDir()), clock, log: createLogger('error'), deliver: (messages) => sent.push(...messages) })
  await app.handle({ kind: 'text', room: '全体教职工群', sender: { contactName: '王芳' }, text: '/在吗', mentions: [], at: clock.now(), senderGroups: ['全体教职工群'] })
  expect(sent.map((message) => message.text)).toEqual(['在的'])
  expect(await app.context.summarySections('2026-02-03')).toContainEqual({ title: '在吗', lines: ['今天被问了 1 次'] })
  await expect(resolveConfig({ ...SMALL_SCHOOL, ping: { answr: 'x' } }, 'test/fixtures/config.json', areas)).rejects.toThrow(/ping/)
})
