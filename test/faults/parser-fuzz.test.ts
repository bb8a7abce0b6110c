/**
 * The parser under hostile text: any code points (control characters, lone surrogates, emoji),
 * operator-looking strings, and long repetitions that would make a backtracking pattern explode.
 * It always returns a well-formed command, quickly.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseCommand } from '../../src/parse/parse-command.ts';
import { AUGUST, ctxAt } from '../parse/fixtures.ts';

const ctx = ctxAt(AUGUST);
const INTENTS = [
  'report',
  'status',
  'problem',
  'assign',
  'task',
  'resolve',
  'escalate',
  'query',
  'summary',
  'export',
  'agenda',
  'undo',
  'help',
  'chatter',
  'unknown',
];

function timedParse(text: string): { ms: number; intent: string } {
  const started = performance.now();
  const c = parseCommand(text, ctx);
  const ms = performance.now() - started;
  expect(INTENTS).toContain(c.intent);
  expect(typeof c.text).toBe('string');
  return { ms, intent: c.intent };
}

describe('parser under hostile text', () => {
  it('any string of any code points parses to a well-formed command', () => {
    fc.assert(
      fc.property(
        fc.oneof(
          fc.string({ unit: 'binary', maxLength: 400 }),
          fc.string({ unit: 'grapheme', maxLength: 200 }),
          fc
            .tuple(
              fc.constantFrom(
                '进度',
                '交办',
                '办结',
                '查',
                '问题',
                '派单',
                '升级',
                '#',
                '／',
                '@项目调度助手 ',
              ),
              fc.string({ unit: 'binary', maxLength: 200 }),
            )
            .map(([a, b]) => `${a} ${b}`),
        ),
        (text) => {
          expect(timedParse(text).ms).toBeLessThan(500);
        },
      ),
      { numRuns: 1000 },
    );
  });

  it('long repetitions (10–20 KB) parse in well under a second: no catastrophic backtracking', () => {
    const long = [
      '1'.repeat(20_000),
      '一千二百'.repeat(3_000),
      `进度 贺巴 本月完成投资${'1'.repeat(5_000)}万元`,
      `进度 ${'贺巴'.repeat(5_000)}`,
      `交办 #${'9'.repeat(5_000)} 县自然资源局 ${'8月'.repeat(2_000)}`,
      `查 ${'{"$gt":""}'.repeat(1_000)}`,
      `${'，'.repeat(10_000)}进度`,
      `进度 贺巴 ${'累计完成'.repeat(2_500)}`,
      `${' '.repeat(10_000)}x`,
      `问题 贺巴 ${'征地拆迁：'.repeat(2_000)}`,
      `进度 贺巴 形象进度：${'%'.repeat(10_000)}`,
      `${'\u0000\u200b\u202e'.repeat(3_000)}帮助`,
      `【进度】贺巴\n${'一、本月完成投资：1200万元\n'.repeat(800)}填报人：张伟`,
      `各位领导好，现将${'贺巴高速本月进度'.repeat(1_000)}汇报如下：本月完成投资1200万元`,
      `进度贺巴${'本月完成投资一千二百万元累计'.repeat(700)}`,
      `${'谢谢收到好的'.repeat(2_000)}`,
    ];
    const slowest = Math.max(...long.map((t) => timedParse(t).ms));
    expect(slowest).toBeLessThan(1000);
    console.log(
      `[faults] parser: 1000 random strings and ${long.length} long repetitions; slowest long one ${Math.round(slowest)} ms`,
    );
  });
});
