/**
 * Chinese numerals as teachers write them (七, 十二, 二十三, 两, 三十六点八), read and written
 * through `nzh` so the project keeps one implementation.
 */
import nzh from 'nzh'

// nzh reads anything, returning 0 for text that is not a numeral ("两百" included), so the
// shape is checked first and 两 spelled the way nzh knows.
const CHINESE_NUMERAL = /^[零〇一二两三四五六七八九十百千]+(?:点[零〇一二三四五六七八九]+)?$/
const ARABIC_NUMBER = /^\d+(?:\.\d+)?$/

/** 七 → 7, 十二 → 12, 两 → 2, 三十六点八 → 36.8, "36" → 36; undefined for anything else. */
export function decodeChineseNumber(text: string): number | undefined {
  if (ARABIC_NUMBER.test(text)) return Number(text)
  if (!CHINESE_NUMERAL.test(text)) return undefined
  const value = Number(nzh.cn.decodeS(text.replaceAll('两', '二')))
  return Number.isFinite(value) ? value : undefined
}

/** 1 → 一, 12 → 十二, 23 → 二十三, 101 → 一百零一. */
export function encodeChineseNumber(n: number): string {
  return nzh.cn.encodeS(n)
}
