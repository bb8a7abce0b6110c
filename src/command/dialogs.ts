/**
 * The dialogs the bot app itself continues for any command: choosing one of several projects, and
 * confirming a reading the parser was unsure of before anything is stored. Commands start them (a
 * command's own dialog is declared in its file); the app finishes them by running the command again.
 */
import type { ParsedCommand, ProjectEntry } from '../parse/types.ts';

export const CHOOSE_PROJECT = 'choose-project';
export const CONFIRM = 'confirm';

/** What the 'choose-project' dialog keeps: the command, where the project goes, the candidates. */
export interface ChoiceDialogData {
  command: ParsedCommand;
  /** 'project' for 进度 / 开工 / 问题; 'target.project' for 查. */
  field: 'project' | 'target.project';
  candidates: ProjectEntry[];
}

/** What the 'confirm' dialog keeps: the command as it would be stored. */
export interface ConfirmDialogData {
  command: ParsedCommand;
}
