import { z } from 'zod'
import { defineDocument } from '../store/store.js'
import { articleSchema } from './article.js'

export const articlesDocument = defineDocument(
  'publicity',
  z.object({ nextId: z.number().int(), articles: z.array(articleSchema) }),
  () => ({ nextId: 1, articles: [] }),
)
