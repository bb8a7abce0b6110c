/**
 * A command is one file in handlers/: `defineCommand` carries everything about it — the words that
 * call it, how its arguments are read (with the shared pure helpers in src/parse), who may use it,
 * its help, its dialog if it has one, what to confirm before storing a guess, and its handler. The
 * parser's word table, 帮助, the welcome text and the permission matrix are all derived from the
 * registered commands (handlers/index.ts).
 */
import type { Reply } from '../domain/messages.ts';
import type { Audience } from '../domain/permissions.ts';
import type { CommandWords, ParsedCommand } from '../parse/types.ts';
import type { BotContext, DialogState } from './context.ts';

export type { Audience } from '../domain/permissions.ts';

/** One line of 帮助. */
export interface HelpEntry {
  /** What it does, e.g. "报进度". */
  title: string;
  /** A message that does it (help tests parse every example back to its command). */
  example: string;
  /** Who sees it; default: the command's audience. */
  audience?: Audience;
  /** Shown in the welcome text of a group the robot joins. */
  welcome?: boolean;
}

/** A dialog the command continues with the person's next message. */
export interface CommandDialog<S> {
  /** The DialogState.intent this dialog is stored under. */
  intent: string;
  continue(ctx: BotContext<S>, state: DialogState, answer: string): Promise<Reply[]>;
}

export interface CommandDef<S, C extends { intent: string }> extends CommandWords {
  intent: C['intent'];
  /** Who may use it (帮助 lists it for them; the handler checks the project-level rule). */
  audience: Audience;
  help: HelpEntry[];
  dialog?: CommandDialog<S>;
  /**
   * For a command that stores: the reading it would store, in words, for the one-word confirmation
   * the bot asks when the parser was unsure (`uncertain`). Nothing is stored before the answer.
   */
  confirm?(command: C): string;
  /**
   * A query that lists or counts (问题, 未报送, 审批, 台账 …): in a county group of a deployment of
   * several counties it reads through that county's view of the data, so it lists that county only.
   */
  countyScoped?: true;
  run(ctx: BotContext<S>, command: C): Promise<Reply[]>;
}

/** What the registry holds: any command, whatever its argument type. */
export interface RegisteredCommand<S = unknown> extends CommandWords {
  audience: Audience;
  help: HelpEntry[];
  dialog?: CommandDialog<S>;
  confirm?(command: never): string;
  countyScoped?: true;
  run(ctx: BotContext<S>, command: never): Promise<Reply[]>;
}

/** Builds a command; `C` is the parsed command it handles (its intent's variant of ParsedCommand). */
export function defineCommand<S, C extends { intent: string } = Extract<ParsedCommand, { intent: string }>>(
  def: CommandDef<S, C>,
): CommandDef<S, C> {
  return def;
}
