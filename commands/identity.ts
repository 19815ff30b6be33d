import { z } from 'zod'
import { bindingsDocument } from '../src/app/bindings.js'
import { defineArea, defineCommand } from '../src/app/types.js'
import { identify } from '../src/domain/identity.js'
import { say } from '../src/domain/types.js'
import { shownName } from '../src/app/context.js'
import { echo } from '../src/app/router.js'
import { noArgs } from './args.js'

const MATCHED_BY_TEXT = {
  roomAlias: '群昵称',
  contactName: '微信名',
  alias: '名单里的别名',
  binding: '你用 /我是 做的绑定',
} as const

/**
 * `/iam 姓名` binds a WeChat nickname to a roster name; `/whoami` shows how the bot sees you;
 * newcomers to a staff group are told once how to report and, if needed, how to be recognised.
 */
export const identityArea = defineArea({
  name: 'identity',
  documents: [bindingsDocument],
  create(app) {
    const iam = defineCommand({
      names: ['iam', '我是'],
      summary: '告诉我你是名单上的谁（微信名和名单不一致时用）',
      usage: '/我是 姓名，例如 /我是 王芳',
      access: 'everyone',
      args: z.array(z.string()).length(1, { message: '请写一个名单上的姓名' }),
      async run(context, [name = '']) {
        const person = app.roster.find(name)
        const sameNamed = app.roster.sameNamed(name)
        if (!person && sameNamed.length) return context.reply(`名单上有 ${sameNamed.length} 位${echo(name)}，请写带括号的全名：${sameNamed.map((namesake) => `/我是 ${namesake.name}`).join(' 或 ')}`)
        if (!person) return context.reply(`名单里没有“${echo(name)}”。请写名单上的姓名，或请管理员把你加进名单。`)
        const nickname = shownName(context.incoming)
        const bindings = await app.store.open(bindingsDocument)
        const previous = bindings.data.byNickname[nickname]
        if (previous && previous !== person.name) app.log.warn(`昵称绑定变更 (binding changed): ${previous} -> ${person.name}`)
        await bindings.update((data) => {
          data.byNickname[nickname] = person.name
        })
        context.reply(`好的，以后“${nickname}”发的消息都记在 ${person.name} 名下。`)
      },
    })

    const whoami = defineCommand({
      names: ['whoami', '我是谁'],
      summary: '看看我把你认成了谁',
      usage: '/我是谁',
      access: 'everyone',
      args: noArgs,
      run(context) {
        const { sender, isAdmin } = context
        const rights = isAdmin ? '你是行政群成员，可以使用管理命令。' : '你不是行政群成员，只能使用普通命令。'
        if (!sender) return context.reply(`我还不认识“${context.senderName}”。请发送 /我是 你的姓名（名单上的）。${rights}`)
        const { person, matchedBy } = sender
        const klass = person.classLabel ? `，班主任：${person.classLabel}` : ''
        const groups = person.groups.length ? `，所在群：${person.groups.join('、')}` : ''
        context.reply(`你是 ${person.name}（按${MATCHED_BY_TEXT[matchedBy]}认出${klass}${groups}）。${rights}`)
      },
    })

    return {
      commands: [iam, whoami],
      onMembership(event) {
        if (!event.joined.length || app.roleOf(event.room) !== 'staff') return
        const unrecognised = event.joined.filter((name) => !identify({ contactName: name }, app.roster, app.bindingOf))
        const lines = [`欢迎${event.joined.join('、')}加入！每天上午、下午请在群里报一次体温，例如：体温36.5 无症状。`]
        const namesakes = unrecognised.filter((name) => app.roster.sameNamed(name).length)
        for (const name of namesakes) {
          lines.push(`${name}：名单上有几位${name}，请发送 ${app.roster.sameNamed(name).map((person) => `/我是 ${person.name}`).join(' 或 ')}，告诉我你是哪一位。`)
        }
        const others = unrecognised.filter((name) => !namesakes.includes(name))
        if (others.length) {
          lines.push(`${others.join('、')}：如果微信名和学校名单上的姓名不一样，请发送 /我是 姓名（例如 /我是 王芳），我才能认出你。`)
        }
        lines.push('发送 /帮助 查看我能做什么。')
        app.deliver([say({ room: event.room }, lines.join('\n'), event.joined)])
      },
    }
  },
})
