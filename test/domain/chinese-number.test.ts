import { describe, expect, it } from 'vitest'
import { decodeChineseNumber, encodeChineseNumber } from '../../src/domain/chinese-number.js'

describe('decodeChineseNumber', () => {
  it.each<[string, number | undefined]>([
    ['七', 7],
    ['十', 10],
    ['十二', 12],
    ['二十', 20],
    ['二十三', 23],
    ['两', 2],
    ['零', 0],
    ['〇', 0],
    ['一百零一', 101],
    ['三十六点八', 36.8],
    ['三十七点二', 37.2],
    ['36', 36],
    ['36.5', 36.5],
    ['', undefined],
    ['三十六度', undefined],
    ['abc', undefined],
    ['点五', undefined],
  ])('%j → %j', (text, value) => {
    expect(decodeChineseNumber(text)).toBe(value)
  })
})

describe('encodeChineseNumber', () => {
  it('writes numbers the way Chinese lists number them', () => {
    expect([1, 9, 10, 11, 20, 23, 99, 101].map(encodeChineseNumber)).toEqual(['一', '九', '十', '十一', '二十', '二十三', '九十九', '一百零一'])
  })
})
