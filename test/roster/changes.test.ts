import { describe, expect, it } from 'vitest'
import { Roster } from '../../src/domain/identity.js'
import { applyChange, changeText, entryOf } from '../../src/roster/changes.js'

const wangFang = { name: '王芳', aliases: [], groups: ['全体教职工群'], class: '三年级2班' }
const liNa = { name: '李娜', aliases: ['李老师'], groups: ['全体教职工群'] }

describe('roster changes', () => {
  it('adds, edits, clears and removes entries by their name with its label', () => {
    const added = applyChange([wangFang], { kind: 'add', entry: { ...liNa, label: '数学' } })
    expect(added).toEqual([wangFang, { ...liNa, label: '数学' }])
    expect(applyChange(added as never, { kind: 'edit', person: '李娜(数学)', field: 'groups', value: ['行政群', '全体教职工群'] })).toEqual([
      wangFang,
      { ...liNa, label: '数学', groups: ['行政群', '全体教职工群'] },
    ])
    expect(applyChange([wangFang], { kind: 'edit', person: '王芳', field: 'class', value: null })).toEqual([{ name: '王芳', aliases: [], groups: ['全体教职工群'] }])
    expect(applyChange([wangFang, liNa], { kind: 'remove', person: '王芳' })).toEqual([liNa])
    expect(applyChange([wangFang], { kind: 'add', entry: wangFang })).toEqual({ problem: '名单上已经有王芳了' })
    expect(applyChange([wangFang], { kind: 'remove', person: '赵六' })).toEqual({ problem: '名单上没有赵六' })
  })

  it('turns a checked person back into the entry the roster file would have', () => {
    const person = { name: '王芳(数学)', label: '数学', aliases: ['芳芳'], groups: ['全体教职工群'], classKey: '3-2', classLabel: '三年级2班' }
    expect(entryOf(person)).toEqual({ name: '王芳', label: '数学', aliases: ['芳芳'], groups: ['全体教职工群'], class: '三年级2班' })
  })

  it('says what a change did', () => {
    expect(changeText({ kind: 'add', entry: { ...wangFang, label: '数学' } })).toBe('添加 王芳(数学)（三年级2班；全体教职工群）')
    expect(changeText({ kind: 'edit', person: '李娜', field: 'aliases', value: ['李老师', '娜娜'] })).toBe('把 李娜 的别名改为 李老师、娜娜')
    expect(changeText({ kind: 'remove', person: '李娜' })).toBe('删除 李娜')
  })
})

describe('Roster', () => {
  it('finds a labelled person by the bare name only while the name is theirs alone, and takes new people at once', () => {
    const math = { name: '王芳(数学)', label: '数学', aliases: [], groups: [] }
    const chinese = { name: '王芳(语文)', label: '语文', aliases: [], groups: [] }
    const roster = new Roster([math])
    expect(roster.find('王芳')).toBe(math)
    expect(roster.get('王芳（数学）')).toBe(math)
    roster.replacePeople([math, chinese])
    expect(roster.find('王芳')).toBeUndefined()
    expect(roster.sameNamed('王芳')).toEqual([math, chinese])
    expect(roster.people).toHaveLength(2)
  })
})
