import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { markdownToPlainText } from '../../src/format/plain-text.ts';
import {
  compactLongReply,
  fullTextFile,
  fullTextFilename,
  fullTextNotice,
} from '../../src/outbound/long-message.ts';
import {
  MARKDOWN_MAX_BYTES,
  replyToBodies,
  TEXT_MAX_BYTES,
  type WebhookBody,
} from '../../src/outbound/split.ts';

const bytes = (s: string) => Buffer.byteLength(s, 'utf8');
const contentOf = (b: WebhookBody) => (b.msgtype === 'text' ? b.text.content : b.markdown.content);
const fileText = (data: Buffer) => data.toString('utf8');

const projectLines = (n: number) =>
  Array.from(
    { length: n },
    (_, i) => `- 第${i + 1}号项目：本年累计完成投资${1200 + i}万元，占年度计划${i % 100}%`,
  );

describe('a long message becomes its first pieces and a file', () => {
  it('leaves a message that fits in the allowed number of messages as it is', () => {
    const reply = { type: 'text' as const, content: 'a'.repeat(5000) };
    expect(replyToBodies(reply)).toHaveLength(3);
    const out = compactLongReply(reply, 3);
    expect(out.file).toBeUndefined();
    expect(out.bodies).toEqual(replyToBodies(reply));
  });

  it('sends a long text as two pieces ending with the notice and the mentions, and the whole text as a file', () => {
    const lines = ['重大项目日调度 2021年8月16日', ...projectLines(200)];
    const reply = { type: 'text' as const, content: lines.join('\n'), mentions: ['zhangwei'] };
    expect(replyToBodies(reply).length).toBeGreaterThan(5);
    const out = compactLongReply(reply, 3);
    expect(out.fullPieces).toBe(replyToBodies(reply).length);
    expect(out.bodies).toHaveLength(2);
    for (const b of out.bodies) expect(bytes(contentOf(b))).toBeLessThanOrEqual(TEXT_MAX_BYTES);
    const last = out.bodies.at(-1)!;
    expect(last.msgtype === 'text' && last.text.mentioned_list).toEqual(['zhangwei']);
    expect(out.bodies[0]!.msgtype === 'text' && out.bodies[0]!.text.mentioned_list).toBeUndefined();
    expect(out.file?.filename).toBe('重大项目日调度_2021年8月16日.txt');
    const sentLines = out.bodies.map(contentOf).join('\n').split('\n');
    expect(sentLines.at(-1)).toBe(fullTextNotice('重大项目日调度_2021年8月16日.txt'));
    // The pieces are the message's beginning, line for line, cut at a line end.
    expect(sentLines.slice(0, -1)).toEqual(lines.slice(0, sentLines.length - 1));
    expect(sentLines.length - 1).toBeGreaterThan(40);
    // The file holds every line: UTF-8 with a byte-order mark, CRLF line ends.
    const text = fileText(out.file!.data);
    expect(text.startsWith('\uFEFF')).toBe(true);
    expect(text.slice(1)).toBe(`${lines.join('\r\n')}\r\n`);
  });

  it('writes a long markdown message’s file as plain text and keeps <@id> on the last piece', () => {
    const content = [
      '## 2023年12月重大项目建设情况通报',
      '**一、分领域投资完成情况**',
      ...projectLines(300).map((l) => `${l}，<font color="warning">红</font>`),
      '> 联系人请核实 [填报说明](https://example.invalid/help) `进度 项目 金额`',
    ].join('\n');
    const reply = { type: 'markdown' as const, content, mentions: ['liqiang'] };
    const out = compactLongReply(reply, 3);
    expect(out.bodies).toHaveLength(2);
    for (const b of out.bodies) expect(bytes(contentOf(b))).toBeLessThanOrEqual(MARKDOWN_MAX_BYTES);
    expect(contentOf(out.bodies[1]!)).toMatch(
      /全文较长.*「2023年12月重大项目建设情况通报\.txt」）\n<@liqiang>$/,
    );
    const text = fileText(out.file!.data).slice(1).split('\r\n');
    expect(text[0]).toBe('2023年12月重大项目建设情况通报');
    expect(text[1]).toBe('一、分领域投资完成情况');
    expect(text[2]).toBe('- 第1号项目：本年累计完成投资1200万元，占年度计划0%，红');
    expect(text.at(-2)).toBe('联系人请核实 填报说明（https://example.invalid/help） 进度 项目 金额');
    expect(text).toHaveLength(304);
    expect(fileText(out.file!.data)).not.toMatch(/<font|\*\*|<@/);
  });

  it('keeps within any allowed number of messages, each piece within WeCom’s limit', () => {
    fc.assert(
      fc.property(
        fc.array(fc.string({ unit: 'grapheme', maxLength: 400 }), { minLength: 1, maxLength: 120 }),
        fc.integer({ min: 2, max: 6 }),
        fc.constantFrom('text' as const, 'markdown' as const),
        (lines, max, type) => {
          const reply = { type, content: lines.join('\n'), mentions: ['u1'] };
          const out = compactLongReply(reply, max);
          const limit = type === 'text' ? TEXT_MAX_BYTES : MARKDOWN_MAX_BYTES;
          for (const b of out.bodies) expect(bytes(contentOf(b))).toBeLessThanOrEqual(limit);
          if (out.file) {
            expect(out.bodies.length).toBeLessThanOrEqual(max - 1);
            expect(out.fullPieces).toBeGreaterThan(max);
          } else expect(out.bodies.length).toBeLessThanOrEqual(max);
        },
      ),
      { numRuns: 60 },
    );
  });

  it('names the file after the first line, without characters a file system refuses', () => {
    expect(fullTextFilename({ type: 'markdown', content: '\n## 周报：2021/08 "第33周" <b>\n正文' })).toBe(
      '周报：2021_08_第33周_b.txt',
    );
    expect(fullTextFilename({ type: 'text', content: '   \n\n' })).toBe('消息全文.txt');
    expect(fullTextFilename({ type: 'text', content: '项'.repeat(100) })).toBe(`${'项'.repeat(40)}.txt`);
    expect(fullTextFile({ type: 'text', content: 'a\nb' }).data.toString('utf8')).toBe('\uFEFFa\r\nb\r\n');
  });

  it('reads WeCom markdown as plain text', () => {
    expect(
      markdownToPlainText(
        '# 标题\n> **加粗** <font color="info">绿</font> <@zhangwei>\n`代码` [链接](http://a.b/c)',
      ),
    ).toBe('标题\n加粗 绿 @zhangwei\n代码 链接（http://a.b/c）');
  });
});
