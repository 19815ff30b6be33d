import { z } from 'zod'
import { defineDocument } from '../store/store.js'

/**
 * `/我是` and `/绑定` bindings: WeChat nickname → roster name. Nicknames survive re-login;
 * WeChat ids do not, so they are never stored.
 */
export const bindingsDocument = defineDocument('bindings', z.object({ byNickname: z.record(z.string(), z.string()) }), () => ({ byNickname: {} }))
