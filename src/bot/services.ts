/**
 * Every service a command can reach through ctx.services, built once per process with its
 * dependencies passed in (the data layer among them). Scripts and tests build the same object.
 */
import type { Clock } from '../clock.ts';
import type { Config } from '../config.ts';
import type { FiguresRepo } from '../data/figures.ts';
import type { Data, Library } from '../data/index.ts';
import { createSummaryService, type SummaryService } from '../jobs/service.ts';
import type { Logger } from '../logger.ts';
import { type ApprovalService, createApprovalService } from '../services/approvals.ts';
import { createEvidenceService, type EvidenceService } from '../services/evidence.ts';
import { createFundsService, type FundsService } from '../services/funds.ts';
import { createNotifier, type Notifier, type SendToGroup } from '../services/notifier.ts';
import { createProblemService, type ProblemService } from '../services/problems.ts';
import { createProjectQueries, type ProjectQueries } from '../services/project-queries.ts';
import { createScopeService, type ScopeService } from '../services/scope.ts';
import { createStatusEventService, type StatusEventService } from '../services/status-events.ts';
import { createUndoService, type UndoService } from '../services/undo.ts';

export interface Services {
  library: Library;
  /** Progress reports and their figures (the data layer's figures repository is the service). */
  reports: FiguresRepo;
  statusEvents: StatusEventService;
  undo: UndoService;
  evidence: EvidenceService;
  projectQueries: ProjectQueries;
  problems: ProblemService;
  /** 审批事项: 审批, 批复, 查 审批. */
  approvals: ApprovalService;
  /** 资金到位. */
  funds: FundsService;
  summaries: SummaryService;
  notifier: Notifier;
  /** The county a message is read in (or the whole city). */
  scopes: ScopeService;
}

export function createServices(deps: {
  config: Config;
  clock: Clock;
  log: Logger;
  data: Data;
  send: SendToGroup;
}): Services {
  const { config, clock, log, data } = deps;
  const notifier = createNotifier({ send: deps.send, log, data, longConnection: config.aibotWsConfigured });
  const statusEvents = createStatusEventService({ data });
  return {
    library: data.library,
    reports: data.figures,
    statusEvents,
    undo: createUndoService({ data, statusEvents }),
    evidence: createEvidenceService({ data }),
    projectQueries: createProjectQueries({ data }),
    problems: createProblemService({ clock, log, data, config }),
    approvals: createApprovalService({ data, now: () => clock.now() }),
    funds: createFundsService({ data, now: () => clock.now() }),
    summaries: createSummaryService({ config, clock, log, data }),
    notifier,
    scopes: createScopeService({ data }),
  };
}
