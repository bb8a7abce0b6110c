import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { replyToBodies, splitContent } from '../../src/outbound/split.ts';

const bytes = (s: string) => Buffer.byteLength(s, 'utf8');

describe('splitting content for WeCom', () => {
  it('keeps every piece within the byte limit and loses no character', () => {
    fc.assert(
      fc.property(
        fc.array(fc.string({ unit: 'grapheme', maxLength: 300 }), { maxLength: 40 }),
        fc.integer({ min: 8, max: 600 }),
        (lines, max) => {
          const content = lines.join('\n');
          const parts = splitContent(content, max);
          for (const p of parts) expect(bytes(p)).toBeLessThanOrEqual(max);
          expect(parts.join('').replace(/\s/g, '')).toBe(content.replace(/\s/g, ''));
        },
      ),
    );
  });

  it('breaks at line ends when lines fit', () => {
    const line = '贺巴高速公路本月完成投资一千二百万元'; // 54 bytes
    const parts = splitContent(Array(10).fill(line).join('\n'), 120);
    expect(parts.every((p) => p.split('\n').every((l) => l === line))).toBe(true);
  });

  it('cuts an overlong line between characters, never inside one', () => {
    const parts = splitContent('项'.repeat(1000), 100);
    for (const p of parts) expect(p).toMatch(/^项+$/);
    expect(parts.join('')).toBe('项'.repeat(1000));
  });

  it('puts mentioned_list on the last text piece and <@id> into markdown', () => {
    const text = replyToBodies({ type: 'text', content: 'a'.repeat(5000), mentions: ['u1'] });
    expect(text.length).toBe(3);
    expect(text.map((b) => ('text' in b ? b.text.mentioned_list : undefined))).toEqual([
      undefined,
      undefined,
      ['u1'],
    ]);
    const md = replyToBodies({ type: 'markdown', content: '**进度**', mentions: ['u2'] });
    expect(md).toEqual([{ msgtype: 'markdown', markdown: { content: '**进度**\n<@u2>' } }]);
  });
});
