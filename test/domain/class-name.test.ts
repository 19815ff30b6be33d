import { describe, expect, it } from 'vitest'
import { findClassName, normalizeClassName } from '../../src/domain/class-name.js'
import { normalizeText } from '../../src/domain/text-normalize.js'

describe('normalizeClassName', () => {
  it.each([
    '三年级2班',
    '三年级二班',
    '3年级2班',
    '三（2）班',
    '三(2)班',
    '3(2)班',
    '三年级(2)班',
    '三年级（二）班',
    '3.2班',
    '3．2班',
    '３．２班',
    '3-2班',
    '3·2班',
    '三2班',
    '三年2班',
    '302班',
    ' 三年级 2 班 ',
    '三年級2班',
  ])('%s is 三年级2班', (raw) => {
    expect(normalizeClassName(raw)).toEqual({ key: '3-2', label: '三年级2班' })
  })

  it.each([
    ['一(3)班', '1-3', '一年级3班'],
    ['一年级三班', '1-3', '一年级3班'],
    ['六年级20班', '6-20', '六年级20班'],
    ['六年级二十班', '6-20', '六年级20班'],
    ['五年级十二班', '5-12', '五年级12班'],
    ['4年级10班', '4-10', '四年级10班'],
    ['2(十)班', '2-10', '二年级10班'],
    ['112班', '1-12', '一年级12班'],
  ])('%s → %s %s', (raw, key, label) => {
    expect(normalizeClassName(raw)).toEqual({ key, label })
  })

  it.each([
    '七年级2班', // no grade 7 in a primary school
    '0年级1班',
    '三年级0班',
    '三年级21班',
    '三年级二十一班',
    '32班', // ambiguous: class 32 or grade 3 class 2
    '三年级',
    '2班',
    '班',
    '',
    '三年级2班家长会',
    '初二3班',
    'class 3-2',
  ])('%j is not a class name', (raw) => {
    expect(normalizeClassName(raw)).toBeUndefined()
  })
})

describe('findClassName', () => {
  it('finds the class name inside a line and says where it is', () => {
    const text = normalizeText('2月3日 一（3）班：应到46人')
    const found = findClassName(text)
    expect(found).toMatchObject({ key: '1-3', label: '一年级3班' })
    expect(text.slice(found?.start, found?.end)).toBe('一(3)班')
  })

  it('skips a 班 that is not a class name and finds a later one', () => {
    expect(findClassName('值班老师 三年级二班')).toMatchObject({ key: '3-2' })
  })

  it.each(['今天开会', '值班安排', '12.3班', '2020年3班'])('%s has no class name', (text) => {
    expect(findClassName(text)).toBeUndefined()
  })
})
