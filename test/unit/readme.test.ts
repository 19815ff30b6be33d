import { readFile } from 'node:fs/promises'
import { afterAll, expect, it } from 'vitest'
import { createFixture, type Fixture } from '../fixture.js'

let fixture: Fixture | undefined
afterAll(() => fixture?.close())

it('documents every registered command, by each of its names, in the README', async () => {
  fixture = await createFixture({ start: '2026-02-03T07:00:00+08:00' })
  const readme = await readFile('README.md', 'utf8')
  const missing = fixture.sim.bot.app.router.commands.flatMap((command) => command.names).filter((name) => !readme.includes(`\`/${name}\``))
  expect(missing).toEqual([])
})
