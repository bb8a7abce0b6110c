import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { formatWan } from '../../src/domain/money.ts';
import { parseCommand } from '../../src/parse/parse-command.ts';
import type { ParsedCommand } from '../../src/parse/types.ts';
import { AUGUST, ctxAt, JANUARY } from './fixtures.ts';

const INTENTS = new Set([
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
]);

function wellFormed(c: ParsedCommand): void {
  expect(INTENTS.has(c.intent)).toBe(true);
  expect(typeof c.text).toBe('string');
  if (c.intent === 'unknown') expect(c.suggestion.command.length).toBeGreaterThan(0);
  if (c.intent === 'report') expect(c.month).toMatch(/^\d{4}-\d{2}$/);
  if (c.intent === 'status' || c.intent === 'summary') expect(c.date).toMatch(/^\d{4}-\d{2}-\d{2}$/);
}

const pieces = fc.constantFrom(
  '进度',
  '查',
  '交办',
  '#12',
  '＃',
  '贺巴',
  '三江口',
  '1200万',
  '一千二百万',
  '亿',
  '8月20日前',
  '月底',
  '、',
  '，',
  '：',
  '@项目调度助手',
  '\u0000',
  '\u200b',
  '😀',
  '{"$gt":""}',
  ' ',
  '%',
  '-',
  '.',
);

describe('parseCommand never throws', () => {
  it('on arbitrary strings', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 300 }), (s) => {
        wellFormed(parseCommand(s, ctxAt()));
      }),
      { numRuns: 500 },
    );
  });

  it('on strings built from command vocabulary', () => {
    fc.assert(
      fc.property(fc.array(pieces, { maxLength: 12 }), fc.boolean(), (parts, january) => {
        wellFormed(parseCommand(parts.join(''), ctxAt(january ? JANUARY : AUGUST)));
      }),
      { numRuns: 800 },
    );
  });

  it.each([
    ['control characters', '\u0000\u0001\u0002进度\u001f贺巴\u007f'],
    ['emoji', '😀😀 进度 贺巴 本月完成1200万 👍'],
    ['a query operator', '{"$gt":""}'],
    ['a query operator after a command', '查 {"$gt":""}'],
    ['10 KB of text', '进度 贺巴 '.repeat(1500)],
    ['10 KB of digits', '9'.repeat(10_240)],
    ['10 KB of Chinese numerals', '一二三四五六七八九十百千万亿'.repeat(800)],
    ['lone surrogates', '\ud800进度\udfff'],
    ['only punctuation', '，。、；：！？'],
  ])('on %s', (_name, text) => {
    const started = performance.now();
    wellFormed(parseCommand(text, ctxAt()));
    expect(performance.now() - started).toBeLessThan(2000);
  });

  it('with a broken context', () => {
    const bad = {
      botName: '',
      now: new Date(Number.NaN),
      timeZone: 'Not/AZone',
      projects: [],
      units: [],
      commands: ctxAt().commands,
    };
    wellFormed(parseCommand('进度 贺巴 本月完成1200万', bad));
    wellFormed(parseCommand('日报', bad));
  });
});

describe('round trips', () => {
  it('a report amount formatted in 万元 comes back as the same 元', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 9_999_999 }), (hundreds) => {
        const yuan = hundreds * 100;
        const c = parseCommand(`进度 贺巴 本月完成投资${formatWan(yuan)}`, ctxAt());
        expect(c).toMatchObject({ intent: 'report', monthAmount: yuan });
      }),
    );
  });

  it('a problem number comes back from every written form', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 9_999_999 }),
        fc.constantFrom('#', '＃', '问题', '第', '督办'),
        (n, form) => {
          const ref = form === '第' ? `第${n}号` : `${form}${n}`;
          expect(parseCommand(`办结 ${ref} 已完成`, ctxAt())).toMatchObject({
            intent: 'resolve',
            problemNo: n,
          });
        },
      ),
    );
  });

  it('every month named in a bulletin is not after the current month', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 12 }), fc.boolean(), (month, january) => {
        const now = january ? JANUARY : AUGUST;
        const c = parseCommand(`通报 ${month}月`, ctxAt(now));
        expect(c.intent === 'summary' && c.month! <= (january ? '2022-01' : '2021-08')).toBe(true);
        expect(c.intent === 'summary' && c.month!.endsWith(String(month).padStart(2, '0'))).toBe(true);
      }),
    );
  });
});
