/**
 * Runs a scheduled job from the page exactly as `npm run job -- NAME --date D --force` does:
 * runJobOnce with the job registry, posting through the bot's real outbound queue.
 */
import type { Runtime } from '../runtime.ts';
import { buildJobDeps } from '../schedule/job-deps.ts';
import { notifierPost } from '../schedule/post.ts';
import { isJobName, jobRegistry } from '../schedule/registry.ts';
import { type RunResult, runJobOnce } from '../schedule/run-once.ts';
import type { Bot } from '../wiring.ts';

export function jobList(): Array<{ name: string; title: string }> {
  return [...jobRegistry.values()].map((d) => ({ name: d.name, title: d.title }));
}

export function createJobTrigger(runtime: Runtime, bot: Bot) {
  const deps = buildJobDeps({
    config: runtime.config,
    log: runtime.log,
    clock: runtime.clock,
    redis: runtime.redis,
    data: runtime.data,
    post: notifierPost(bot.services.notifier),
    metrics: runtime.metrics,
  });
  return async (name: string, date: string): Promise<RunResult | undefined> => {
    if (!isJobName(name)) return undefined;
    const def = jobRegistry.get(name);
    if (!def) return undefined;
    return runJobOnce(def, date, deps, { force: true, check: 'none', trigger: 'cli' });
  };
}

/** One line for the page, in the words `npm run job` uses. */
export function describeRun(r: RunResult): string {
  const what = `${r.title}（${r.job}）${r.date}`;
  switch (r.status) {
    case 'done':
      return `已执行：${what}，发送 ${r.outcome?.posted ?? 0} 条。${r.outcome?.summary ?? ''}`;
    case 'already-done':
      return `本期已执行过，未重复发送：${what}。`;
    case 'not-due':
      return `未执行：${what}，${r.reason ?? ''}`;
    case 'busy':
      return `未执行：${what}，另一个进程正在执行。`;
    case 'failed':
      return `执行失败：${what}，${r.reason ?? ''}`;
  }
}
