/** What the parser returns: person records, class summaries and the kinds of result. */
// ─── Public shapes ───────────────────────────────────────────────────────────

export type Slot = '上午' | '下午'

/** Something a report can claim besides symptoms: a place, a status. */
export interface HealthFlag {
  /** How the flag is shown and stored: "湖北". */
  name: string
  /** Words that claim it in free text ("武汉", "滞留湖北" …) and as form keys. */
  words: string[]
  /** Whether claiming it makes a report abnormal. */
  abnormal: boolean
  /** The count's name in class summaries ("湖北0"); without it class summaries do not count the flag. */
  classField?: string
}

export interface PersonRecord {
  kind: 'person'
  /** Only when the text itself names someone (接龙 line, "李娜 36.8", 姓名：王芳, 替王芳代报). */
  name?: string
  /** Within 34.0–43.0, one decimal. */
  temperature?: number
  /** Below 36.0: recorded, but the reporter should measure again. */
  remeasure?: true
  /** Canonical symptom names actually claimed (negated ones are left out). */
  symptoms: string[]
  location?: string
  /** Names of the profile's flags actually claimed, in profile order. */
  flags: string[]
  /** The sender reports for the named person (代报). */
  proxy?: true
  /** Short leftover remark for display, e.g. "正常", "无症状 在蓉". */
  note?: string
}

export interface ClassRecord {
  kind: 'class'
  classKey: string
  classLabel: string
  expected: number
  actual: number
  fever: number
  /** Pupils per flag class field ("湖北", "隔离"), for every flag that has one. */
  counts: Record<string, number>
  /** Only when the teacher wrote a total of abnormal pupils (异常2). */
  abnormal?: number
}

export type HealthRecord = PersonRecord | ClassRecord

export type ParseResult =
  | { kind: 'none' }
  /** Someone asks how to report (怎么报, 格式是什么). */
  | { kind: 'howTo' }
  /** Meant as a report but not understood: tell the sender why, with one example. */
  | { kind: 'attempt'; reason: string; example: string }
  /**
   * A report that says all is well without a number (体温正常). `record` is what to store
   * when the school does not require a temperature; otherwise ask for one (see `example`).
   */
  | { kind: 'needsTemperature'; record: PersonRecord; example: string; slot?: Slot }
  | {
      kind: 'reports'
      records: HealthRecord[]
      chain: boolean
      slot?: Slot
      /** The sender says this replaces what they reported earlier (更正, 刚才报错了, a quoted reply). */
      correction?: true
      /**
       * Set when the message quotes a report and gives a new one: who wrote the quoted report.
       * It is a correction only when that is the sender; otherwise an ordinary report.
       */
      quotedAuthor?: string
    }
