/**
 * The command words: canonical word, synonyms and the example shown in help and in "did you mean".
 *
 * Choices worth knowing:
 * - 上报 is a progress report (it is how staff say "report figures"); only "上报 #12" (a problem
 *   number follows) or 上报协调 means escalate.
 * - 交办 / 督办 / 派单 / 转办 with a problem number assign that problem; without one they create a
 *   督办事项 (task). The parser decides after reading the argument.
 * - 完成 / 解决 / 关闭 resolve only when a problem number follows ("完成 #12"); 办结 / 销号 always do.
 * - 取消 alone is undo; 月报送 is a report while 月报 is the monthly summary (longest word wins).
 */
import type { Intent } from './types.ts';

export interface CommandSpec {
  intent: Exclude<Intent, 'unknown' | 'chatter'>;
  /** What help and suggestions call the command. */
  command: string;
  words: string[];
  /** Words that count only when a problem number follows. */
  wordsNeedingRef?: string[];
  example: string;
}

export const COMMANDS: CommandSpec[] = [
  {
    intent: 'report',
    command: '进度',
    words: [
      '进度',
      '汇报',
      '报送',
      '上报',
      '填报',
      '月报送',
      '报进度',
      '进度汇报',
      '汇报进度',
      '进度上报',
      '报投资',
      '投资进度',
    ],
    example: '进度 贺巴 本月完成投资1200万元，累计完成3.2亿元，形象进度：路基完成60%',
  },
  {
    intent: 'status',
    command: '开工',
    words: [
      '开工',
      '竣工',
      '完工',
      '投产',
      '建成',
      '投运',
      '动工',
      '开建',
      '正式开工',
      '竣工验收',
      '建成投产',
    ],
    example: '开工 福六水库 2021-08-01',
  },
  {
    intent: 'problem',
    command: '问题',
    words: ['问题', '反映', '困难', '诉求', '反映问题', '报问题', '提问题', '新问题', '上报问题'],
    example: '问题 贺巴 征地拆迁：那湾村3户未签约，需县自然资源局协调',
  },
  {
    intent: 'assign',
    command: '交办',
    words: ['交办', '督办', '转办', '指派', '派单'],
    example: '交办 #12 县自然资源局 8月20日前',
  },
  {
    intent: 'task',
    command: '派单',
    words: ['派单', '交办', '督办', '转办', '指派'],
    example: '派单 县自然资源局 贺巴 用地报批材料8月20日前报市局',
  },
  {
    intent: 'resolve',
    command: '办结',
    words: ['办结', '已办结', '销号', '结案', '已解决'],
    wordsNeedingRef: ['完成', '解决', '关闭', '已完成'],
    example: '办结 #12 已完成签约',
  },
  {
    intent: 'escalate',
    command: '升级',
    words: ['升级', '提级', '上报协调', '提请协调', '报请协调', '申请协调', '提交协调会', '上会'],
    wordsNeedingRef: ['上报'],
    example: '升级 #12 涉及多个部门',
  },
  {
    intent: 'query',
    command: '查',
    words: ['查', '查询', '查看', '看看', '查一下', '查下', '搜索', '搜'],
    example: '查 贺巴',
  },
  {
    intent: 'summary',
    command: '通报',
    words: ['日报', '周报', '月报', '通报', '月通报', '今日日报', '本周周报', '本月月报'],
    example: '通报 7月',
  },
  {
    intent: 'export',
    command: '导出',
    words: ['导出', '下载', '导出台账', '下载台账', '台账'],
    example: '导出 台账 7月',
  },
  {
    intent: 'agenda',
    command: '协调会 议程',
    words: ['协调会议程', '协调会', '议程', '会议议程', '生成议程'],
    example: '协调会 议程',
  },
  {
    intent: 'undo',
    command: '撤销',
    words: ['撤销', '撤消', '撤回', '取消', '取消上一条', '撤销上一条', '删除上一条', '删掉上一条'],
    example: '撤销',
  },
  {
    intent: 'help',
    command: '帮助',
    words: ['帮助', '?', 'help', '怎么用', '使用说明', '说明', '菜单', '用法', '指令', '命令', '功能'],
    example: '帮助',
  },
];

export function commandSpec(intent: Exclude<Intent, 'unknown' | 'chatter'>): CommandSpec {
  return COMMANDS.find((c) => c.intent === intent)!;
}

/**
 * Whether `text` starts with `word`, allowing stray spaces between its characters ("进 度") and
 * ignoring case; returns the characters taken (with the spaces after), or -1.
 */
export function startsWithWord(text: string, word: string): number {
  let i = 0;
  for (const c of word.toLowerCase()) {
    if (i > 0) while (text[i] === ' ') i += 1;
    if (text[i]?.toLowerCase() !== c) return -1;
    i += 1;
  }
  while (text[i] === ' ') i += 1;
  return i;
}

export interface WordHit {
  word: string;
  /** Specs that use this word; several for 交办 (assign or task). */
  specs: CommandSpec[];
  needsRef: boolean;
  consumed: number;
}

const ALL_WORDS: Array<{ word: string; spec: CommandSpec; needsRef: boolean }> = COMMANDS.flatMap((spec) => [
  ...spec.words.map((word) => ({ word, spec, needsRef: false })),
  ...(spec.wordsNeedingRef ?? []).map((word) => ({ word, spec, needsRef: true })),
]).sort((a, b) => b.word.length - a.word.length);

/** Every command word the text starts with, longest first. */
export function leadingWords(text: string): WordHit[] {
  const hits = new Map<string, WordHit>();
  for (const { word, spec, needsRef } of ALL_WORDS) {
    const consumed = startsWithWord(text, word);
    if (consumed < 0) continue;
    const key = `${word}|${needsRef}`;
    const hit = hits.get(key);
    if (hit) hit.specs.push(spec);
    else hits.set(key, { word, specs: [spec], needsRef, consumed });
  }
  return [...hits.values()];
}

/** All words of the table, for suggestions. */
export function allWords(): ReadonlyArray<{ word: string; spec: CommandSpec; needsRef: boolean }> {
  return ALL_WORDS;
}
