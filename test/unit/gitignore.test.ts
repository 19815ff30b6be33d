import { execFileSync } from 'node:child_process'
import { describe, expect, it } from 'vitest'

/** The paths of `paths` that git would ignore. */
function ignored(paths: string[]): string[] {
  try {
    return execFileSync('git', ['-c', 'core.quotePath=false', 'check-ignore', '--no-index', ...paths], { encoding: 'utf8' }).split('\n').filter(Boolean)
  } catch (error) {
    // Exit status 1: none of them is ignored.
    if ((error as { status?: number }).status === 1) return []
    throw error
  }
}

describe('.gitignore', () => {
  it('keeps everything a school puts in data/ out of git, except the example config', () => {
    const personal = ['data/config.json', 'data/roster.xlsx', 'data/名单.csv', 'data/health/2026-02-03.json', 'data/exports/健康日报.xlsx', 'data/staff-bot.memory-card.json']
    expect(ignored([...personal, 'data/config.example.json'])).toEqual(personal)
  })
})
