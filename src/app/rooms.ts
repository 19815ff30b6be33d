import { z } from 'zod'
import type { GroupConfig } from '../config.js'
import { chooseRoom, describeCandidate, type RoomCandidate } from '../domain/room-pinning.js'
import { defineDocument } from '../store/store.js'
import type { AppContext } from './types.js'

/** What the bot remembers about each configured group across logins: names only, never WeChat ids. */
export const roomsDocument = defineDocument(
  'rooms',
  z.object({ byTopic: z.record(z.string(), z.object({ owner: z.string().optional(), members: z.array(z.string()), seenAt: z.string() })) }),
  () => ({ byTopic: {} }),
)

/**
 * Pins each configured group to exactly one room for this login, remembers the pinned rooms'
 * fingerprints, and tells the console and the admin groups what was found. Rooms that carry
 * a configured topic but are not pinned never take its role; the admins hear of each once.
 */
export class RoomPins {
  private readonly warnedAbout = new Set<string>()

  constructor(
    private readonly app: AppContext,
    private readonly namesFor: (person: string) => string[],
  ) {}

  /** Decides the pins; `announce` tells the admin groups once the transport has taken them. */
  async pin(candidatesByTopic: Readonly<Record<string, readonly RoomCandidate[]>>): Promise<{ pins: Record<string, string>; announce(): void }> {
    this.warnedAbout.clear()
    const { config, log, store } = this.app
    const remembered = (await store.open(roomsDocument)).data.byTopic
    const pins: Record<string, string> = {}
    const found: string[] = []
    const missing: string[] = []
    const problems: { group: GroupConfig; candidates: readonly RoomCandidate[] }[] = []
    for (const group of config.groups) {
      const candidates = candidatesByTopic[group.topic] ?? []
      const remembers = remembered[group.topic]
      const decision = chooseRoom(candidates, {
        ...(group.owner ? { ownerNames: this.namesFor(group.owner) } : {}),
        ...(remembers ? { remembered: remembers } : {}),
      })
      if (decision.kind === 'pinned') {
        pins[group.topic] = decision.handle
        found.push(group.topic)
        // Other rooms with the same topic are known impostors or copies: warned about once, below.
        for (const other of candidates) if (other.handle !== decision.handle) this.warnedAbout.add(other.handle)
      } else if (decision.kind === 'missing') {
        missing.push(group.topic)
      } else {
        problems.push({ group, candidates: decision.candidates })
        for (const candidate of decision.candidates) this.warnedAbout.add(candidate.handle)
      }
    }
    await this.remember(pins, candidatesByTopic)

    log.info(`已找到的群 (groups found)：${found.join('、') || '无'}；没有找到 (not found)：${missing.join('、') || '无'}`)
    const ambiguity = problems.map(
      ({ group, candidates }) =>
        `有 ${candidates.length} 个群都叫「${group.topic}」：${candidates.map(describeCandidate).join('；')}。无法确定哪个是真的，这次登录不使用其中任何一个。请把多余的群改名或解散，或在配置里写上 groups[].owner（群主在名单上的姓名）。`,
    )
    for (const line of ambiguity) log.warn(line)
    const summary = `教职工群助手已上线：找到 ${found.length} 个群${missing.length ? `，没有找到：${missing.join('、')}` : ''}${problems.length ? `，无法确定：${problems.map(({ group }) => group.topic).join('、')}` : ''}。`
    const pinnedAdminRooms = config.groups.filter((group) => group.role === 'admin' && pins[group.topic])
    return {
      pins,
      announce: () => this.app.deliver(pinnedAdminRooms.map((group) => ({ to: { room: group.topic }, text: [summary, ...ambiguity].join('\n') })), { urgent: true }),
    }
  }

  /** A room that is not a configured group spoke or changed: if it carries a configured topic, the admins hear of it once. */
  ignored(candidate: RoomCandidate): void {
    const copies = this.app.config.groups.some((group) => group.topic === candidate.topic)
    if (!copies || this.warnedAbout.has(candidate.handle)) return
    this.warnedAbout.add(candidate.handle)
    this.app.log.warn(`忽略不在配置里的群 ${describeCandidate(candidate)} (room not pinned, ignored)`)
    this.app.notifyAdmins(
      `⚠ 发现另一个名为「${candidate.topic}」的群（群主 ${candidate.owner ?? '未知'}，${candidate.members.length} 人）。它不是配置里的那个群，我不会在那里读取或发送任何内容。如果有人冒充，请提醒老师们。`,
    )
  }

  /** A pinned room's topic changed: it stays that group for this login. */
  renamed(configuredTopic: string, newTopic: string): void {
    if (newTopic === configuredTopic) return
    this.app.log.warn(`群「${configuredTopic}」改名为「${newTopic}」，本次登录仍按原来的群处理 (pinned room renamed)`)
    this.app.notifyAdmins(
      `「${configuredTopic}」改名为「${newTopic}」了。这次登录我仍把它当作「${configuredTopic}」；下次启动前请把配置里的群名改成「${newTopic}」，否则我会找不到它。`,
    )
  }

  private async remember(pins: Record<string, string>, candidatesByTopic: Readonly<Record<string, readonly RoomCandidate[]>>): Promise<void> {
    const document = await this.app.store.open(roomsDocument)
    const seenAt = this.app.clock.now().toISOString()
    await document.update((data) => {
      for (const [topic, handle] of Object.entries(pins)) {
        const room = candidatesByTopic[topic]?.find((candidate) => candidate.handle === handle)
        if (room) data.byTopic[topic] = { ...(room.owner !== undefined ? { owner: room.owner } : {}), members: [...room.members], seenAt }
      }
    })
  }
}
