import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { chunk, excerpt, mentionPrefixLength, splitText } from '../../src/domain/text-split.js'

const segmenter = new Intl.Segmenter('zh', { granularity: 'grapheme' })

/** Offsets in `text` where a grapheme cluster ends. */
const clusterBoundaries = (text: string): Set<number> => {
  const ends = new Set<number>([0])
  for (const { index, segment } of segmenter.segment(text)) ends.add(index + segment.length)
  return ends
}

const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/

const FAMILY = '👨‍👩‍👧‍👦'
const FLAG = '🇨🇳'

describe('splitText', () => {
  it('keeps a short text whole', () => {
    expect(splitText('今天未报：王芳', 20)).toEqual(['今天未报：王芳'])
    expect(splitText('', 20)).toEqual([''])
  })

  it('splits on line boundaries', () => {
    expect(splitText('第一行内容\n第二行内容\n第三行比较长的内容会超过限制\n最后一行', 20)).toEqual([
      '第一行内容\n第二行内容',
      '第三行比较长的内容会超过限制\n最后一行',
    ])
  })

  it('counts the mention prefix against the first message only', () => {
    const text = '一二三四五\n六七八九十\n甲乙丙丁戊'
    expect(splitText(text, 17)).toEqual([text])
    expect(splitText(text, 17, 6)).toEqual(['一二三四五\n六七八九十', '甲乙丙丁戊'])
    expect(splitText(text, 17, 12)).toEqual(['一二三四五', '六七八九十\n甲乙丙丁戊'])
  })

  it('sends only the mentions first when they fill the message', () => {
    expect(splitText('一二三', 10, 10)).toEqual(['', '一二三'])
    expect(splitText('', 10, 12)).toEqual([''])
  })

  it('never cuts an emoji sequence, a flag or a surrogate pair', () => {
    const line = `${FAMILY}${FLAG}😷${FAMILY}`
    const chunks = splitText(line, 12)
    expect(chunks).toEqual([FAMILY, `${FLAG}😷`, FAMILY])
    expect(splitText('a😷😷😷', 4)).toEqual(['a😷', '😷😷'])
  })

  it('cuts a cluster longer than the limit between code points, never inside one', () => {
    const zalgo = `z${'\u0301'.repeat(30)}`
    const chunks = splitText(zalgo, 8)
    expect(chunks.join('')).toBe(zalgo)
    expect(chunks.every((piece) => piece.length <= 8)).toBe(true)
    expect(splitText('😷😷', 2)).toEqual(['😷', '😷'])
  })

  it('keeps clusters whole across the segmenting windows of a long line', () => {
    const line = `${'一'.repeat(509)}${FAMILY}${'😷'.repeat(600)}`
    const chunks = splitText(line, 100)
    expect(chunks.join('')).toBe(line)
    expect(chunks.some((piece) => piece.includes(FAMILY))).toBe(true)
    expect(chunks.some((piece) => LONE_SURROGATE.test(piece))).toBe(false)
  })

  it('refuses a limit that cannot hold a surrogate pair', () => {
    expect(() => splitText('😷', 1)).toThrow(RangeError)
  })

  it('never exceeds the limit with the prefix, and loses only line breaks', () => {
    fc.assert(
      fc.property(
        fc.array(fc.string({ unit: 'grapheme', maxLength: 40 }), { minLength: 1, maxLength: 6 }),
        fc.integer({ min: 2, max: 40 }),
        fc.integer({ min: 0, max: 50 }),
        (lines, maxChars, prefixLength) => {
          const text = lines.join('\n')
          const chunks = splitText(text, maxChars, prefixLength)
          chunks.forEach((piece, index) => {
            const room = index === 0 ? maxChars - prefixLength : maxChars
            expect(piece.length).toBeLessThanOrEqual(Math.max(room, 0))
          })
          expect(chunks.join('').replaceAll('\n', '')).toBe(text.replaceAll('\n', ''))
          expect(chunks.some((piece) => LONE_SURROGATE.test(piece))).toBe(false)
        },
      ),
    )
  })

  it('cuts a line only where a grapheme cluster ends', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme', minLength: 1, maxLength: 80 }), fc.integer({ min: 12, max: 30 }), (raw, maxChars) => {
        const line = raw.replaceAll('\n', ' ')
        const longestCluster = Math.max(...[...segmenter.segment(line)].map(({ segment }) => segment.length))
        fc.pre(longestCluster <= maxChars)
        const chunks = splitText(line, maxChars)
        expect(chunks.join('')).toBe(line)
        const boundaries = clusterBoundaries(line)
        let offset = 0
        for (const piece of chunks) {
          offset += piece.length
          expect(boundaries.has(offset)).toBe(true)
        }
      }),
    )
  })

  it('splits 200 000 characters into pieces within the limit', () => {
    const chunks = splitText('未'.repeat(200_000), 1500, 20)
    expect(chunks).toHaveLength(134)
    expect(chunks[0]).toHaveLength(1480)
  })
})

describe('mentionPrefixLength', () => {
  it('counts "@", the name and a separator for each', () => {
    expect(mentionPrefixLength([])).toBe(0)
    expect(mentionPrefixLength(['王芳', '欧阳娜娜'])).toBe(10)
  })
})

describe('chunk', () => {
  it('splits a list into runs', () => {
    expect(chunk([1, 2, 3, 4, 5], 2)).toEqual([[1, 2], [3, 4], [5]])
  })
})

describe('excerpt', () => {
  it('quotes short text as it is, on one line', () => {
    expect(excerpt('  /请假  王芳\n今天 ')).toBe('/请假 王芳 今天')
  })

  it('cuts long text at 30 characters and adds an ellipsis', () => {
    expect(excerpt(`/${'未'.repeat(200_000)}`)).toBe(`/${'未'.repeat(29)}…`)
    expect(excerpt('一二三四五六', 5)).toBe('一二三四五…')
  })

  it('drops invisible and bidi characters so the quote cannot reorder the reply', () => {
    expect(excerpt('\u202e芳王\u200b是我/')).toBe('芳王是我/')
  })

  it('never cuts an emoji in half', () => {
    expect(excerpt(`${'一'.repeat(29)}😷😷`)).toBe(`${'一'.repeat(29)}…`)
    expect(excerpt(`${'一'.repeat(27)}👍🏽`)).toBe(`${'一'.repeat(27)}…`)
  })

  it('stays within the limit for any input', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme', maxLength: 100 }), fc.integer({ min: 2, max: 40 }), (text, max) => {
        const quoted = excerpt(text, max)
        expect(quoted.replace(/…$/, '').length).toBeLessThanOrEqual(max)
        expect(quoted).not.toMatch(/\n/)
        expect(LONE_SURROGATE.test(quoted)).toBe(false)
      }),
    )
  })
})
