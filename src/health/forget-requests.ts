import { z } from 'zod'
import { defineDocument } from '../store/store.js'

const forgetRequestsSchema = z.object({
  /** Roster name → ISO time of the request, waiting for an admin to confirm. */
  pending: z.record(z.string(), z.string()),
})

/** People who asked for their health data to be deleted (/删除我的数据). */
export const forgetRequestsDocument = defineDocument('forget-requests', forgetRequestsSchema, () => ({ pending: {} }))
