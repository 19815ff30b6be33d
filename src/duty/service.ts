import type { AreaContext, ReportFigure, SummarySection } from '../app/types.js'
import { minutesOfClock } from '../config/fields.js'
import { isSkippedDay } from '../domain/calendar.js'
import { addDays, chineseDate, clockText, dateKeyOf, localTime } from '../domain/time.js'
import { say } from '../domain/types.js'
import { healthSectionOf } from '../health/config.js'
import type { RotaConfig, DutySection } from './config.js'
import { dutyDocument, type CheckIn, type Disinfection } from './data.js'
import { turnsBetween, WorkingDays, type Turn } from './rotation.js'

export interface DutyTurn extends Turn {
  rota: RotaConfig
}

const announceKey = (rota: string, dateKey: string): string => `announce:${rota}:${dateKey}`
const handoverKey = (rota: string, dateKey: string): string => `handover:${rota}:${dateKey}`

/** The duty rota on working days, check-ins, the disinfection log, announcements and missed handovers. */
export class DutyService {
  readonly rotas: readonly RotaConfig[]

  constructor(private readonly app: AreaContext<DutySection>) {
    // Config may name people by alias; turns and check-ins are stored by roster name.
    const canonical = (name: string): string => app.roster.find(name)?.name ?? name
    this.rotas = app.section.map((rota) => ({
      ...rota,
      people: rota.people.map(canonical),
      ...(rota.leader ? { leader: canonical(rota.leader) } : {}),
    }))
    const unknown = [...new Set(this.rotas.flatMap((rota) => [...rota.people, ...(rota.leader ? [rota.leader] : [])]))].filter((name) => !app.roster.get(name))
    if (unknown.length) app.log.warn(`值班表里有名单上没有的人 (duty names not on the roster): ${unknown.join('、')}`)
  }

  private get timeZone(): string {
    return this.app.config.timezone
  }

  private readonly workingDays = new WorkingDays((dateKey) => !isSkippedDay(dateKey, healthSectionOf(this.app.config).skipDays))

  isWorkingDay(dateKey: string): boolean {
    return this.workingDays.isWorkingDay(dateKey)
  }

  private document() {
    return this.app.store.open(dutyDocument)
  }

  rota(name: string): RotaConfig | undefined {
    return this.rotas.find((rota) => rota.name === name)
  }

  async turns(from: string, to: string): Promise<DutyTurn[]> {
    const { swaps } = (await this.document()).data
    return this.rotas.flatMap((rota) => turnsBetween(rota, from, to, this.workingDays, swaps).map((turn) => ({ ...turn, rota })))
  }

  /** The duties `person` is on that day, in config order. */
  async dutiesOf(person: string, dateKey: string): Promise<RotaConfig[]> {
    return (await this.turns(dateKey, dateKey)).filter((turn) => turn.person === person).map((turn) => turn.rota)
  }

  async checkInOf(duty: string, dateKey: string): Promise<CheckIn | undefined> {
    return (await this.document()).data.checkIns.find((checkIn) => checkIn.duty === duty && checkIn.date === dateKey)
  }

  /** Records the day's check-in unless there is one already; returns the earlier one then. */
  async checkIn(checkIn: CheckIn): Promise<CheckIn | undefined> {
    const earlier = await this.checkInOf(checkIn.duty, checkIn.date)
    if (earlier) return earlier
    await (await this.document()).update((data) => {
      data.checkIns.push(checkIn)
    })
    return undefined
  }

  async logDisinfection(row: Disinfection): Promise<void> {
    await (await this.document()).update((data) => {
      data.disinfections.push(row)
    })
  }

  async swap(date: string, duty: string, person: string, by: string): Promise<void> {
    await (await this.document()).update((data) => {
      data.swaps = data.swaps.filter((swap) => !(swap.date === date && swap.duty === duty))
      data.swaps.push({ date, duty, person, by })
    })
  }

  async checkInsBetween(from: string, to: string): Promise<CheckIn[]> {
    return (await this.document()).data.checkIns.filter((checkIn) => from <= checkIn.date && checkIn.date <= to)
  }

  async disinfectionsBetween(from: string, to: string): Promise<Disinfection[]> {
    return (await this.document()).data.disinfections.filter((row) => from <= row.date && row.date <= to).sort((a, b) => a.at.localeCompare(b.at))
  }

  clock(at: string): string {
    return clockText(new Date(at), this.timeZone)
  }

  /** Whether the handover of `rota` on `dateKey` has passed at `now`. */
  private handoverPassed(rota: RotaConfig, dateKey: string, now: Date): boolean {
    const local = localTime(now, this.timeZone)
    return dateKey < local.dateKey || (dateKey === local.dateKey && local.minuteOfDay >= minutesOfClock(rota.handover))
  }

  /**
   * Every minute: the staff group is told who is on at each duty's time, and each leader is told
   * at handover when nobody checked in. After a restart the morning notice is still sent before
   * handover; later it would only confuse.
   */
  async tick(now: Date): Promise<void> {
    const local = localTime(now, this.timeZone)
    const today = local.dateKey
    const turns = await this.turns(today, today)
    const announcing = turns.filter(({ rota }) => minutesOfClock(rota.time) <= local.minuteOfDay && local.minuteOfDay < minutesOfClock(rota.handover))
    const announced = await this.claimFresh(announcing, (turn) => announceKey(turn.rota.name, today), now)
    if (announced.length) {
      const lines = announced.map(({ rota, person }) => `${rota.name}：${person}（${rota.handover} 前签到）`)
      this.app.notifyRole('staff', `【今日值班】${chineseDate(today)}\n${lines.join('\n')}\n完成后发“巡查完毕，一切正常”“已消毒 地点 消毒液 浓度”或 /签到 值班名。`, {
        mentions: [...new Set(announced.map(({ person }) => person))],
      })
    }
    const unchecked: DutyTurn[] = []
    for (const turn of turns) {
      if (turn.rota.leader && this.handoverPassed(turn.rota, today, now) && !(await this.checkInOf(turn.rota.name, today))) unchecked.push(turn)
    }
    const missed = await this.claimFresh(unchecked, (turn) => handoverKey(turn.rota.name, today), now)
    if (!missed.length) return
    this.app.deliver(
      missed.map(({ rota, person }) =>
        say({ person: rota.leader as string }, `【值班未签到】${chineseDate(today)} ${rota.name}（${person}）到 ${rota.handover} 交接时还没有签到，请了解一下情况。`),
      ),
    )
  }

  /** The turns whose marker this call claimed; markers already set are checked first, so a quiet minute writes nothing. */
  private async claimFresh(turns: readonly DutyTurn[], keyOf: (turn: DutyTurn) => string, now: Date): Promise<DutyTurn[]> {
    const pending: DutyTurn[] = []
    for (const turn of turns) if (!(await this.app.once.has(keyOf(turn)))) pending.push(turn)
    if (!pending.length) return []
    const fresh = await this.app.once.claim(pending.map(keyOf), now)
    return pending.filter((turn) => fresh.has(keyOf(turn)))
  }

  /** Duties with no check-in by handover, for the admins' daily summary. */
  async missedSection(dateKey: string): Promise<SummarySection[]> {
    const now = this.app.clock.now()
    const missed: string[] = []
    for (const { rota, person } of await this.turns(dateKey, dateKey)) {
      if (!this.handoverPassed(rota, dateKey, now) || (await this.checkInOf(rota.name, dateKey))) continue
      missed.push(`${rota.name}：${person}${rota.leader ? `（已私聊告知 ${rota.leader}）` : ''}`)
    }
    return missed.length ? [{ title: `值班未签到 ${missed.length} 项`, lines: missed }] : []
  }

  /** Duty days covered and disinfections in a span, for the upward report; nothing when no duty is configured. */
  async figures(from: string, to: string): Promise<ReportFigure[]> {
    const disinfections = (await this.disinfectionsBetween(from, to)).length
    if (!this.rotas.length && !disinfections) return []
    const lastDay = to < this.app.today() ? to : this.app.today()
    const turns = from <= lastDay ? await this.turns(from, lastDay) : []
    const checkIns = await this.checkInsBetween(from, lastDay)
    const covered = turns.filter((turn) => checkIns.some((checkIn) => checkIn.duty === turn.rota.name && checkIn.date === turn.date)).length
    return [
      { label: '值班签到（天次）', value: `${covered}/${turns.length}` },
      { label: '消毒记录（次）', value: disinfections },
    ]
  }

  dateKey(at: Date): string {
    return dateKeyOf(at, this.timeZone)
  }

  /** Today and the next `days` days, for `/值班`. */
  upcoming(today: string, days: number): Promise<DutyTurn[]> {
    return this.turns(today, addDays(today, days))
  }
}
