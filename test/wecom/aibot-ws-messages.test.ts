/**
 * Frames in and replies out, through WeCom's real SDK against the fake gateway: messages become the
 * bot's InboundMessage, replies arrive as finished streams, cards carry the choice back.
 */
import { describe, expect, it } from 'vitest';
import { answeredCard, newTaskId, replyTarget } from '../../src/wecom/aibot-ws/index.ts';
import { GATEWAY_ERR } from '../fake-wecom/aibot-gateway.ts';
import { aibotTestEnv, BOT_ID, until } from './aibot-ws-harness.ts';

const env = await aibotTestEnv();
const h = env.holder();
await until('connected', () => h.connection.state.current === 'connected');

const frameFor = (msgid: string) =>
  until(`frame ${msgid}`, () => h.frames.find((f) => f.message.msgId === msgid));

describe('messages over the long connection', () => {
  it('subscribes with the bot id and secret and reports connected', () => {
    const s = h.connection.state.snapshot();
    expect(s.status).toBe('connected');
    expect(s.holder).toBe(true);
    expect(env.gateway.subscriptions(BOT_ID).map((x) => x.errcode)).toEqual([0]);
    expect(env.gateway.openConnections(BOT_ID)).toBe(1);
  });

  it('turns a group text frame into an InboundMessage carrying its req_id', async () => {
    const p = env.gateway.pushText({
      userId: 'zhangwei',
      chatId: 'wrGroup01',
      text: '@项目调度助手 查 贺巴',
    });
    const { message, frame } = await frameFor(p.msgid);
    expect(message).toMatchObject({
      msgId: p.msgid,
      channel: 'aibot-ws',
      chatType: 'group',
      chatId: 'wrGroup01',
      userId: 'zhangwei',
      kind: 'text',
      text: '@项目调度助手 查 贺巴',
      reqId: p.reqId,
      imageUrls: [],
    });
    expect(message.fromVoice).toBeUndefined();
    expect(frame.headers.req_id).toBe(p.reqId);
    expect(frame.body).toMatchObject({ msgid: p.msgid, aibotid: BOT_ID });
  });

  it('reads a voice frame as text with the voice flag', async () => {
    const p = env.gateway.pushVoice({ userId: 'lina', text: '进度 贺巴 本月完成投资1200万元' });
    const { message } = await frameFor(p.msgid);
    expect(message).toMatchObject({
      kind: 'voice',
      text: '进度 贺巴 本月完成投资1200万元',
      fromVoice: true,
      chatType: 'single',
      userId: 'lina',
    });
    expect(message.chatId).toBeUndefined();
  });

  it('keeps each image URL with its own AES key, which decrypts what the URL serves', async () => {
    const png = Buffer.from('89504e470d0a1a0a0000000d49484452', 'hex');
    const p = env.gateway.pushMixed({
      userId: 'lina',
      chatId: 'wrGroup01',
      items: ['现场照片', { image: png }],
    });
    const { message } = await frameFor(p.msgid);
    expect(message.kind).toBe('mixed');
    expect(message.text).toBe('现场照片');
    expect(message.imageUrls).toHaveLength(1);
    expect(message.imageAesKeys).toHaveLength(1);
    const { buffer } = await h.connection
      .client()!
      .downloadFile(message.imageUrls[0]!, message.imageAesKeys![0]);
    expect(buffer.equals(png)).toBe(true);

    const single = env.gateway.pushImage({ userId: 'lina', image: png });
    const img = (await frameFor(single.msgid)).message;
    expect(img).toMatchObject({ kind: 'image', chatType: 'single' });
    expect(img.imageUrls).toHaveLength(1);
  });

  it('answers a message with markdown as one finished stream', async () => {
    const p = env.gateway.pushText({ userId: 'zhangwei', chatId: 'wrGroup01', text: '@项目调度助手 日报' });
    const { message } = await frameFor(p.msgid);
    await h.sender.replyMarkdown(replyTarget(message), '**日报**\n贺巴：本月完成投资1200万元');
    const streams = env.gateway.streams().filter((s) => s.reqId === p.reqId);
    expect(streams).toHaveLength(1);
    expect(streams[0]).toMatchObject({
      conversation: 'wrGroup01',
      content: '**日报**\n贺巴：本月完成投资1200万元',
      finished: true,
      frames: 1,
    });
  });

  it('refuses a second stream for the same message: the stream id comes from the req_id', async () => {
    const p = env.gateway.pushText({ userId: 'zhangwei', text: '查 贺巴' });
    const { message } = await frameFor(p.msgid);
    await h.sender.replyMarkdown(replyTarget(message), '第一次');
    await expect(h.sender.replyMarkdown(replyTarget(message), '第二次')).rejects.toMatchObject({
      code: 'wecom_api_error',
      errcode: GATEWAY_ERR.expired,
    });
    expect(
      env.gateway
        .streams()
        .filter((s) => s.reqId === p.reqId)
        .map((s) => s.content),
    ).toEqual(['第一次']);
  });

  it('sends an answer longer than one message as the stream plus markdown, in order', async () => {
    const p = env.gateway.pushText({ userId: 'zhangwei', chatId: 'wrLong', text: '月报' });
    const { message } = await frameFor(p.msgid);
    const lines = Array.from({ length: 900 }, (_, i) => `第${i + 1}行 项目进度情况说明`);
    await h.sender.replyMarkdown(replyTarget(message), lines.join('\n'));
    const stream = env.gateway.streams().find((s) => s.reqId === p.reqId)!;
    const rest = env.gateway.sends('wrLong').map((s) => s.content!);
    expect(rest.length).toBeGreaterThan(0);
    const all = [stream.content, ...rest].join('\n').split('\n');
    expect(all).toEqual(lines);
    for (const piece of [stream.content, ...rest])
      expect(Buffer.byteLength(piece)).toBeLessThanOrEqual(20_480);
  });

  it('asks with a button card in a single chat; the press arrives as an event carrying the choice', async () => {
    const p = env.gateway.pushText({ userId: 'wangfang', text: '进度 福六 完成60%' });
    const { message } = await frameFor(p.msgid);
    const card = {
      taskId: newTaskId(),
      title: '“福六”对应多个项目，请选择',
      options: [
        { answer: '1', label: '福六水库' },
        { answer: '2', label: '福六大桥' },
      ],
    };
    expect(await h.sender.replyChoice(replyTarget(message), card)).toBe('card');
    const sent = env.gateway.cards().find((c) => c.taskId === card.taskId)!;
    expect(sent.card).toMatchObject({ card_type: 'button_interaction', task_id: card.taskId });

    const press = env.gateway.pressButton({ userId: 'wangfang', taskId: card.taskId, key: '2' });
    const event = (await frameFor(press.msgid)).message;
    expect(event).toMatchObject({
      kind: 'event',
      eventType: 'template_card_event',
      userId: 'wangfang',
      text: '2',
      cardAction: { taskId: card.taskId, key: '2', cardType: 'button_interaction' },
    });

    await h.sender.updateCard(replyTarget(event), answeredCard(card, '2'));
    expect(sent.updates.at(-1)).toMatchObject({ task_id: card.taskId, sub_title_text: '已选择：福六大桥' });
  });

  it('falls back to the same question as text where WeCom refuses cards (groups)', async () => {
    const p = env.gateway.pushText({ userId: 'wangfang', chatId: 'wrGroup02', text: '进度 福六 完成60%' });
    const { message } = await frameFor(p.msgid);
    const card = {
      taskId: newTaskId(),
      title: '请确认本月完成投资',
      description: '1200万元',
      options: [
        { answer: '是', label: '确认' },
        { answer: '否', label: '有误' },
      ],
    };
    expect(await h.sender.replyChoice(replyTarget(message), card)).toBe('text');
    const refused = env.gateway
      .results('aibot_respond_msg')
      .filter((r) => r.reqId === p.reqId)
      .map((r) => r.errcode);
    expect(refused).toEqual([GATEWAY_ERR.msgType, 0]);
    const stream = env.gateway.streams().find((s) => s.reqId === p.reqId)!;
    expect(stream.finished).toBe(true);
    expect(stream.content).toContain('回复“是”：确认');
    expect(stream.content).toContain('回复“否”：有误');
  });

  it('sends markdown to a chat without an incoming message', async () => {
    await h.sender.sendMarkdown('wrGroup01', '**周报** 本周新开工项目3个');
    expect(env.gateway.sends('wrGroup01').at(-1)).toMatchObject({
      msgtype: 'markdown',
      content: '**周报** 本周新开工项目3个',
    });
  });

  it('delivers an enter_chat event, which a welcome answers', async () => {
    const p = env.gateway.pushEnterChat({ userId: 'lina' });
    const { message } = await frameFor(p.msgid);
    expect(message).toMatchObject({
      kind: 'event',
      eventType: 'enter_chat',
      chatType: 'single',
      userId: 'lina',
    });
    await h.sender.replyWelcome(replyTarget(message), '您好，我是项目调度助手，发“帮助”查看用法。');
    expect(env.gateway.sends('lina').at(-1)).toMatchObject({
      msgtype: 'text',
      content: '您好，我是项目调度助手，发“帮助”查看用法。',
    });
  });

  it('sends a choice to a chat without a message: a card in a single chat, text in a group once refused', async () => {
    const card = {
      taskId: newTaskId(),
      title: '贺巴项目8月进度未报送，现在报送吗？',
      options: [
        { answer: '是', label: '现在报送' },
        { answer: '否', label: '稍后' },
      ],
    };
    expect(await h.sender.sendChoice('lina', 'single', card)).toBe('card');
    expect(env.gateway.sends('lina').at(-1)).toMatchObject({ msgtype: 'template_card' });

    // Groups refused a card earlier in this file: no second try, straight to text.
    const tries = env.gateway.results('aibot_send_msg').length;
    expect(await h.sender.sendChoice('wrGroup01', 'group', { ...card, taskId: newTaskId() })).toBe('text');
    expect(env.gateway.results('aibot_send_msg').length).toBe(tries + 1);
    expect(env.gateway.sends('wrGroup01').at(-1)).toMatchObject({ msgtype: 'markdown' });
  });
});
