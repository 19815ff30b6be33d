export interface JsonSyntaxProblem {
  line: number
  column: number
  /** The character that is wrong; absent when the text ended before the JSON did. */
  found?: string
}

type PrefixState = 'valid' | 'unfinished' | 'wrong'

function stateOf(prefix: string): PrefixState {
  try {
    JSON.parse(prefix)
    return 'valid'
  } catch (error) {
    const message = (error as Error).message
    const position = /at position (\d+)/.exec(message)
    const atEnd = /end of JSON input/.test(message) || (position !== null && Number(position[1]) >= prefix.length)
    return atEnd ? 'unfinished' : 'wrong'
  }
}

/**
 * Where JSON text stops being valid, as line and column (from 1). Node 20's messages give no
 * position for an unexpected character, so the first prefix that is wrong for a reason other than
 * ending too soon marks the spot. Config files are small; the quadratic scan costs nothing here.
 */
export function jsonSyntaxProblem(text: string): JsonSyntaxProblem | undefined {
  if (stateOf(text) === 'valid') return undefined
  let offset = text.length
  for (let length = 1; length <= text.length; length++) {
    if (stateOf(text.slice(0, length)) === 'wrong') {
      offset = length - 1
      break
    }
  }
  const before = text.slice(0, offset)
  return {
    line: before.split('\n').length,
    column: offset - before.lastIndexOf('\n'),
    ...(offset < text.length ? { found: text[offset] } : {}),
  }
}

/** The Chinese sentence for a config file's JSON syntax problem. */
export function jsonSyntaxMessage(problem: JsonSyntaxProblem): string {
  const where = `第 ${problem.line} 行第 ${problem.column} 列`
  if (problem.found === undefined) return `JSON 格式错误：文件在${where}意外结束，可能缺少 }、] 或引号`
  return `JSON 格式错误：${where}的 ${JSON.stringify(problem.found)} 不合语法（常见原因：多余或缺少逗号、键名没加英文双引号、用了中文引号）`
}
