import type { AppContext, MessageContext } from '../app/types.js'
import { isoInZone } from '../domain/time.js'
import type { AuditEntry } from '../store/audit.js'

/** Who is named for what the bot sends on its own: alerts, the daily summary, reminders. */
export const SYSTEM = '系统'

/**
 * What was asked for, never what was shown: `slot`, `date`, `from`/`to`, `person`, `class`.
 * Absent values are left out, so a line says only what narrowed the look.
 */
export type AuditScope = Partial<Record<'slot' | 'date' | 'from' | 'to' | 'person' | 'class', string | readonly string[] | undefined>>
export type AuditWhere = AuditEntry['where']

/** Where a command's health details went: the admin group it was asked in, else the sender privately. */
export const detailsWhere = (context: MessageContext): AuditWhere =>
  context.incoming.room !== undefined && context.inAdminPlace ? { room: context.incoming.room } : { person: context.senderName }

/**
 * Appends one line to the access audit, before the details are sent: a look that cannot be
 * recorded is not shown (a store failure stops the bot). A command's line names its sender
 * and, unless told otherwise, where its details went; the bot's own sends name where.
 */
export interface Audit {
  (asked: MessageContext, what: string, scope: AuditScope, where?: AuditWhere): Promise<void>
  (system: typeof SYSTEM, what: string, scope: AuditScope, where: AuditWhere): Promise<void>
}

export function auditFor(app: Pick<AppContext, 'store' | 'clock' | 'config'>): Audit {
  return ((by: MessageContext | typeof SYSTEM, what: string, scope: AuditScope, where?: AuditWhere) => {
    const stated = Object.fromEntries(Object.entries(scope).flatMap(([key, value]) => (value === undefined ? [] : [[key, typeof value === 'string' ? value : [...value]]])))
    return app.store.audit.append({
      at: isoInZone(app.clock.now(), app.config.timezone),
      who: by === SYSTEM ? SYSTEM : by.senderName,
      what,
      scope: stated,
      // The overloads make the bot's own sends say where they went.
      where: where ?? detailsWhere(by as MessageContext),
    })
  }) as Audit
}

type Subject = { kind: 'person'; name: string } | { kind: 'class'; classLabel: string }

/** Whose details were shown, as scope: people by name, classes by label (an empty side is left out). */
export function subjectsScope(subjects: readonly Subject[]): AuditScope {
  const people = [...new Set(subjects.flatMap((subject) => (subject.kind === 'person' ? [subject.name] : [])))]
  const classes = [...new Set(subjects.flatMap((subject) => (subject.kind === 'class' ? [subject.classLabel] : [])))]
  return { ...(people.length ? { person: people } : {}), ...(classes.length ? { class: classes } : {}) }
}
