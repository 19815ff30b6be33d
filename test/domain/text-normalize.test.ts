import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { normalizeText, stripInvisible } from '../../src/domain/text-normalize.js'

/** Every zero-width and bidi control character issue 9 names. */
const ZERO_WIDTH_AND_BIDI = [
  ...'\u200b\u200c\u200d\u200e\u200f',
  ...'\u202a\u202b\u202c\u202d\u202e',
  ...'\u2066\u2067\u2068\u2069',
  '\ufeff',
]

describe('stripInvisible', () => {
  it.each(ZERO_WIDTH_AND_BIDI.map((ch) => [ch.codePointAt(0)?.toString(16)]))('removes U+%s', (hex) => {
    const ch = String.fromCodePoint(parseInt(hex ?? '', 16))
    expect(stripInvisible(`王${ch}芳`)).toBe('王芳')
  })

  it('turns a right-to-left disguised name back into the name', () => {
    expect(stripInvisible('\u202e芳王\u202c')).toBe('芳王')
    expect(stripInvisible('\u2067李娜\u2069 /我是 \u200b张伟')).toBe('李娜 /我是 张伟')
  })

  it('keeps line breaks, tabs, emoji and ordinary text', () => {
    expect(stripInvisible('体温\t36.5\n正常😷👍')).toBe('体温\t36.5\n正常😷👍')
  })

  it('leaves nothing invisible behind, whatever is mixed in', () => {
    const mixed = fc.array(fc.oneof(fc.constantFrom(...ZERO_WIDTH_AND_BIDI), fc.string({ unit: 'grapheme', maxLength: 3 })), { maxLength: 20 })
    fc.assert(
      fc.property(mixed, (parts) => {
        const stripped = stripInvisible(parts.join(''))
        expect(ZERO_WIDTH_AND_BIDI.some((ch) => stripped.includes(ch))).toBe(false)
        expect(stripInvisible(stripped)).toBe(stripped)
      }),
    )
  })
})

describe('normalizeText', () => {
  it.each([
    // full-width digits, letters and punctuation
    ['３６．５', '36.5'],
    ['体温：３６．５，正常', '体温:36.5,正常'],
    ['一（3）班', '一(3)班'],
    ['ＡＢＣ　ａｂｃ', 'ABC abc'],
    ['１．张伟', '1.张伟'],
    ['36～37', '36~37'],
    ['体温∶36.5', '体温:36.5'],
    // decimal points typed with a Chinese IME
    ['36。5', '36.5'],
    ['3·2班', '3.2班'],
    ['36点5', '36.5'],
    ['7点30开会', '7点30开会'],
    // traditional → simplified
    ['體溫36.5 無症狀', '体温36.5 无症状'],
    ['發燒 咳嗽 喉嚨痛', '发烧 咳嗽 喉咙痛'],
    ['三年級二班 應報45 實報45 隔離0', '三年级二班 应报45 实报45 隔离0'],
    ['在武漢', '在武汉'],
    // units
    ['36.5度', '36.5℃'],
    ['36.5 ℃', '36.5℃'],
    ['36.5°C', '36.5℃'],
    ['36.5° c', '36.5℃'],
    ['36.5°', '36.5℃'],
    ['36.5C', '36.5℃'],
    ['36.5摄氏度', '36.5℃'],
    ['摄氏36.5度', '36.5℃'],
    ['３６．５度', '36.5℃'],
    ['3C班', '3C班'],
    // whitespace, blank lines, invisible and control characters
    ['  体温   36.5\t正常  ', '体温 36.5 正常'],
    ['健康上报\r\n\r\n  姓名：王芳  \n\n体温：36.4', '健康上报\n姓名:王芳\n体温:36.4'],
    ['体\u200b温\ufeff36.5', '体温36.5'],
    ['\u202e体温\u202c 36.5\u2066', '体温 36.5'],
    ['36\u00005', '365'],
    ['a\u2028b', 'a\nb'],
    ['', ''],
    ['   \n \n', ''],
  ])('%j → %j', (input, expected) => {
    expect(normalizeText(input)).toBe(expected)
  })

  it('leaves simplified text, emoji and lone surrogates alone', () => {
    for (const text of ['收到👍', '😷', 'x\ud800y', '张伟 乾隆 著名']) {
      expect(normalizeText(text)).toBe(text)
    }
  })

  it('normalises a 10 kB line throughout', () => {
    const normalized = normalizeText('體溫36.5度，'.repeat(1500))
    expect(normalized.startsWith('体温36.5℃,体温36.5℃,')).toBe(true)
    expect(normalized.endsWith('体温36.5℃,')).toBe(true)
  })
})
