/**
 * Chatter addressed to the bot: thanks, "收到", "好的", "辛苦了", "再见". It is not a command and
 * must not get "没能看懂"; the bot answers briefly. Only a message made of nothing but such words
 * (with punctuation, emoji and particles) counts, so "好的，进度 贺巴 …" is still a report.
 * Greetings ("你好", "在吗") are left to the unknown answer, which introduces the commands.
 */
import type { ChatterKind } from './types.ts';

const WORDS: Array<[ChatterKind, string[]]> = [
  [
    'thanks',
    [
      '非常感谢',
      '十分感谢',
      '感谢感谢',
      '谢谢你',
      '谢谢您',
      '谢谢啦',
      '谢谢',
      '多谢',
      '感谢',
      '谢了',
      '蟹蟹',
      'thankyou',
      'thanks',
      'thx',
      '3q',
    ],
  ],
  ['praise', ['辛苦了', '辛苦', '真棒', '很棒', '厉害', '给力', '点赞', '赞', '棒', '👍', '💪']],
  ['bye', ['再见', '拜拜', '晚安', 'bye']],
  [
    'ack',
    [
      '收到收到',
      '已收到',
      '已阅',
      '已知悉',
      '知悉',
      '收到了',
      '收到',
      '好的好的',
      '好的',
      '好嘞',
      '好滴',
      '好',
      '嗯嗯',
      '嗯',
      '明白了',
      '明白',
      '知道了',
      '了解',
      '懂了',
      '行',
      '可以',
      '没问题',
      '马上办',
      '马上落实',
      '马上处理',
      '尽快落实',
      '立即落实',
      'okay',
      'ok',
      '👌',
      '🙏',
    ],
  ],
];

const REPLIES: Record<ChatterKind, string> = {
  thanks: '不客气，有需要随时@我。',
  praise: '大家辛苦了，有需要随时@我。',
  bye: '好的，再见。',
  ack: '好的。',
};

/** The kind of chatter when the whole message is chatter; undefined otherwise. */
export function parseChatter(text: string): { kind: ChatterKind; reply: string } | undefined {
  let rest = text.toLowerCase();
  const kinds = new Set<ChatterKind>();
  for (let guard = 0; guard < 20; guard += 1) {
    rest = rest.replace(/^[\s,.;:!?~、。，！？；：…～"'“”‘’()（）\-—_*#@]+/u, '');
    if (rest === '') break;
    let hit = false;
    for (const [kind, words] of WORDS) {
      const word = words.find((w) => rest.startsWith(w));
      if (word) {
        kinds.add(kind);
        rest = rest.slice(word.length);
        hit = true;
        break;
      }
    }
    if (hit) continue;
    // Particles, emoji and whom it is said to ("谢谢小助手") carry no meaning here.
    const filler =
      /^(?:[啊呀啦哈哦噢呢吧嘛的了哟哇]+|小助手|助手|机器人|领导|大家|各位|你们|\p{Extended_Pictographic})/u.exec(
        rest,
      );
    if (!filler) return undefined;
    rest = rest.slice(filler[0].length);
  }
  if (rest !== '' || kinds.size === 0) return undefined;
  // Thanks outranks praise, praise outranks goodbye and acknowledgement.
  const kind = (['thanks', 'praise', 'bye', 'ack'] as const).find((k) => kinds.has(k))!;
  return { kind, reply: REPLIES[kind] };
}
