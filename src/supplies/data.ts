import { z } from 'zod'
import { defineDocument } from '../store/store.js'

const movementSchema = z.object({
  date: z.string(),
  at: z.string(),
  kind: z.enum(['in', 'out', 'count']),
  quantity: z.number(),
  expires: z.string().optional(),
  /** Who took it (领用人), for what goes out. */
  person: z.string().optional(),
  by: z.string(),
})

const itemSchema = z.object({ name: z.string(), unit: z.string().optional(), movements: z.array(movementSchema) })

export type StockItem = z.infer<typeof itemSchema>
export type StoredMovement = z.infer<typeof movementSchema>

export const suppliesDocument = defineDocument('supplies', z.object({ items: z.array(itemSchema) }), () => ({ items: [] }))
