import { actionLine, agendaLines, chineseNumber, meetingTimeText, nextAgendaIndex, topicsOf, type AgendaItem, type MeetingEntry } from '../domain/minutes.js'
import { chineseDate } from '../domain/time.js'
import type { Outgoing } from '../domain/types.js'
import { agendaTarget, chooseAgendaItem, currentTopicLabel, numbersInUse, removeAgendaItem } from './agenda.js'
import { openMeeting, type MeetingsData, type StoredAction, type StoredMeeting } from './data.js'
import { agendaMarker, NO_OPEN_MEETING, type Actor, type MeetingDesk } from './desk.js'

/** What is put on the agenda before a meeting and what is said, decided and given out during one. */
export class MeetingRecording {
  constructor(private readonly desk: MeetingDesk) {}

  async addAgenda(actor: Actor, text: string): Promise<Outgoing[]> {
    const item: AgendaItem = { text, proposer: actor.name, proposedAt: actor.at.toISOString() }
    const { meeting: target, count } = await this.desk.change((data) => {
      const { meeting, agenda } = agendaTarget(data)
      agenda.push(item)
      return { meeting, count: agenda.length }
    })
    if (!target) {
      return this.desk.reply(actor, `已记下议程第 ${count} 项：${text}\n还没有安排会议，下次 /会议 新建 时会带上。`)
    }
    if (target.status === 'open') {
      return this.desk.reply(actor, `已加入进行中的「${target.title}」议程，第 ${count} 项。要现在讨论就发 /议题 ${count}。`)
    }
    const posted = (await this.desk.once.has(agendaMarker(target))) ? '\n议程已经发出，这一项会在会议开始时列出。' : ''
    return this.desk.reply(actor, `已加入「${target.title}」（${meetingTimeText(target.scheduledAt, this.desk.timeZone)}）的议程，第 ${count} 项。${posted}`)
  }

  /** `/议程 删除 N`, on the agenda `/议程` shows. */
  async removeAgenda(actor: Actor, number: number): Promise<Outgoing[]> {
    const outcome = await this.desk.change((data) => {
      const { meeting, agenda } = agendaTarget(data)
      return { meeting, ...removeAgendaItem(agenda, meeting, number), left: agenda.length }
    })
    if ('problem' in outcome) return this.desk.reply(actor, outcome.problem)
    const { meeting, removed, left } = outcome
    const where = meeting ? `「${meeting.title}」的议程` : '已收集的议程'
    return this.desk.reply(actor, `已从${where}删除第 ${number} 项：${removed.text}（${removed.proposer}提出）。还有 ${left} 项，发 /议程 查看。`)
  }

  async topic(actor: Actor, text: string): Promise<Outgoing[]> {
    const document = await this.desk.document()
    const open = openMeeting(document.data)
    if (!open) return this.desk.reply(actor, NO_OPEN_MEETING)
    const chosen = chooseAgendaItem(open, text)
    if ('problem' in chosen) return this.desk.reply(actor, chosen.problem)
    await document.update((data) => {
      openMeeting(data)?.entries.push({
        kind: 'topic',
        text: chosen.text,
        ...(chosen.agendaIndex !== undefined ? { agendaIndex: chosen.agendaIndex } : {}),
        by: actor.name,
        at: actor.at.toISOString(),
      })
    })
    const meeting = openMeeting(document.data) ?? open
    const number = topicsOf(meeting).topics.length
    const source = chosen.agendaIndex !== undefined ? `（议程第 ${chosen.agendaIndex + 1} 项）` : ''
    const next = nextAgendaIndex(meeting)
    const upNext = meeting.agenda.length ? (next === undefined ? '议程已全部开始讨论。' : `下一项议程：${agendaLines(meeting.agenda)[next]}`) : ''
    return this.desk.reply(actor, `议题${chineseNumber(number)}：${chosen.text}${source}\n${upNext}`.trim())
  }

  async record(actor: Actor, kind: 'decision' | 'note', text: string): Promise<Outgoing[]> {
    const document = await this.desk.document()
    const open = openMeeting(document.data)
    if (!open) return this.desk.reply(actor, NO_OPEN_MEETING)
    await document.update((data) => {
      openMeeting(data)?.entries.push({ kind, text, by: actor.name, at: actor.at.toISOString() })
    })
    return this.desk.reply(actor, `已记下${kind === 'decision' ? '决议' : '这条记录'}（${currentTopicLabel(open)}）。`)
  }

  async addAction(actor: Actor, owner: string, text: string, due: string | undefined): Promise<Outgoing[]> {
    const open = openMeeting((await this.desk.document()).data)
    if (!open) return this.desk.reply(actor, NO_OPEN_MEETING)
    const action = await this.desk.change((data): StoredAction => {
      const created = {
        id: data.nextActionId++,
        meetingId: open.id,
        owner,
        text,
        ...(due ? { due } : {}),
        createdAt: actor.at.toISOString(),
        createdBy: actor.name,
      }
      data.actions.push(created)
      openMeeting(data)?.entries.push({ kind: 'action', actionId: created.id, by: actor.name, at: actor.at.toISOString() })
      return created
    })
    return this.desk.reply(actor, `已记下待办（${currentTopicLabel(open)}）：\n${actionLine(action)}`)
  }

  async undo(actor: Actor): Promise<Outgoing[]> {
    const document = await this.desk.document()
    const open = openMeeting(document.data)
    if (!open) return this.desk.reply(actor, `${NO_OPEN_MEETING}撤销只针对进行中会议的记录。`)
    const last = open.entries.at(-1)
    if (!last) return this.desk.reply(actor, '本次会议还没有记录，没有可撤销的。')
    const described = describeEntry(last, open, document.data)
    await document.update((data) => {
      const removed = openMeeting(data)?.entries.pop()
      if (removed?.kind !== 'action') return
      data.actions = data.actions.filter((action) => action.id !== removed.actionId)
      // Undoing the newest action item frees its number, so numbers stay without gaps.
      if (removed.actionId === data.nextActionId - 1) data.nextActionId -= 1
    })
    return this.desk.reply(actor, `已撤销${described}。`)
  }

  async complete(actor: Actor, actionId: number): Promise<Outgoing[]> {
    const document = await this.desk.document()
    const action = document.data.actions.find((candidate) => candidate.id === actionId)
    if (!action) {
      const largest = document.data.nextActionId - 1
      const range = largest > 0 ? numbersInUse(largest) : '：还没有布置过待办'
      return this.desk.reply(actor, `没有 #${actionId} 这项待办${range}，发 /待办 列表 查看。`)
    }
    if (action.doneAt) return this.desk.reply(actor, `#${actionId} 已在 ${chineseDate(this.desk.dateKey(action.doneAt))} 标记完成。`)
    await document.update((data) => {
      const stored = data.actions.find((candidate) => candidate.id === actionId)
      if (!stored) return
      stored.doneAt = actor.at.toISOString()
      stored.doneBy = actor.name
    })
    const remaining = document.data.actions.filter((candidate) => !candidate.doneAt).length
    return this.desk.reply(actor, `已完成 #${action.id} ${action.text}（${action.owner}）。还有 ${remaining} 项待办未完成。`)
  }

  /** Someone in the admin group said something while a meeting was open: they spoke. */
  async noteSpeaker(name: string): Promise<void> {
    const open = openMeeting((await this.desk.document()).data)
    if (!open || open.speakers.includes(name)) return
    await this.desk.change((data) => {
      openMeeting(data)?.speakers.push(name)
    })
  }

  /** `/出席 姓名…` (roster names; none means the sender): who is present, for the minutes. */
  async markPresent(actor: Actor, names: readonly string[]): Promise<Outgoing[]> {
    const open = openMeeting((await this.desk.document()).data)
    if (!open) return this.desk.reply(actor, `${NO_OPEN_MEETING}出席在会议进行中登记。`)
    const added = await this.desk.change((data) => {
      const meeting = openMeeting(data) as StoredMeeting
      const fresh = names.filter((name) => !meeting.attendees.includes(name))
      meeting.attendees.push(...fresh)
      return fresh
    })
    const meeting = openMeeting((await this.desk.document()).data) ?? open
    const already = names.filter((name) => !added.includes(name))
    const lines = [
      added.length ? `已登记出席：${added.join('、')}。` : '',
      already.length ? `${already.join('、')}已经登记过了。` : '',
      `「${meeting.title}」现有出席 ${meeting.attendees.length} 人。`,
    ]
    return this.desk.reply(actor, lines.filter(Boolean).join(''))
  }
}

function describeEntry(entry: MeetingEntry, meeting: StoredMeeting, data: MeetingsData): string {
  switch (entry.kind) {
    case 'topic':
      return `议题${chineseNumber(topicsOf(meeting).topics.length)}：${entry.text}`
    case 'decision':
      return `决议：${entry.text}`
    case 'note':
      return `记录：${entry.text}`
    case 'action': {
      const action = data.actions.find((candidate) => candidate.id === entry.actionId)
      return action ? `待办 ${actionLine(action)}` : `待办 #${entry.actionId}`
    }
  }
}
