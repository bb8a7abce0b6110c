import { describe, expect, it } from 'vitest';
import { connectTestStores } from '../helpers/services.ts';
import { crashScenario } from './crash-scenario.ts';

const { svc } = await connectTestStores();

describe('kill -9 in the middle of a burst of reports from four people', () => {
  // 500 messages: `npm run faults:crash` is too slow for npm test; run scripts/faults-crash.ts.
  it('stores every acknowledged report once and answers every message once after the restart', async () => {
    const out = await crashScenario({
      mongoUri: svc.mongoUri,
      redisUrl: svc.redisUrl,
      total: 80,
      killAt: 40,
    });
    console.log(`[faults] crash: ${JSON.stringify(out)}`);
    expect(out.ackedBeforeKill).toBeGreaterThanOrEqual(40);
    expect(out.ackedBeforeKill).toBeLessThan(80);
    expect(out.inboundStored).toBe(80);
    expect(out.unfinished).toBe(0);
    expect(out.reportsStored).toBe(80);
    expect(out.duplicateReports).toBe(0);
    expect(out.missingReports).toBe(0);
    expect(out.otherReplies).toEqual([]);
    expect(out.replies).toBe(80);
    expect(out.duplicateReplies).toBe(0);
    expect(out.missingReplies).toBe(0);
  }, 150_000);
});
