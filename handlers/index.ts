/**
 * The registry: one handler per command intent. Adding a command = a file in handlers/ and a line
 * here (and, if it needs new words, the intent in src/parse/intents.ts).
 */
import type { RegisteredHandler } from '../src/bot/command.ts';
import type { Services } from '../src/services/index.ts';
import { agendaHandler } from './agenda.ts';
import { assignHandler } from './assign.ts';
import { escalateHandler } from './escalate.ts';
import { exportHandler } from './export.ts';
import { helpHandler } from './help.ts';
import { problemHandler } from './problem.ts';
import { queryHandler } from './query.ts';
import { reportHandler } from './report.ts';
import { resolveHandler } from './resolve.ts';
import { statusHandler } from './status.ts';
import { summaryHandler } from './summary.ts';
import { taskHandler } from './task.ts';
import { undoHandler } from './undo.ts';
import { unknownHandler } from './unknown.ts';

export const handlers: ReadonlyArray<RegisteredHandler<Services>> = [
  reportHandler,
  statusHandler,
  problemHandler,
  assignHandler,
  taskHandler,
  resolveHandler,
  escalateHandler,
  queryHandler,
  summaryHandler,
  exportHandler,
  agendaHandler,
  undoHandler,
  helpHandler,
  unknownHandler,
];
