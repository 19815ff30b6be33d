import { echo } from '../app/router.js'
import type { AppContext, ReportFigure, SummarySection } from '../app/types.js'
import { dateText } from '../domain/date-arg.js'
import { clockText, dateKeyOf } from '../domain/time.js'
import { articleName, levelPendingIn, STATUSES, type Article, type ArticleEvent, type Level, type ReviewEvent } from './article.js'
import type { PublicitySection } from './config.js'
import { articlesDocument } from './data.js'
import { allowedMoves, MOVE_NAMES, moveTarget, type Move } from './pipeline.js'
import { eligibleReviewers, mayPublish, mayWithdraw, reviewRefusal, type Reviewers } from './rules.js'
import { statistics, statisticsText, touchedIn, type Span } from './statistics.js'

/** Who did something, when, and whether they are an admin (a member of an admin group, wherever they wrote). */
export interface Actor {
  name: string
  at: Date
  isAdmin: boolean
}

const done = (actor: Actor) => ({ at: actor.at.toISOString(), by: actor.name })

type Outcome = { ok: true; article: Article } | { ok: false; text: string }

const FINISHED: readonly Article['status'][] = ['已发布', '已撤稿']
const REVIEW_HINT = (id: number): string => `审核请发 /审核 ${id} 通过 [意见] 或 /审核 ${id} 退回 原因。`

/** The desk's rules and records: every command's effect and reply, the board, history and figures. */
export class PublicityDesk {
  readonly reviewers: Reviewers
  /** Roster names who may write. */
  readonly writers: readonly string[]

  constructor(
    private readonly app: AppContext,
    private readonly settings: PublicitySection,
  ) {
    this.reviewers = settings.reviewers
    const publicityRooms = app.topicsWithRole('publicity')
    this.writers =
      settings.writers ?? app.roster.people.filter((person) => person.groups.some((group) => publicityRooms.includes(group))).map((person) => person.name)
  }

  private get levels(): number {
    return this.settings.levels
  }

  private document() {
    return this.app.store.open(articlesDocument)
  }

  private today(): string {
    return this.app.today()
  }

  private dayOf(iso: string): string {
    return dateKeyOf(new Date(iso), this.app.config.timezone)
  }

  private dateText(dateKey: string): string {
    return dateText(dateKey, this.today())
  }

  async all(): Promise<readonly Article[]> {
    return (await this.document()).data.articles
  }

  async touchedIn(span: Span): Promise<Article[]> {
    return touchedIn(await this.all(), span, this.app.config.timezone)
  }

  /** Roster names for names as typed (aliases allowed), or why one cannot write. */
  private writersNamed(typed: readonly string[]): { ok: true; names: string[] } | { ok: false; text: string } {
    const names: string[] = []
    for (const word of typed) {
      const person = this.app.roster.find(word)
      if (!person) return { ok: false, text: `名单里没有“${echo(word)}”，撰稿人请写名单上的姓名。` }
      if (!this.writers.includes(person.name)) return { ok: false, text: `${person.name}不在撰稿人名单上（撰稿人：${this.writers.join('、') || '未配置'}）。` }
      if (!names.includes(person.name)) names.push(person.name)
    }
    return { ok: true, names }
  }

  async propose(actor: Actor, proposal: { title: string; writers: readonly string[]; due: string }): Promise<string> {
    const named = this.writersNamed(proposal.writers)
    if (!named.ok) return named.text
    const document = await this.document()
    let article: Article | undefined
    await document.update((data) => {
      article = {
        id: data.nextId,
        title: proposal.title,
        status: named.names.length ? '撰写中' : '选题',
        writers: named.names,
        due: proposal.due,
        since: actor.at.toISOString(),
        events: [{ kind: 'propose', ...done(actor), writers: [...named.names], due: proposal.due }],
      }
      data.articles.push(article)
      data.nextId += 1
    })
    const created = article as Article
    const due = `截止 ${this.dateText(created.due)}`
    if (!created.writers.length) return `已立选题 ${articleName(created)}，${due}。撰稿人发 /认领 ${created.id} 认领。`
    return `已立选题 ${articleName(created)}，撰稿：${created.writers.join('、')}，${due}。写好后发 /交稿 ${created.id} [链接或说明]。`
  }

  /**
   * Applies `move` to article `id` when the pipeline allows it and `refusal` finds nothing:
   * checked and changed in one synchronous step, so two messages at once cannot both pass.
   */
  private async move(
    id: number,
    move: Move,
    refusal: (article: Article) => string | undefined,
    record: (article: Article) => ArticleEvent,
    apply?: (article: Article) => void,
  ): Promise<Outcome> {
    const document = await this.document()
    const found = document.data.articles.find((article) => article.id === id)
    if (!found) return { ok: false, text: `没有稿件 #${id}。发 /稿件 查看全部稿件。` }
    const target = moveTarget(found.status, move, this.levels)
    if (!target) {
      const allowed = allowedMoves(found.status, this.levels).map((other) => MOVE_NAMES[other])
      return { ok: false, text: `稿件 #${id} 现在是「${found.status}」，不能${MOVE_NAMES[move]}${allowed.length ? `（现在可以：${allowed.join('、')}）` : ''}。` }
    }
    const refused = refusal(found)
    if (refused) return { ok: false, text: refused }
    const event = record(found)
    await document.update(() => {
      if (found.status !== target) found.since = event.at
      found.status = target
      found.events.push(event)
      apply?.(found)
    })
    return { ok: true, article: found }
  }

  eligibleReviewersOf(article: Article): string[] {
    return eligibleReviewers(article, this.reviewers)
  }

  private holdersText(article: Article): string {
    const level = levelPendingIn(article.status)
    if (level) return `${level}：${this.eligibleReviewersOf(article).join('、') || '没有可审核的人'}`
    return article.writers.join('、')
  }

  async claim(actor: Actor, id: number): Promise<string> {
    const outcome = await this.move(
      id,
      'claim',
      (article) => {
        if (article.writers.includes(actor.name)) return `你已经是 ${articleName(article)} 的撰稿人了。`
        const named = this.writersNamed([actor.name])
        return named.ok ? undefined : named.text
      },
      () => ({ kind: 'claim', ...done(actor) }),
      (article) => article.writers.push(actor.name),
    )
    if (!outcome.ok) return outcome.text
    const { article } = outcome
    return `${actor.name}认领了 ${articleName(article)}（撰稿：${article.writers.join('、')}），截止 ${this.dateText(article.due)}。写好后发 /交稿 ${id} [链接或说明]。`
  }

  async submit(actor: Actor, id: number, note: string): Promise<string> {
    const outcome = await this.move(
      id,
      'submit',
      (article) => (actor.isAdmin || article.writers.includes(actor.name) ? undefined : `只有撰稿人（${article.writers.join('、')}）或行政群成员可以交稿。`),
      () => ({ kind: 'submit', ...done(actor), ...(note ? { note } : {}) }),
    )
    if (!outcome.ok) return outcome.text
    const { article } = outcome
    return `${articleName(article)} 已交稿，等待初审（${this.holdersText(article)}）。${REVIEW_HINT(id)}`
  }

  async review(actor: Actor, id: number, verdict: 'pass' | 'return', note: string): Promise<{ text: string; mentions?: string[] }> {
    const outcome = await this.move(
      id,
      verdict,
      (article) => reviewRefusal(article, actor.name, this.reviewers),
      // The pipeline let the move through, so the article is waiting for a level.
      (article) => ({ kind: 'review', ...done(actor), level: levelPendingIn(article.status) as Level, verdict, ...(note ? { note } : {}) }),
    )
    if (!outcome.ok) return { text: outcome.text }
    const { article } = outcome
    const { level } = article.events.at(-1) as ReviewEvent
    if (verdict === 'return') {
      return {
        text: `${articleName(article)} ${level}退回修改（${actor.name}）：${note}\n撰稿人${article.writers.join('、')}修改后请再发 /交稿 ${id}。`,
        mentions: article.writers,
      }
    }
    const passed = `${articleName(article)} ${level}通过（${actor.name}${note ? `，意见：${note}` : ''}）`
    if (article.status === '待发布') return { text: `${passed}，可以发布了。发布后请发 /发布 ${id} 链接。` }
    return { text: `${passed}，等待${levelPendingIn(article.status)}（${this.holdersText(article)}）。${REVIEW_HINT(id)}` }
  }

  async publish(actor: Actor, id: number, link: string): Promise<string> {
    const outcome = await this.move(
      id,
      'publish',
      (article) => (actor.isAdmin || mayPublish(article, actor.name, this.reviewers) ? undefined : '只有撰稿人、终审审核人或行政群成员可以发布。'),
      () => ({ kind: 'publish', ...done(actor), link }),
      (article) => (article.link = link),
    )
    return outcome.ok ? `${articleName(outcome.article)} 已发布：${link}` : outcome.text
  }

  async withdraw(actor: Actor, id: number, reason: string): Promise<string> {
    const outcome = await this.move(
      id,
      'withdraw',
      (article) => (actor.isAdmin || mayWithdraw(article, actor.name, this.reviewers) ? undefined : '只有撰稿人、初审或终审审核人、行政群成员可以撤稿。'),
      () => ({ kind: 'withdraw', ...done(actor), reason }),
    )
    return outcome.ok ? `${articleName(outcome.article)} 已撤稿：${reason}` : outcome.text
  }

  /** `/稿件`: what is in progress, by status, with who is holding each. */
  async board(): Promise<string> {
    const articles = await this.all()
    const today = this.today()
    const lines: string[] = []
    for (const status of STATUSES.filter((candidate) => !FINISHED.includes(candidate))) {
      const inStatus = articles.filter((article) => article.status === status)
      if (!inStatus.length) continue
      lines.push(`${status}（${inStatus.length}）：`)
      for (const article of inStatus) {
        const holder = article.status === '选题' ? '待认领' : this.holdersText(article)
        const writing = article.status === '选题' || article.status === '撰写中'
        const due = writing ? `，截止 ${this.dateText(article.due)}${article.due < today ? '（已逾期）' : ''}` : ''
        lines.push(`  ${articleName(article)} ${holder}${due}`)
      }
    }
    const finished = FINISHED.map((status) => `${status} ${articles.filter((article) => article.status === status).length} 篇`).join('，')
    if (!lines.length) return `没有进行中的稿件（${finished}）。立选题：/选题 标题 [撰稿 姓名] [截止 日期]`
    return [`【稿件】`, ...lines, `${finished}。发 /稿件 编号 查看经过。`].join('\n')
  }

  private eventText(event: ArticleEvent): string {
    switch (event.kind) {
      case 'propose':
        return `立选题${event.writers.length ? `，撰稿：${event.writers.join('、')}` : ''}，截止 ${this.dateText(event.due)}`
      case 'claim':
        return '认领'
      case 'submit':
        return `交稿${event.note ? `：${event.note}` : ''}`
      case 'review':
        return event.verdict === 'pass' ? `${event.level}通过${event.note ? `：${event.note}` : ''}` : `${event.level}退回修改：${event.note ?? ''}`
      case 'publish':
        return `发布：${event.link}`
      case 'withdraw':
        return `撤稿：${event.reason}`
    }
  }

  /** `/稿件 N`: the whole history with dates. */
  async history(id: number): Promise<string> {
    const article = (await this.all()).find((candidate) => candidate.id === id)
    if (!article) return `没有稿件 #${id}。发 /稿件 查看全部稿件。`
    const when = (iso: string): string => `${this.dateText(this.dayOf(iso))} ${clockText(new Date(iso), this.app.config.timezone)}`
    const holder = FINISHED.includes(article.status) || article.status === '选题' ? '' : `，${this.holdersText(article)}`
    return [
      `${articleName(article)} 现在：${article.status}（${when(article.since)}起${holder}）`,
      `撰稿：${article.writers.join('、') || '待认领'}；截止 ${this.dateText(article.due)}${article.link ? `；链接：${article.link}` : ''}`,
      ...article.events.map((event) => `${when(event.at)} ${event.by} ${this.eventText(event)}`),
    ].join('\n')
  }

  async statisticsText(span: Span, spanLabel: string): Promise<string> {
    return statisticsText(statistics(await this.all(), span, this.app.config.timezone), spanLabel)
  }

  async figures(from: string, to: string): Promise<ReportFigure[]> {
    const stats = statistics(await this.all(), { from, to }, this.app.config.timezone)
    return [
      { label: '经手稿件', value: stats.articles },
      { label: '发布稿件', value: stats.published },
      { label: '写稿审稿人次', value: stats.personTimes },
      { label: '退回修改', value: stats.returned },
    ]
  }

  /** One line of the daily summary: due today, waiting for review, published today. */
  async summary(dateKey: string): Promise<SummarySection[]> {
    const articles = await this.all()
    const dueToday = articles.filter((article) => (article.status === '选题' || article.status === '撰写中') && article.due === dateKey).length
    const waiting = articles.filter((article) => levelPendingIn(article.status)).length
    const published = articles.filter((article) => article.events.some((event) => event.kind === 'publish' && this.dayOf(event.at) === dateKey)).length
    if (!dueToday && !waiting && !published) return []
    return [{ title: '宣传稿件', lines: [`今天截止 ${dueToday} 篇，待审核 ${waiting} 篇，今天发布 ${published} 篇`] }]
  }
}
