/** Chatter addressed to the bot: a short friendly answer, never "没能看懂". */
import { type CorpusCase, u } from './case.ts';

export const CHATTER: CorpusCase[] = [
  u('谢谢', 'chatter', { kind: 'thanks' }),
  u('谢谢！', 'chatter', { kind: 'thanks' }),
  u('@项目调度助手 谢谢', 'chatter', { kind: 'thanks' }),
  u('好的，谢谢', 'chatter', { kind: 'thanks' }),
  u('收到', 'chatter', { kind: 'ack' }),
  u('收到！', 'chatter', { kind: 'ack' }),
  u('收到收到', 'chatter', { kind: 'ack' }),
  u('好的', 'chatter', { kind: 'ack' }),
  u('好的好的', 'chatter', { kind: 'ack' }),
  u('嗯嗯', 'chatter', { kind: 'ack' }),
  u('OK', 'chatter', { kind: 'ack' }),
  u('明白了', 'chatter', { kind: 'ack' }),
  u('知道了', 'chatter', { kind: 'ack' }),
  u('收到，马上落实', 'chatter', { kind: 'ack' }),
  u('辛苦了', 'chatter', { kind: 'praise' }),
  u('辛苦了👍', 'chatter', { kind: 'praise' }),
  u('👍', 'chatter', { kind: 'praise' }),
  u('收到，辛苦了', 'chatter', { kind: 'praise' }),
  u('感谢感谢', 'chatter', { kind: 'thanks' }),
  u('非常感谢！', 'chatter', { kind: 'thanks' }),
  u('多谢小助手', 'chatter', { kind: 'thanks' }),
  u('谢谢啦～', 'chatter', { kind: 'thanks' }),
  u('好嘞', 'chatter', { kind: 'ack' }),
  u('再见', 'chatter', { kind: 'bye' }),
];
