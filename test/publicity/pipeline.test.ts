import { describe, expect, it } from 'vitest'
import { STATUSES, type Status } from '../../src/publicity/article.js'
import { allowedMoves, moveTarget, type Move } from '../../src/publicity/pipeline.js'

const MOVES: Move[] = ['claim', 'submit', 'pass', 'return', 'publish', 'withdraw']

/** Row: a status; columns: claim, submit, pass, return, publish, withdraw; '' is refused. */
const THREE_LEVELS: Record<Status, string[]> = {
  选题: ['撰写中', '', '', '', '', '已撤稿'],
  撰写中: ['撰写中', '待初审', '', '', '', '已撤稿'],
  待初审: ['', '', '待复审', '撰写中', '', '已撤稿'],
  待复审: ['', '', '待终审', '撰写中', '', '已撤稿'],
  待终审: ['', '', '待发布', '撰写中', '', '已撤稿'],
  待发布: ['', '', '', '', '已发布', '已撤稿'],
  已发布: ['', '', '', '', '', '已撤稿'],
  已撤稿: ['', '', '', '', '', ''],
}

describe('the status-move table', () => {
  it.each(STATUSES)('allows from %s exactly the moves of the table (three levels)', (status) => {
    expect(MOVES.map((move) => moveTarget(status, move, 3) ?? '')).toEqual(THREE_LEVELS[status])
  })

  it.each([
    [1, '待初审', '待发布'],
    [2, '待初审', '待复审'],
    [2, '待复审', '待发布'],
    [3, '待复审', '待终审'],
  ] as const)('with %i level(s), passing %s leads to %s', (levels, from, to) => {
    expect(moveTarget(from, 'pass', levels)).toBe(to)
  })

  it('never moves into a skipped level, from any status', () => {
    const targets = STATUSES.flatMap((status) => MOVES.map((move) => moveTarget(status, move, 1)))
    expect(targets).not.toContain('待复审')
    expect(targets).not.toContain('待终审')
  })

  it('lists what can be done instead', () => {
    expect(allowedMoves('撰写中', 3)).toEqual(['claim', 'submit', 'withdraw'])
    expect(allowedMoves('已撤稿', 3)).toEqual([])
  })
})
