/**
 * The registry: every chat command, one file each. Adding a command = a file in handlers/ and a line
 * here; the parser's words, 帮助, the welcome text and the permission matrix follow from it.
 * The order does not matter to the parser (src/parse/intents.ts says which word wins); it is the
 * order 帮助 lists commands of the same audience in.
 */
import type { RegisteredCommand } from '../src/command/define.ts';
import { agendaCommand } from './agenda.ts';
import { approvalCommand } from './approval.ts';
import { approvalDoneCommand } from './approval-done.ts';
import { approvalsQueryCommand } from './approvals-query.ts';
import { assignCommand } from './assign.ts';
import { chatterCommand } from './chatter.ts';
import { contactsCommand } from './contacts.ts';
import { escalateCommand } from './escalate.ts';
import { exportCommand } from './export.ts';
import { fundsCommand } from './funds.ts';
import { helpCommand } from './help.ts';
import { problemCommand } from './problem.ts';
import { queryCommand } from './query.ts';
import { reportCommand } from './report.ts';
import { resolveCommand } from './resolve.ts';
import { statusCommand } from './status.ts';
import { summaryCommand } from './summary.ts';
import { taskCommand } from './task.ts';
import { undoCommand } from './undo.ts';
import { unknownCommand } from './unknown.ts';

/** Each command names the services it needs; the bot's services (src/bot/services.ts) have them all. */
export const commands: ReadonlyArray<RegisteredCommand<never>> = [
  reportCommand,
  statusCommand,
  fundsCommand,
  approvalCommand,
  approvalDoneCommand,
  problemCommand,
  undoCommand,
  assignCommand,
  taskCommand,
  escalateCommand,
  resolveCommand,
  exportCommand,
  agendaCommand,
  queryCommand,
  approvalsQueryCommand,
  contactsCommand,
  summaryCommand,
  helpCommand,
  chatterCommand,
  unknownCommand,
] as unknown as ReadonlyArray<RegisteredCommand<never>>;
