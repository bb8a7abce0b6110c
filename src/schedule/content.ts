/**
 * Where the job content gets plugged in. Both `npm start` (attachScheduler) and `npm run job` call
 * loadJobContent() before running anything, so content registered here runs the same in both.
 *
 * CONTENT ENGINEER: write the runners elsewhere (e.g. src/jobs/daily.ts …) and register them here:
 *   const { defineJobs } = await import('./registry.ts');
 *   const jobs = await import('./runners.ts');
 *   defineJobs({ daily: jobs.runDaily, weekly: jobs.runWeekly, … });
 * Until then every job runs a placeholder that posts nothing.
 */
export async function loadJobContent(): Promise<void> {
  const { defineJobs } = await import('./registry.ts');
  const { jobRunners } = await import('./runners.ts');
  defineJobs(jobRunners());
}
