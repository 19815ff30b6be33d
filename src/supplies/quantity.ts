import nzh from 'nzh'

const DIGITS = /^(\d+(?:\.\d+)?)(\D*)$/
const CHINESE = /^([零〇一二两三四五六七八九十百千万]+)(\D*)$/

/** `500`, `500个`, `五百个`, `两百`: a positive amount and the unit written onto it, if any. */
export function parseQuantity(word: string): { quantity: number; unit?: string } | undefined {
  const digits = DIGITS.exec(word)
  const chinese = digits ? undefined : CHINESE.exec(word)
  const quantity = digits ? Number(digits[1]) : chinese ? Number(nzh.cn.decodeS((chinese[1] ?? '').replace(/两/g, '二'))) : NaN
  if (!(quantity > 0)) return undefined
  const unit = (digits ?? chinese)?.[2]?.trim()
  return unit ? { quantity, unit } : { quantity }
}
