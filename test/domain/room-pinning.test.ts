import { describe, expect, it } from 'vitest'
import { chooseRoom, similarity, type RoomCandidate } from '../../src/domain/room-pinning.js'

const room = (handle: string, owner: string, members: string[]): RoomCandidate => ({ handle, topic: '行政群', owner, members })
const REAL = room('real', '张伟', ['张伟', '刘洋', '陈静', '孙丽'])
const COPY = room('copy', '王芳', ['王芳', '李娜'])

describe('which room is a configured group', () => {
  it('takes the only room with the topic, and none when there is none', () => {
    expect(chooseRoom([REAL], {})).toEqual({ kind: 'pinned', handle: 'real', how: 'only' })
    expect(chooseRoom([], {})).toEqual({ kind: 'missing' })
  })

  it('takes the room matching what it remembered when several carry the topic', () => {
    const remembered = { owner: '张伟', members: ['张伟', '刘洋', '陈静'] }
    expect(chooseRoom([COPY, REAL], { remembered })).toEqual({ kind: 'pinned', handle: 'real', how: 'fingerprint' })
  })

  it('does not take a lone room with another owner and hardly a member of the group it remembered', () => {
    const remembered = { owner: '张伟', members: ['张伟', '刘洋', '陈静', '孙丽'] }
    expect(chooseRoom([COPY], { remembered }).kind).toBe('ambiguous')
    expect(chooseRoom([room('moved', '刘洋', ['张伟', '刘洋', '陈静'])], { remembered })).toMatchObject({ kind: 'pinned', handle: 'moved' })
  })

  it('takes none when the match is not clear, or nothing was remembered', () => {
    const lookalike = room('lookalike', '张伟', ['张伟', '刘洋', '陈静', '孙丽'])
    expect(chooseRoom([REAL, lookalike], { remembered: { owner: '张伟', members: ['张伟', '刘洋', '陈静', '孙丽'] } }).kind).toBe('ambiguous')
    expect(chooseRoom([REAL, COPY], {}).kind).toBe('ambiguous')
  })

  it('lets the configured owner settle it, and refuses a single room the owner does not own', () => {
    expect(chooseRoom([COPY, REAL], { ownerNames: ['张伟', '张校长'] })).toEqual({ kind: 'pinned', handle: 'real', how: 'owner' })
    expect(chooseRoom([COPY], { ownerNames: ['张伟'] }).kind).toBe('ambiguous')
  })

  it('measures how alike two member lists are', () => {
    expect(similarity(['a', 'b'], ['a', 'b'])).toBe(1)
    expect(similarity(['a', 'b'], ['b', 'c'])).toBeCloseTo(1 / 3)
    expect(similarity([], [])).toBe(0)
  })
})
