/**
 * Which WeChat room is a configured group, decided once per login. A topic is a claim anyone
 * can copy, so when several rooms carry a configured topic the bot picks the one that matches
 * what it remembered about that group (its owner's and members' names, never WeChat ids), or
 * the one owned by the configured owner, and otherwise none.
 */

/** A room seen at login, as names only. */
export interface RoomCandidate {
  /** Valid for this login only; never stored. */
  handle: string
  topic: string
  owner?: string
  members: readonly string[]
}

/** What is remembered about a configured group across logins. */
export interface RoomFingerprint {
  owner?: string
  members: readonly string[]
}

export type PinDecision =
  | { kind: 'pinned'; handle: string; how: 'only' | 'owner' | 'fingerprint' }
  | { kind: 'missing' }
  | { kind: 'ambiguous'; candidates: readonly RoomCandidate[] }

/** How alike two member lists are: shared names over all names (Jaccard). */
export function similarity(a: readonly string[], b: readonly string[]): number {
  const left = new Set(a)
  const right = new Set(b)
  const shared = [...left].filter((name) => right.has(name)).length
  const all = new Set([...left, ...right]).size
  return all === 0 ? 0 : shared / all
}

/** The fingerprint match must be this good, and this much better than the runner-up, to count as clear. */
const CLEAR_MATCH = 0.5
const CLEAR_MARGIN = 0.2
/** Below this a lone room with another owner is not taken for the group remembered. */
const UNLIKE = 0.2

/**
 * `ownerNames`: the names the configured owner may show (their roster name, aliases, bindings);
 * when given, only a room that owner owns can be the group.
 */
export function chooseRoom(candidates: readonly RoomCandidate[], options: { ownerNames?: readonly string[]; remembered?: RoomFingerprint }): PinDecision {
  if (candidates.length === 0) return { kind: 'missing' }
  const { ownerNames } = options
  if (ownerNames) {
    const owned = candidates.filter((candidate) => candidate.owner !== undefined && ownerNames.includes(candidate.owner))
    return owned.length === 1 && owned[0] ? { kind: 'pinned', handle: owned[0].handle, how: 'owner' } : { kind: 'ambiguous', candidates }
  }
  const remembered = options.remembered
  if (candidates.length === 1 && candidates[0]) {
    // The only room with the topic, unless it is plainly not the group remembered: another
    // owner and hardly a member in common (the real one may not have loaded yet, or be gone).
    const only = candidates[0]
    const stranger = remembered !== undefined && remembered.owner !== undefined && only.owner !== remembered.owner && similarity(only.members, remembered.members) < UNLIKE
    return stranger ? { kind: 'ambiguous', candidates } : { kind: 'pinned', handle: only.handle, how: 'only' }
  }
  if (remembered) {
    const scored = candidates
      .map((candidate) => ({
        candidate,
        score: similarity(candidate.members, remembered.members) + (remembered.owner !== undefined && candidate.owner === remembered.owner ? 0.25 : 0),
      }))
      .sort((a, b) => b.score - a.score)
    const [best, second] = scored
    if (best && best.score >= CLEAR_MATCH && best.score - (second?.score ?? 0) >= CLEAR_MARGIN) {
      return { kind: 'pinned', handle: best.candidate.handle, how: 'fingerprint' }
    }
  }
  return { kind: 'ambiguous', candidates }
}

/** "行政群（群主 王芳，12 人）" — how a candidate room is described to people. */
export const describeCandidate = (candidate: RoomCandidate): string =>
  `「${candidate.topic}」（群主 ${candidate.owner ?? '未知'}，${candidate.members.length} 人）`
