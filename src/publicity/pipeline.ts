import { LEVELS, levelPendingIn, type Status } from './article.js'

export type Move = 'claim' | 'submit' | 'pass' | 'return' | 'publish' | 'withdraw'

export const MOVE_NAMES: Readonly<Record<Move, string>> = {
  claim: '认领',
  submit: '交稿',
  pass: '审核通过',
  return: '退回修改',
  publish: '发布',
  withdraw: '撤稿',
}

/**
 * Every allowed move, as for three review levels: anything not listed is refused. Passing
 * the last configured level skips the later ones (see `moveTarget`).
 */
export const MOVES: Readonly<Record<Move, Partial<Record<Status, Status>>>> = {
  // A second writer may join while the first is writing.
  claim: { 选题: '撰写中', 撰写中: '撰写中' },
  submit: { 撰写中: '待初审' },
  pass: { 待初审: '待复审', 待复审: '待终审', 待终审: '待发布' },
  return: { 待初审: '撰写中', 待复审: '撰写中', 待终审: '撰写中' },
  publish: { 待发布: '已发布' },
  withdraw: { 选题: '已撤稿', 撰写中: '已撤稿', 待初审: '已撤稿', 待复审: '已撤稿', 待终审: '已撤稿', 待发布: '已撤稿', 已发布: '已撤稿' },
}

/** Where `move` takes an article in `status` with `levels` review levels; undefined when it is not allowed. */
export function moveTarget(status: Status, move: Move, levels: number): Status | undefined {
  const target = MOVES[move][status]
  const level = target && levelPendingIn(target)
  return level && LEVELS.indexOf(level) >= levels ? '待发布' : target
}

/** The moves allowed from `status`, for telling people what they can do instead. */
export const allowedMoves = (status: Status, levels: number): Move[] =>
  (Object.keys(MOVES) as Move[]).filter((move) => moveTarget(status, move, levels) !== undefined)
