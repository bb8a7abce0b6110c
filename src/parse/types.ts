/**
 * What the understanding module produces: one `ParsedCommand` per chat message.
 *
 * Conventions shared by every variant:
 * - money is integer 元 (see src/domain/money.ts); the bot shows it in 万元;
 * - dates are ISO calendar dates 'YYYY-MM-DD' and months 'YYYY-MM', both in the bot's time zone;
 * - `text` is the normalised message (bot mention, prefixes and full-width forms removed);
 * - `missing` lists required fields the message did not give, so the bot can ask for them in a
 *   short dialog instead of refusing. An empty `missing` means the command is complete.
 */

/** 'YYYY-MM-DD' */
export type IsoDate = string;
/** 'YYYY-MM' */
export type IsoMonth = string;

export interface ProjectEntry {
  code: string;
  name: string;
  shortName?: string;
  aliases?: string[];
  /** Set in a city-wide index: the county, shown beside the name when a name is ambiguous. */
  county?: string;
}

export interface UnitEntry {
  name: string;
  shortName?: string;
}

/**
 * `candidates` hold at most 8 entries, best first; `text` is what was looked up.
 * `fuzzy` marks a name that only sounds like or is one character off the entry (和巴 → 贺巴高速公路):
 * the bot shows the full name, and asks before storing anything on it.
 * `suggestions` (at most 3, nearest first) are entries that share characters or sounds with a name
 * that matched nothing, for the refusal to list.
 */
export type ProjectMatch =
  | { kind: 'found'; project: ProjectEntry; fuzzy?: true }
  | { kind: 'ambiguous'; candidates: ProjectEntry[]; fuzzy?: true }
  | { kind: 'none'; text: string; suggestions?: ProjectEntry[] };

export type UnitMatch =
  | { kind: 'found'; unit: UnitEntry; fuzzy?: true }
  | { kind: 'ambiguous'; candidates: UnitEntry[]; fuzzy?: true }
  | { kind: 'none'; text: string; suggestions?: UnitEntry[] };

export interface ParseContext {
  /** The robot's display name; "@<botName>" is stripped wherever it opens or closes the message. */
  botName: string;
  now: Date;
  /** IANA zone for "今天", "本月", "本周五"; an empty or unknown zone falls back to Asia/Shanghai. */
  timeZone: string;
  projects: readonly ProjectEntry[];
  units: readonly UnitEntry[];
  /** The counties whose cards 查 may show (a city group's message); none elsewhere. */
  counties?: readonly string[];
  /** The command words and readers: the registered commands (handlers/index.ts). */
  commands: readonly CommandWords[];
}

/**
 * How a command is called and how its arguments are read: declared by each command in its own file
 * (handlers/), the parser's word table is the list of them.
 *
 * Which command a message is: the longest command word it opens with; for equal words, one that
 * needs a problem number after it is tried first ("上报 #12" escalates, "上报 贺巴" reports); commands
 * sharing a word are tried in intent order and a reader that does not fit returns undefined (交办 #12
 * assigns, 交办 without a number makes a 督办事项). The order the commands are registered in never
 * matters (test/parse/registry-order.test.ts).
 */
export interface CommandWords {
  intent: string;
  /** What help and suggestions call the command. */
  command: string;
  words: readonly string[];
  /** Words that count only when a problem number follows. */
  wordsNeedingRef?: readonly string[];
  /** An example for "did you mean" answers. */
  example: string;
  /** Takes no argument: may close a sentence ("刚才报错了，撤销"). */
  bare?: boolean;
  /**
   * Tell-tale words in a message nobody understood that make this the command to suggest; when
   * several commands' hints match, the lowest `rank` wins.
   */
  hints?: { re: RegExp; rank: number };
  /**
   * The command for `rest` (the message after the command word), or undefined when the word does not
   * fit what follows. `text` is the whole normalised message, `word` the command word it opened with.
   */
  read(rest: string, at: { text: string; word: string }, ctx: ParseContext): ParsedCommand | undefined;
}

export type ProblemCategory = '审批' | '用地' | '征地拆迁' | '资金' | '要素保障' | '建设环境' | '其他';

/** The ten 行业领域 of the workbook. */
export type Sector =
  | '工业'
  | '交通'
  | '能源'
  | '水利'
  | '新型基础设施'
  | '新型城镇化'
  | '农业农村'
  | '现代服务业'
  | '生态环保'
  | '社会民生';

/** 专项类别; they overlap the sectors. */
export type SpecialCategory = '五网' | '双百双新' | '三企入桂' | '千企技改';

export type SectorTarget = Sector | SpecialCategory | '全部';

export type ProjectStatusEvent = '开工' | '竣工' | '投产';

export type SummaryKind = 'daily' | 'weekly' | 'monthly' | 'bulletin';

export type QueryTarget =
  | { kind: 'project'; project: ProjectMatch }
  /**
   * Problem lists. 'open' is the default ("查 问题"); 'tier' comes with `tier` 1–4.
   * `unitName` (canonical when the unit resolved) and `project` narrow the list when given.
   */
  | {
      kind: 'problems';
      filter: 'all' | 'open' | 'overdue' | 'tier';
      tier?: number;
      unitName?: string;
      project?: ProjectMatch;
      /** 'task' for 查 督办: the 督办事项 only. */
      problemKind?: 'task';
    }
  | { kind: 'sector'; sector: SectorTarget }
  /** Who has not reported for `month` (default: the current month). */
  | { kind: 'unreported'; month: IsoMonth }
  | { kind: 'history'; project: ProjectMatch }
  | { kind: 'problem'; problemNo: number }
  /** A county's card, asked in a city group ("查 忻城县"). */
  | { kind: 'county'; county: string };

/**
 * Something the parser read one way although another reading was possible (a name that only
 * sounds like an entry, "1200多万", a bare 12000000, "过半", a second project in the message).
 * The bot states `reading` and asks for a one-word confirmation (是 / 确认) before storing; with
 * no `reading` there is nothing to offer and it asks for the figure or name instead.
 * The command's own field already holds the reading (a fuzzy match is `found`), so a handler that
 * stores must check `uncertain` first: a non-empty list means ask, never store.
 */
export interface Uncertainty {
  /** The field concerned: 'project', 'unit', 'monthAmount', 'ytdAmount', 'sinceStartAmount', 'progressPct'. */
  field: string;
  /** The reading the bot would store, as shown to people ("1200万元", "贺巴高速公路(忻城段)"). */
  reading?: string;
  /** Why it is unsure, in plain Chinese for the reply. */
  reason: string;
}

/** A short answer to thanks, acknowledgement or praise addressed to the bot. */
export type ChatterKind = 'thanks' | 'ack' | 'praise' | 'bye';

/**
 * Commands whose arguments no shared reader produces add their variant here from their own file:
 *   declare module '../src/parse/types.ts' { interface ExtraCommands { contacts: { intent: 'contacts'; … } } }
 */
// biome-ignore lint/suspicious/noEmptyInterface: filled by declaration merging in handlers/
export interface ExtraCommands {}

export type ParsedCommand = BuiltinCommand | ExtraCommands[keyof ExtraCommands];

/** The commands the shared readers in src/parse produce. */
export type BuiltinCommand =
  /**
   * A monthly progress report. `month` defaults to the current month; "7月完成投资800万" sets it.
   * 累计 is 本年累计 (`ytdAmount`) unless the message says 开工累计 / 自开工以来 (`sinceStartAmount`).
   * `missing` has 'project' unless the project resolved to exactly one entry.
   * `warnings` carries amounts that were refused (negative, absurd) or given twice, in plain Chinese.
   */
  | {
      intent: 'report';
      text: string;
      project: ProjectMatch;
      month: IsoMonth;
      monthAmount?: number;
      ytdAmount?: number;
      sinceStartAmount?: number;
      progressText?: string;
      progressPct?: number;
      missing: Array<'project' | 'monthAmount'>;
      warnings: string[];
      uncertain?: Uncertainty[];
      /** Further projects' reports in the same message ("贺巴完成1200万，武忻完成800万"). */
      others?: Array<Extract<ParsedCommand, { intent: 'report' }>>;
      /** Other projects the message names without figures of their own. */
      otherProjects?: ProjectEntry[];
      /** A 存在问题 field, or clauses that raise a problem ("需县自然资源局协调"), to offer as a 问题. */
      problemText?: string;
    }
  /** 开工 / 竣工 (also 完工, 建成) / 投产; `date` defaults to today. */
  | {
      intent: 'status';
      text: string;
      project: ProjectMatch;
      status: ProjectStatusEvent;
      date: IsoDate;
      missing: Array<'project'>;
      uncertain?: Uncertainty[];
      otherProjects?: ProjectEntry[];
    }
  /**
   * A new problem. `unit` is the unit the message asks for help from ("需县自然资源局协调");
   * `unitName` is its canonical name when it resolved, else the words as written.
   */
  | {
      intent: 'problem';
      text: string;
      project: ProjectMatch;
      category: ProblemCategory;
      description: string;
      unitName?: string;
      unit?: UnitMatch;
      missing: Array<'project' | 'description'>;
      uncertain?: Uncertainty[];
      otherProjects?: ProjectEntry[];
    }
  /** 交办 / 督办 / 派单 with a problem number: set the responsible unit and/or deadline. */
  | {
      intent: 'assign';
      text: string;
      problemNo?: number;
      unit?: UnitMatch;
      deadline?: IsoDate;
      missing: Array<'problemNo' | 'unit'>;
      uncertain?: Uncertainty[];
    }
  /** 派单 / 交办 / 督办 without a problem number: a new 督办事项 for a unit. */
  | {
      intent: 'task';
      text: string;
      unit: UnitMatch;
      project?: ProjectMatch;
      description: string;
      deadline?: IsoDate;
      missing: Array<'unit' | 'description'>;
      uncertain?: Uncertainty[];
    }
  | { intent: 'resolve'; text: string; problemNo?: number; note: string; missing: Array<'problemNo'> }
  | { intent: 'escalate'; text: string; problemNo?: number; reason: string; missing: Array<'problemNo'> }
  | { intent: 'query'; text: string; target: QueryTarget }
  /** `month` only when the message names one ("通报 7月"); `date` is today unless named. */
  | { intent: 'summary'; text: string; kind: SummaryKind; date: IsoDate; month?: IsoMonth }
  /** `month` defaults to the current month. */
  | { intent: 'export'; text: string; what: 'ledger'; month: IsoMonth }
  | { intent: 'agenda'; text: string }
  | { intent: 'undo'; text: string }
  /** `topic` is a command's canonical word ("进度") when the question names one. */
  | { intent: 'help'; text: string; topic?: string }
  /** Thanks, "收到", "辛苦了" …: not a command; `reply` is a short friendly answer. */
  | { intent: 'chatter'; text: string; kind: ChatterKind; reply: string }
  /** Not understood: the closest command and an example from the command table. */
  | { intent: 'unknown'; text: string; suggestion: { command: string; example: string } };

export type Intent = ParsedCommand['intent'];
