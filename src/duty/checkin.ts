/**
 * What the person on duty writes when done: `巡查完毕，一切正常`, `已消毒 一楼走廊 84消毒液 1:100`.
 * Only a message that starts like a report of finished duty is one; anything else is left
 * to the other listeners (the health parser reads `一切正常` too).
 */
export type CheckInMessage = { kind: 'patrol'; note?: string } | { kind: 'disinfection'; place?: string; disinfectant?: string; concentration?: string; note?: string }

const PATROL = /^(?:(?:巡查|巡逻|巡视|值班|值守)(?:已经|已)?(?:完毕|结束|完成)|已(?:巡查|巡逻|巡视)(?:完毕)?)[，,。.！!：:\s]*(.*)$/s
const DISINFECTION = /^(?:已(?:经)?消毒|消毒(?:已)?(?:完毕|完成|结束))[，,。.！!：:\s]*(.*)$/s

const CONCENTRATION = /^(?:\d+(?:\.\d+)?\s*[:：]\s*\d+(?:\.\d+)?|\d+(?:\.\d+)?\s*(?:%|％|mg\/[lL]|ppm|毫克\/升))$/
/** A concentration written onto the product, either way round: `84消毒液1:100`, `75%酒精`. */
const CONCENTRATION_AFTER = /^(.*?\D)(\d+(?:\.\d+)?\s*[:：]\s*\d+(?:\.\d+)?|\d+(?:\.\d+)?\s*(?:%|％|mg\/[lL]|ppm))$/
const CONCENTRATION_BEFORE = /^(\d+(?:\.\d+)?\s*(?:%|％))(\D.*)$/
const DISINFECTANT = /消毒液|消毒剂|消毒片|酒精|乙醇|84|含氯|过氧|季铵|碘伏|紫外/

const cleanNote = (text: string): string | undefined => text.replace(/^[，,。.\s]+|[，,。.\s]+$/g, '') || undefined

function disinfectionDetails(rest: string): Omit<Extract<CheckInMessage, { kind: 'disinfection' }>, 'kind'> {
  const details: { place?: string; disinfectant?: string; concentration?: string } = {}
  const leftover: string[] = []
  for (const word of rest.split(/[\s，,；;]+/).filter(Boolean)) {
    const after = CONCENTRATION_AFTER.exec(word)
    const before = CONCENTRATION_BEFORE.exec(word)
    if (CONCENTRATION.test(word) && !details.concentration) details.concentration = word
    else if (DISINFECTANT.test(word) && !details.disinfectant) {
      const [product, concentration] = after ? [after[1], after[2]] : before ? [before[2], before[1]] : [word, undefined]
      details.disinfectant = product
      if (concentration && !details.concentration) details.concentration = concentration
    } else if (!details.place) details.place = word
    else leftover.push(word)
  }
  const note = cleanNote(leftover.join(' '))
  return { ...details, ...(note ? { note } : {}) }
}

export function parseCheckIn(text: string): CheckInMessage | undefined {
  const trimmed = text.trim()
  const disinfection = DISINFECTION.exec(trimmed)
  if (disinfection) return { kind: 'disinfection', ...disinfectionDetails(disinfection[1] ?? '') }
  const patrol = PATROL.exec(trimmed)
  if (!patrol) return undefined
  const note = cleanNote(patrol[1] ?? '')
  return note ? { kind: 'patrol', note } : { kind: 'patrol' }
}
