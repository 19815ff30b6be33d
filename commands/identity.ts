import { z } from 'zod'
import { bindingsDocument } from '../src/app/bindings.js'
import { shownName } from '../src/app/context.js'
import { echo } from '../src/app/router.js'
import { defineArea, defineCommand, type AppContext } from '../src/app/types.js'
import { identify } from '../src/domain/identity.js'
import type { Person } from '../src/domain/types.js'
import { say } from '../src/domain/types.js'
import { noArgs } from './args.js'

const MATCHED_BY_TEXT = {
  roomAlias: '群昵称',
  contactName: '微信名',
  alias: '名单里的别名',
  binding: '绑定',
} as const

const ASK_AN_ADMIN = '如果名单上的这位就是你，请请行政群的老师发送 /绑定 你的微信名 姓名 帮你绑定。'

/**
 * Binds a nickname to a roster name. When someone else did it (an admin), the person it names
 * hears of it privately, if the bot can tell which contact they are.
 */
async function bind(app: AppContext, nickname: string, person: Person, byAdmin?: string): Promise<void> {
  const bindings = await app.store.open(bindingsDocument)
  const previous = bindings.data.byNickname[nickname]
  if (previous && previous !== person.name) app.log.warn(`昵称绑定变更 (binding changed): ${previous} -> ${person.name}`)
  await bindings.update((data) => {
    data.byNickname[nickname] = person.name
  })
  if (!byAdmin) return
  app.deliver([say({ person: person.name }, `提醒：微信名“${nickname}”刚被管理员${byAdmin}绑定到你（${person.name}）的名下，以后它发的消息都记在你名下。如果这不是你本人，请马上告诉行政群的老师。`)])
}

/**
 * Who is who. `/我是 姓名` binds the sender's nickname to a roster name, but only when nobody
 * in the school's groups already is that person (a display name is a claim anyone can copy);
 * otherwise an admin binds with `/绑定`. `/我是谁` tells the truth; joining or leaving the admin
 * group is announced there, since it grants or removes rights at once.
 */
export const identityArea = defineArea({
  name: 'identity',
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
        if (context.sender?.person.name === person.name) return context.reply(`我已经认出你是 ${person.name} 了，不用绑定。`)
        const others = await app.identities.othersClaiming(person.name, context.incoming.sender.contact)
        if (others.length) return context.reply(`学校的群里已经有人是 ${person.name}，不能用 /我是 绑定。${ASK_AN_ADMIN}`)
        const nickname = shownName(context.incoming)
        await bind(app, nickname, person)
        context.reply(`好的，以后“${nickname}”发的消息都记在 ${person.name} 名下。`)
      },
    })

    const bindCommand = defineCommand({
      names: ['bind', '绑定'],
      summary: '管理员把一个微信名（或群昵称）绑定到名单上的某人',
      usage: '/绑定 微信名 姓名，例如 /绑定 小吴 吴强',
      access: 'admin',
      args: z.tuple([z.string(), z.string()], { message: '请写微信名和名单上的姓名，例如 /绑定 小吴 吴强' }),
      async run(context, [nickname, name]) {
        const person = app.roster.find(name)
        if (!person) return context.reply(`名单里没有“${echo(name)}”。`)
        await bind(app, nickname, person, context.senderName)
        context.reply(`已绑定：以后“${echo(nickname)}”发的消息都记在 ${person.name} 名下。已私聊告知 ${person.name}（如果能联系到）。`)
      },
    })

    const whoami = defineCommand({
      names: ['whoami', '我是谁'],
      summary: '看看我把你认成了谁',
      usage: '/我是谁',
      access: 'everyone',
      openToStrangers: true,
      args: noArgs,
      async run(context) {
        const { sender, isAdmin, incoming } = context
        if (!incoming.senderGroups.length) return context.reply('你不在学校的任何工作群里，我不会把你和名单上的任何人对应起来。')
        const rights = isAdmin ? '你是行政群成员，可以使用管理命令。' : '你不是行政群成员，只能使用普通命令。'
        if (!sender) return context.reply(`我还不认识“${echo(context.senderName)}”。请发送 /我是 你的姓名（名单上的）。${rights}`)
        const { person, matchedBy } = sender
        const klass = person.classLabel ? `，班主任：${person.classLabel}` : ''
        const groups = incoming.senderGroups.length ? `，在这些群里：${incoming.senderGroups.join('、')}` : ''
        const others = await app.identities.othersClaiming(person.name, incoming.sender.contact)
        const shared = others.length ? `\n注意：还有 ${others.length} 个微信号也显示为 ${person.name}，为保护隐私，涉及你健康信息的私聊暂不发送，请联系行政群的老师处理。` : ''
        context.reply(`你是 ${person.name}（按${MATCHED_BY_TEXT[matchedBy]}认出${klass}${groups}）。${rights}${shared}`)
      },
    })

    function welcome(room: string, joined: readonly string[]): void {
      const unrecognised = joined.filter((name) => !identify({ contactName: name }, app.roster, app.bindingOf))
      const lines = [`欢迎${joined.join('、')}加入！每天上午、下午请在群里报一次体温，例如：体温36.5 无症状。`]
      const namesakes = unrecognised.filter((name) => app.roster.sameNamed(name).length)
      for (const name of namesakes) {
        lines.push(`${name}：名单上有几位${name}，请发送 ${app.roster.sameNamed(name).map((person) => `/我是 ${person.name}`).join(' 或 ')}，告诉我你是哪一位。`)
      }
      const others = unrecognised.filter((name) => !namesakes.includes(name))
      if (others.length) {
        lines.push(`${others.join('、')}：如果微信名和学校名单上的姓名不一样，请发送 /我是 姓名（例如 /我是 王芳），我才能认出你。`)
      }
      lines.push('发送 /帮助 查看我能做什么。')
      app.deliver([say({ room }, lines.join('\n'), [...joined])])
    }

    return {
      commands: [iam, bindCommand, whoami],
      onMembership(event) {
        const role = app.roleOf(event.room)
        if (role === 'staff' && event.joined.length) welcome(event.room, event.joined)
        if (role !== 'admin') return
        // Membership of the admin group is what grants admin rights: every change is visible there.
        const lines = [
          ...(event.joined.length ? [`${event.joined.join('、')} 加入了${event.room}，现在起可以使用管理命令。`] : []),
          ...(event.left.length ? [`${event.left.join('、')} 离开了${event.room}，不再有管理权限。`] : []),
        ]
        if (lines.length) app.deliver([say({ room: event.room }, lines.join('\n'))])
      },
    }
  },
})
