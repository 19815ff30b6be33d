import { Converter, Locale, type DictLike } from 'opencc-js'

interface Simplifier {
  convert: (text: string) => string
  /** Matches a character the dictionaries rewrite on its own; text without one is left alone. */
  traditional: RegExp
}

// Building the dictionaries takes ~10 ms, so it happens on first use rather than at import
// time (the CLI imports the domain for commands that never read a report).
let simplifier: Simplifier | undefined

function dictionaryEntries(dict: DictLike): readonly (readonly [string, string])[] {
  if (typeof dict !== 'string') return dict
  return dict.split('|').map((entry) => {
    const [from = '', to = ''] = entry.split(' ')
    return [from, to] as const
  })
}

function buildSimplifier(): Simplifier {
  const chain = Locale.configs['t2s']?.conversionChain
  if (!chain) throw new Error('opencc-js does not provide the t2s (traditional → simplified) dictionaries')
  const traditional = new Set<string>()
  for (const dict of chain.flat()) {
    for (const [from, to] of dictionaryEntries(dict)) {
      if (from.length === 1 && from !== to) traditional.add(from)
    }
  }
  const characterClass = [...traditional].join('').replace(/[\]\\^-]/g, '\\$&')
  // Compatibility ideographs (U+F900–U+FAFF) are always normalised by the converter.
  return {
    convert: Converter({ from: 't', to: 'cn' }),
    traditional: new RegExp(`[${characterClass}\\uf900-\\ufaff]`),
  }
}

// Most messages are already simplified; looking for a traditional character is ~10× cheaper
// than running the converter, which matters for a parser called on every group message.
function toSimplified(text: string): string {
  simplifier ??= buildSimplifier()
  return simplifier.traditional.test(text) ? simplifier.convert(text) : text
}

// Zero-width characters, bidi controls and other invisible format characters: they let
// "王\u200b芳" or a right-to-left override pass for a name, so they never reach matching.
// Tabs and line breaks are kept; the zero-width joiner goes too, so ZWJ emoji fall apart
// into their parts, which only matters for display.
const INVISIBLE =
  /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f\u00ad\u061c\u180e\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u2069\ufeff]/g

/** Removes zero-width, bidi control and other invisible characters (see INVISIBLE). */
export const stripInvisible = (text: string): string => text.replace(INVISIBLE, '')

const LINE_BREAK = /\r\n?|[\u2028\u2029\u0085]/g
const SPACE_RUN = /[ \t\u00a0\u1680\u2000-\u200a\u202f\u205f\u3000]+/g
const LINE_BREAK_WITH_SPACES = /\s*\n\s*/g
const DIGIT = /\d/

// Full-width ASCII (！..～) sits at a fixed offset from ASCII.
const FULL_WIDTH_ASCII = /[\uff01-\uff5e]/g
const FULL_WIDTH_OFFSET = 0xfee0
// Colons and stops outside that block that IMEs offer in the same place (∶ ︰ ﹕ ﹒).
const LOOKALIKE_PUNCTUATION: Readonly<Record<string, string>> = {
  '\u2236': ':',
  '\ufe30': ':',
  '\ufe55': ':',
  '\ufe52': '.',
}
const LOOKALIKE = /[\u2236\ufe30\ufe55\ufe52]/g
// Chinese IMEs put 。 or · where a decimal point was meant: "36。5", "3·2班".
const DOT_BETWEEN_DIGITS = /(\d)[\u3002\u00b7\u30fb\u2022](?=\d)/g
// "36点5" is how a temperature is said aloud; only rewrite values that can be temperatures
// so that times such as "7点30" stay times.
const SPOKEN_DECIMAL = /(?<!\d)(3[4-9]|4[0-3])点(\d)(?![\d分:])/g

// Every way of writing degrees Celsius after a number becomes "℃".
const CELSIUS = /(\d)\s*(?:摄氏度|°\s*[cC]|°|℃|度)/g
// A bare "C" is a unit only after a two-digit number: "36.5C" but not "3C班".
const CELSIUS_LETTER = /(?<![\d.])(\d\d(?:\.\d+)?)\s*[cC](?![a-zA-Z])/g
const CELSIUS_PREFIX = /摄氏\s*(?=\d)/g

/**
 * Puts a message into the one spelling the parsers understand: half-width digits and
 * punctuation, simplified characters, "℃" for every temperature unit, no invisible
 * characters, single spaces, trimmed non-empty lines joined by "\n".
 */
export function normalizeText(text: string): string {
  const halfWidth = stripInvisible(text.replace(LINE_BREAK, '\n'))
    .replace(FULL_WIDTH_ASCII, (ch) => String.fromCharCode(ch.charCodeAt(0) - FULL_WIDTH_OFFSET))
    .replace(LOOKALIKE, (ch) => LOOKALIKE_PUNCTUATION[ch] ?? ch)
    .replace(SPACE_RUN, ' ')
  const simplified = toSimplified(halfWidth)
  const withUnits = DIGIT.test(simplified)
    ? simplified
        .replace(DOT_BETWEEN_DIGITS, '$1.')
        .replace(SPOKEN_DECIMAL, '$1.$2')
        .replace(CELSIUS_PREFIX, '')
        .replace(CELSIUS, '$1℃')
        .replace(CELSIUS_LETTER, '$1℃')
    : simplified
  return withUnits.replace(LINE_BREAK_WITH_SPACES, '\n').trim()
}
