/**
 * Every service a handler can reach through ctx.services, built once per process with its
 * dependencies passed in. Scripts and tests build the same object.
 */
import type { Clock } from '../clock.ts';
import type { Config } from '../config.ts';
import { createSummaryService, type SummaryService } from '../jobs/service.ts';
import type { Library } from '../library/library.ts';
import { sharedLibrary } from '../library/shared.ts';
import type { Logger } from '../logger.ts';
import { createEvidenceService, type EvidenceService } from './evidence.ts';
import { createNotifier, type Notifier, type SendToGroup } from './notifier.ts';
import { createProblemService, type ProblemService } from './problems.ts';
import { createProjectQueries, type ProjectQueries } from './project-queries.ts';
import { createReportService, type ReportService } from './reports.ts';
import { createStatusEventService, type StatusEventService } from './status-events.ts';
import { createUndoService, type UndoService } from './undo.ts';

export interface Services {
  library: Library;
  reports: ReportService;
  statusEvents: StatusEventService;
  undo: UndoService;
  evidence: EvidenceService;
  projectQueries: ProjectQueries;
  problems: ProblemService;
  summaries: SummaryService;
  notifier: Notifier;
}

export function createServices(deps: {
  config: Config;
  clock: Clock;
  log: Logger;
  send: SendToGroup;
}): Services {
  const { config, clock, log } = deps;
  const notifier = createNotifier({ send: deps.send, log });
  const reports = createReportService({ log });
  const statusEvents = createStatusEventService();
  const library = sharedLibrary();
  return {
    library,
    reports,
    statusEvents,
    undo: createUndoService({ statusEvents, reports }),
    evidence: createEvidenceService({ reports }),
    projectQueries: createProjectQueries({ library }),
    problems: createProblemService({ clock, log, notifier }),
    summaries: createSummaryService({ config, clock, log }),
    notifier,
  };
}
