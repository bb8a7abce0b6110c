/** Counts the commands every client sends to a Redis server (MONITOR), BullMQ's scripts included. */
import { Redis } from 'ioredis';

export async function startRedisTrace(url: string) {
  const counts = new Map<string, number>();
  let on = false;
  const monitor = await new Redis(url).monitor();
  monitor.on('monitor', (_time: string, args: string[]) => {
    if (!on) return;
    const name = String(args[0] ?? '').toLowerCase();
    // The key's shape: its fixed parts, ids and names cut off.
    const target = name === 'evalsha' || name === 'eval' ? String(args[3] ?? '') : String(args[1] ?? '');
    const shape = target
      .split(':')
      .slice(0, 3)
      .join(':')
      .replace(/[^:]{24,}$/, '…');
    const key = `${name} ${shape}`;
    counts.set(key, (counts.get(key) ?? 0) + 1);
  });
  return {
    start() {
      counts.clear();
      on = true;
    },
    async stop() {
      // MONITOR lines arrive a little after the commands.
      await new Promise((r) => setTimeout(r, 200));
      on = false;
    },
    report(per = 1): string[] {
      const total = [...counts.values()].reduce((n, c) => n + c, 0);
      return [
        `redis: ${(total / per).toFixed(2)} commands`,
        ...[...counts.entries()]
          .sort((a, b) => b[1] - a[1])
          .map(([k, n]) => `  ${(n / per).toFixed(2).padStart(6)} × ${k}`),
      ];
    },
    close: () => monitor.disconnect(),
  };
}
