/**
 * The data layer: the only code that reads or writes the store (a lint rule, scripts/check-imports.ts,
 * keeps every other file away from models/). Built once per process and passed in; each repository
 * holds the rules of its data once (what is open or overdue, the current figures of a month, the
 * library lookup).
 *
 * @example
 *   const data = createData({ log });
 *   await data.figures.submit({ projectCode, month, monthAmount, reporterId, at });
 */
import type { Redis } from 'ioredis';
import type { Clock } from '../clock.ts';
import { DEFAULT_COUNTY } from '../domain/county.ts';
import type { Logger } from '../logger.ts';
import { type AuditRepo, createAuditRepo } from './audit.ts';
import { createEffectLog, type EffectLog } from './effects.ts';
import { createEvidenceRepo, type EvidenceRepo } from './evidence.ts';
import { createFiguresRepo, type FiguresRepo } from './figures.ts';
import { createFundsRepo, type FundsRepo } from './funds.ts';
import { createGroupsRepo, type GroupsRepo } from './groups.ts';
import { createInboundStore, type InboundStore } from './inbound.ts';
import { createJobRunsRepo, type JobRunsRepo } from './job-runs.ts';
import { createLibrary, type Library } from './library.ts';
import { type LibraryEntity, type LibraryTable, libraryTable } from './library-tables.ts';
import { createProblemsRepo, type ProblemsRepo } from './problems.ts';
import { createSequences, type Sequences } from './sequences.ts';
import { createSettingsRepo, type SettingsRepo } from './settings.ts';
import { createStandingsRepo, type StandingsRepo } from './standings.ts';
import { createStatusEventsRepo, type StatusEventsRepo } from './status-events.ts';

export interface Data {
  /** The deployment's home county: documents without a county are its (src/domain/county.ts). */
  county: string;
  library: Library;
  figures: FiguresRepo;
  /** 资金到位 reports and each project's funds by month. */
  funds: FundsRepo;
  problems: ProblemsRepo;
  statusEvents: StatusEventsRepo;
  evidence: EvidenceRepo;
  audit: AuditRepo;
  groups: GroupsRepo;
  jobRuns: JobRunsRepo;
  settings: SettingsRepo;
  /** The 通报's colours by month and the 督办事项 they made. */
  standings: StandingsRepo;
  sequences: Sequences;
  /** Which messages stored something in this process (see src/data/effects.ts). */
  effects: EffectLog;
  /**
   * What a message stored, in any process: for recovery after a crash. `projectCodes`: projects
   * whose figures it touched; `fundsCodes`: whose funds.
   */
  effectsOf(msgId: string): Promise<{ any: boolean; projectCodes: string[]; fundsCodes: string[] }>;
  /** The tables an import writes. */
  table(entity: LibraryEntity): LibraryTable;
}

export function createData(deps: { log?: Logger; libraryCheckEveryMs?: number; county?: string } = {}): Data {
  const county = deps.county ?? DEFAULT_COUNTY;
  const sequences = createSequences();
  const effects = createEffectLog();
  const figures = createFiguresRepo({ log: deps.log });
  const funds = createFundsRepo();
  const problems = createProblemsRepo({ sequences });
  const statusEvents = createStatusEventsRepo();
  const evidence = createEvidenceRepo();
  const audit = createAuditRepo({ figures });
  return {
    county,
    library: createLibrary({ sequences, checkEveryMs: deps.libraryCheckEveryMs, county }),
    // Every write that carries the message it came from is noted (src/data/effects.ts).
    figures: {
      ...figures,
      submit: (input) => noting(effects, input.sourceMsgId, () => figures.submit(input)),
      withdraw: (r, by, msgId, at) => noting(effects, msgId, () => figures.withdraw(r, by, msgId, at)),
    },
    funds: {
      ...funds,
      submit: (input) => noting(effects, input.sourceMsgId, () => funds.submit(input)),
      withdraw: (r, by, msgId, at) => noting(effects, msgId, () => funds.withdraw(r, by, msgId, at)),
    },
    problems: {
      ...problems,
      create: (input, at) => noting(effects, input.sourceMsgId, () => problems.create(input, at)),
      change: (no, guard, set, entry) =>
        noting(effects, entry.sourceMsgId, () => problems.change(no, guard, set, entry)),
    },
    statusEvents: {
      ...statusEvents,
      create: (event) => noting(effects, event.sourceMsgId, () => statusEvents.create(event)),
    },
    evidence: {
      ...evidence,
      link: (record, reportId) => noting(effects, record.sourceMsgId, () => evidence.link(record, reportId)),
    },
    audit: {
      ...audit,
      write: (entries) => {
        for (const e of entries) effects.note(e.sourceMsgId);
        return audit.write(entries);
      },
    },
    groups: createGroupsRepo(),
    jobRuns: createJobRunsRepo(),
    settings: createSettingsRepo(),
    standings: createStandingsRepo(),
    sequences,
    effects,
    async effectsOf(msgId) {
      const [reports, events, problem, trail, fundsReports] = await Promise.all([
        figures.fromMessage(msgId),
        statusEvents.fromMessage(msgId),
        problems.fromMessage(msgId),
        audit.trail(msgId),
        funds.fromMessage(msgId),
      ]);
      return {
        any: reports.length + events.length + trail.length + fundsReports.length > 0 || Boolean(problem),
        projectCodes: [...new Set(reports.map((r) => r.projectCode))],
        fundsCodes: [...new Set(fundsReports.map((r) => r.projectCode))],
      };
    },
    table: libraryTable,
  };
}

/**
 * Notes the message before the write: a write that failed half way may still have stored part of its
 * effect, and the pipeline then leaves the message to recovery, which repairs what can be rebuilt.
 */
function noting<T>(
  effects: EffectLog,
  msgId: string | null | undefined,
  write: () => Promise<T>,
): Promise<T> {
  effects.note(msgId);
  return write();
}

/** The inbound message store (store before acknowledge) uses Redis for its fast dedupe path too. */
export function createInbound(deps: { redis: Redis; prefix: string; clock: Clock }): InboundStore {
  return createInboundStore(deps);
}

export type { AuditEntry, AuditRecord } from './audit.ts';
export type { FigureRow, ReportInput, StoredReport } from './figures.ts';
export type { FundsInput, FundsMonth, StoredFunds } from './funds.ts';
export type { GroupDoc } from './groups.ts';
export type { StoredInbound } from './inbound.ts';
export type { Library, PersonDoc, ProjectDoc, ProjectIndexEntry, UnitDoc, UnitFacts } from './library.ts';
export type { Fields, LibraryEntity, LibraryTable } from './library-tables.ts';
export type { HistoryEntry, NewProblem, Problem, ProblemDoc, ProblemHistory } from './problems.ts';
export type { Colour, MonthStandings } from './standings.ts';
export type { StatusEventDoc } from './status-events.ts';
