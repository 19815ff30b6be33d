import { decodeChineseNumber } from './chinese-number.js'
import { normalizeText } from './text-normalize.js'

export interface ClassName {
  /** Stable key, "grade-class": "3-2". */
  key: string
  /** How the bot writes it back: "三年级2班". */
  label: string
}

export interface ClassNameMatch extends ClassName {
  /** Where the class name starts and ends in the (normalised) text that was searched. */
  start: number
  end: number
}

const GRADE_NAMES = ['一', '二', '三', '四', '五', '六'] as const
const MAX_CLASS_NUMBER = 20

const GRADE = '([一二三四五六]|(?<![\\d.])[1-6])'
const CLASS_NUMBER = '(\\d{1,2}|[一二三四五六七八九十]{1,3})'

// The spellings teachers use for one class, each capturing (grade, class):
// 三年级2班, 3年级(2)班, 三年2班 · 三(2)班, 一(3)班 · 3.2班, 3-2班 · 三2班 · 302班
const CLASS_NAME_SOURCE = [
  `${GRADE}\\s*年级?\\s*\\(?\\s*${CLASS_NUMBER}\\s*\\)?\\s*班`,
  `${GRADE}\\s*\\(\\s*${CLASS_NUMBER}\\s*\\)\\s*班`,
  '(?<![\\d.])([1-6])\\s*[.-]\\s*(\\d{1,2})\\s*班',
  '([一二三四五六])\\s*(\\d{1,2})\\s*班',
  '(?<![\\d.])([1-6])(0[1-9]|1\\d|20)\\s*班',
].join('|')

const CLASS_NAME_ENDING_HERE = new RegExp(`(?:${CLASS_NAME_SOURCE})$`)
const CLASS_NAME_WHOLE = new RegExp(`^(?:${CLASS_NAME_SOURCE})$`)
// Longer than any spelling, so the window also holds the context the look-behinds check.
const CLASS_NAME_WINDOW = 20

function fromCaptures(match: RegExpExecArray): ClassName | undefined {
  // Only the alternative that matched has its (grade, class) pair set.
  const first = match.findIndex((captured, index) => index > 0 && captured !== undefined)
  const grade = decodeChineseNumber(match[first] ?? '')
  const classNumber = decodeChineseNumber(match[first + 1] ?? '')
  if (grade === undefined || grade < 1 || grade > GRADE_NAMES.length) return undefined
  if (classNumber === undefined || classNumber < 1 || classNumber > MAX_CLASS_NUMBER) return undefined
  return { key: `${grade}-${classNumber}`, label: `${GRADE_NAMES[grade - 1]}年级${classNumber}班` }
}

/**
 * The one key and label of a class however it is spelled, or undefined when `raw` is not
 * exactly a primary-school class name (grade 1–6, class 1–20).
 */
export function normalizeClassName(raw: string): ClassName | undefined {
  const match = CLASS_NAME_WHOLE.exec(normalizeText(raw))
  return match ? fromCaptures(match) : undefined
}

/** The first class name in already-normalised text (see normalizeText), with its position. */
export function findClassName(normalizedText: string): ClassNameMatch | undefined {
  // Every spelling ends in 班, so only the text just before each 班 needs the full pattern;
  // scanning the whole message with it is several times slower.
  for (let end = normalizedText.indexOf('班') + 1; end > 0; end = normalizedText.indexOf('班', end) + 1) {
    const windowStart = Math.max(0, end - CLASS_NAME_WINDOW)
    const match = CLASS_NAME_ENDING_HERE.exec(normalizedText.slice(windowStart, end))
    const className = match ? fromCaptures(match) : undefined
    if (match && className) return { ...className, start: windowStart + match.index, end }
  }
  return undefined
}
