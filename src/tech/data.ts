import { z } from 'zod'
import { defineDocument } from '../store/store.js'
import { TICKET_KINDS } from './classify.js'

const reportSchema = z.object({
  reporter: z.string(),
  text: z.string(),
  at: z.string(),
  /** The group it was said in; absent for /报修 in private chat. */
  room: z.string().optional(),
})
export type ProblemReport = z.infer<typeof reportSchema>

const historySchema = z.object({ at: z.string(), by: z.string(), what: z.string() })

const ticketSchema = z.object({
  id: z.number().int(),
  platform: z.string().optional(),
  kind: z.enum(TICKET_KINDS),
  status: z.enum(['open', 'claimed', 'resolved', 'merged']),
  createdAt: z.string(),
  /** The first report opened it; everyone who reported the same incident later joined it. */
  reports: z.array(reportSchema).min(1),
  assignee: z.string().optional(),
  firstResponseAt: z.string().optional(),
  resolvedAt: z.string().optional(),
  resolvedBy: z.string().optional(),
  solution: z.string().optional(),
  mergedInto: z.number().int().optional(),
  history: z.array(historySchema),
})
export type StoredTicket = z.infer<typeof ticketSchema>

/** A problem the FAQ answered at once: no ticket unless the reporter says "没解决". */
const answeredSchema = reportSchema.extend({ question: z.string() })
export type AnsweredProblem = z.infer<typeof answeredSchema>

const storedFaqSchema = z.object({
  id: z.number().int(),
  question: z.string(),
  answer: z.string(),
  any: z.array(z.string()).min(1),
  all: z.array(z.string()),
  addedBy: z.string(),
  addedAt: z.string(),
  fromTicket: z.number().int().optional(),
})
export type StoredFaq = z.infer<typeof storedFaqSchema>

const techSchema = z.object({
  nextTicketId: z.number().int(),
  tickets: z.array(ticketSchema),
  answered: z.array(answeredSchema),
  nextFaqId: z.number().int(),
  faq: z.array(storedFaqSchema),
})
export type TechData = z.infer<typeof techSchema>

export const techDocument = defineDocument('tech', techSchema, () => ({ nextTicketId: 1, tickets: [], answered: [], nextFaqId: 1, faq: [] }))

export const isUnresolved = (ticket: StoredTicket): boolean => ticket.status === 'open' || ticket.status === 'claimed'

/** Everyone who reported an incident, once each, in the order they reported. */
export const reportersOf = (ticket: StoredTicket): string[] => [...new Set(ticket.reports.map((report) => report.reporter))]
