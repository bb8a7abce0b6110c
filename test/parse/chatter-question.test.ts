import { describe, expect, it } from 'vitest';
import { parseChatter } from '../../src/parse/chatter.ts';
import { parseQuestion } from '../../src/parse/question.ts';
import { ctxAt } from './fixtures.ts';

describe('parseChatter', () => {
  it.each([
    ['谢谢', 'thanks'],
    ['好的,谢谢!', 'thanks'],
    ['收到', 'ack'],
    ['OK', 'ack'],
    ['收到,马上落实', 'ack'],
    ['辛苦了👍', 'praise'],
    ['再见', 'bye'],
    ['谢谢小助手', 'thanks'],
  ])('%s is %s', (text, kind) => {
    expect(parseChatter(text)).toMatchObject({ kind });
    expect(parseChatter(text)!.reply.length).toBeGreaterThan(1);
  });

  it.each(['你好', '好的 进度 贺巴', '收到请回复', '谢谢,查一下贺巴', ''])('%j is not chatter', (text) => {
    expect(parseChatter(text)).toBeUndefined();
  });
});

describe('parseQuestion', () => {
  const ask = (text: string) => parseQuestion(text, ctxAt());
  it.each([
    ['贺巴现在进度怎么样?', { intent: 'query', target: { kind: 'project', project: { kind: 'found' } } }],
    ['哪些问题逾期了', { intent: 'query', target: { kind: 'problems', filter: 'overdue' } }],
    ['这个月谁还没报', { intent: 'query', target: { kind: 'unreported', month: '2021-08' } }],
    ['工业投资完成多少了', { intent: 'query', target: { kind: 'sector', sector: '工业' } }],
    ['7号问题解决了吗?', { intent: 'query', target: { kind: 'problem', problemNo: 7 } }],
    ['7月的通报出来了吗', { intent: 'summary', kind: 'bulletin', month: '2021-07' }],
  ])('%s', (text, expected) => {
    expect(ask(text)).toMatchObject(expected);
  });

  it.each([
    '贺巴怎么还没开工呀',
    '请问那湾村签约的事',
    '工业园区进度怎么样',
    '贺巴本月完成1200万吗',
    '进度 贺巴',
  ])('%s is not a question it can answer', (text) => {
    expect(ask(text)).toBeUndefined();
  });
});
