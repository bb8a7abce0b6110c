/**
 * Sends one signed, encrypted callback to a running bot, as WeCom would, and prints the decrypted
 * synchronous reply. Credentials come from the same configuration as the bot (loadConfig()).
 *
 * npm run callback -- --url http://127.0.0.1:3000 --user zhangsan --chat wrXXXX "@项目调度助手 查 贺巴"
 * Options: --aibot (the 智能机器人 endpoint) · --json (robot JSON format) · --key WEBHOOKKEY · --verify
 */
import { parseArgs } from 'node:util';
import { ConfigError, loadConfig } from '../src/config.ts';
import { createCallbackClient } from '../test/fake-wecom/callback-client.ts';

async function main(): Promise<void> {
  const { values, positionals } = parseArgs({
    allowPositionals: true,
    options: {
      url: { type: 'string', default: 'http://127.0.0.1:3000' },
      user: { type: 'string', default: 'zhangsan' },
      name: { type: 'string' },
      chat: { type: 'string' },
      key: { type: 'string' },
      msgid: { type: 'string' },
      aibot: { type: 'boolean', default: false },
      json: { type: 'boolean', default: false },
      verify: { type: 'boolean', default: false },
    },
  });
  const config = loadConfig();
  const token = values.aibot ? config.WECOM_AIBOT_TOKEN : config.WECOM_TOKEN;
  const aesKey = values.aibot ? config.WECOM_AIBOT_ENCODING_AES_KEY : config.WECOM_ENCODING_AES_KEY;
  if (!token || !aesKey) {
    const vars = values.aibot
      ? 'WECOM_AIBOT_TOKEN and WECOM_AIBOT_ENCODING_AES_KEY'
      : 'WECOM_TOKEN and WECOM_ENCODING_AES_KEY';
    console.error(`Set ${vars} (the same values the bot uses).`);
    process.exit(2);
  }
  const client = createCallbackClient({
    baseUrl: values.url!,
    token,
    aesKey,
    botName: config.BOT_NAME,
    path: values.aibot ? '/wecom/aibot' : '/wecom/callback',
    format: values.json ? 'json' : 'xml',
  });
  if (values.verify) {
    const v = await client.verifyUrl();
    console.log(
      `URL verification: HTTP ${v.status} ${v.ok ? 'OK' : `expected ${v.expected}, got ${JSON.stringify(v.body)}`}`,
    );
    process.exit(v.ok ? 0 : 1);
  }
  const raw = positionals.join(' ').trim();
  if (!raw) {
    console.error('Give the message text, e.g. "@项目调度助手 查 贺巴"');
    process.exit(2);
  }
  // The client adds the "@BotName " prefix to group text itself; accept it typed or not.
  const text = raw.replace(new RegExp(`^@${config.BOT_NAME}\\s*`), '');
  const r = await client.sendText({
    userId: values.user!,
    userName: values.name,
    chatId: values.chat,
    chatType: values.chat ? 'group' : 'single',
    text,
    msgId: values.msgid,
    webhookKey: values.key,
  });
  console.log(`HTTP ${r.status} in ${Math.round(r.ms)} ms (MsgId ${r.msgId})`);
  if (r.reply) {
    console.log(
      `reply (${r.reply.msgtype}${r.reply.mentions.length ? `, @${r.reply.mentions.join(' @')}` : ''}):`,
    );
    console.log(r.reply.content);
  } else if (r.status === 200) {
    console.log('empty answer: the reply goes out through the group webhook');
  } else {
    console.log(r.body);
  }
}

main().catch((err) => {
  console.error(err instanceof ConfigError ? err.message : err);
  process.exit(1);
});
