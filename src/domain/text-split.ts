import { stripInvisible } from './text-normalize.js'

// Lengths are UTF-16 code units (String.length): the unit the configured send.maxChars is
// checked in, and never less than what a person sees.
const graphemeSegmenter = new Intl.Segmenter('zh', { granularity: 'grapheme' })

// V8's segmenter slows down quadratically on long strings (200 000 characters take
// minutes), so text is segmented a window at a time.
const SEGMENT_WINDOW = 512

const isHighSurrogate = (code: number): boolean => code >= 0xd800 && code <= 0xdbff

function* graphemeClusters(text: string): Generator<string> {
  let start = 0
  while (start < text.length) {
    let end = Math.min(start + SEGMENT_WINDOW, text.length)
    if (end < text.length && isHighSurrogate(text.charCodeAt(end - 1))) end += 1
    const segments = Array.from(graphemeSegmenter.segment(text.slice(start, end)), ({ segment }) => segment)
    // The window's last cluster may go on past it, so it is read again with the next window,
    // unless it fills the whole window.
    const complete = end === text.length || segments.length === 1 ? segments : segments.slice(0, -1)
    for (const segment of complete) {
      yield segment
      start += segment.length
    }
  }
}

/**
 * The text as pieces that may be cut between: whole grapheme clusters, so that an emoji,
 * a flag or a letter with its accents stays together. A cluster longer than `maxChars`
 * (only crafted input has one) is given by code points, which still never splits a
 * surrogate pair.
 */
function* cuttablePieces(text: string, maxChars: number): Generator<string> {
  for (const segment of graphemeClusters(text)) {
    if (segment.length <= maxChars) yield segment
    else yield* segment
  }
}

/** What WeChat puts in front of a room message for its mentions: "@name" and a separator each. */
export const mentionPrefixLength = (names: readonly string[]): number => names.reduce((total, name) => total + name.length + 2, 0)

/**
 * Splits a long text into messages of at most `maxChars`, on line boundaries where it can;
 * a single line longer than the limit is cut inside the line, between grapheme clusters.
 * `prefixLength` is what the first message carries in front of the text (its @ mentions):
 * it counts towards that message's limit. When the prefix leaves no room for the first
 * character, the first message is empty (it still carries the mentions).
 */
export function splitText(text: string, maxChars: number, prefixLength = 0): string[] {
  if (maxChars < 2) throw new RangeError(`maxChars must leave room for a surrogate pair, got ${maxChars}`)
  const chunks: string[] = []
  const room = (): number => (chunks.length === 0 ? maxChars - prefixLength : maxChars)
  if (text.length <= Math.max(room(), 0)) return [text]
  let current = ''
  for (const line of text.split('\n')) {
    const candidate = current ? `${current}\n${line}` : line
    if (candidate.length <= room()) {
      current = candidate
      continue
    }
    if (current) {
      chunks.push(current)
      current = ''
      if (line.length <= room()) {
        current = line
        continue
      }
    }
    for (const piece of cuttablePieces(line, maxChars)) {
      if (current.length + piece.length > room()) {
        chunks.push(current)
        current = ''
      }
      current += piece
    }
  }
  if (current) chunks.push(current)
  return chunks
}

/** Splits a list into runs of at most `size`. */
export function chunk<T>(items: readonly T[], size: number): T[][] {
  const runs: T[][] = []
  for (let start = 0; start < items.length; start += size) runs.push(items.slice(start, start + size))
  return runs
}

const WHITESPACE_RUN = /\s+/g

/**
 * A short quote of what someone typed, for echoing it back: one line, no invisible or bidi
 * characters (they could reorder the bot's own reply), at most `max` characters plus "…",
 * never cut inside a grapheme cluster.
 */
export function excerpt(text: string, max = 30): string {
  const oneLine = stripInvisible(text).replace(WHITESPACE_RUN, ' ').trim()
  if (oneLine.length <= max) return oneLine
  let kept = ''
  for (const piece of cuttablePieces(oneLine, max)) {
    if (kept.length + piece.length > max) break
    kept += piece
  }
  return `${kept}…`
}
