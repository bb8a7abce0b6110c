export { attachScheduler } from './attach.ts';
export { buildJobDeps, type JobDepsInput, loggingPost } from './job-deps.ts';
export { defaultJobs, defineJobs, isJobName, jobRegistry, registerJob } from './registry.ts';
export * from './rules.ts';
export { type RunOptions, type RunResult, type RunStatus, runJobOnce } from './run-once.ts';
export {
  CATCH_UP_DAYS,
  missedRunDate,
  type Scheduler,
  type SchedulerOptions,
  startScheduler,
} from './scheduler.ts';
export * from './types.ts';
