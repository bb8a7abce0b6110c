/**
 * Where a message is read (design.md "A city with several counties"): a county group's messages in
 * its county, a city group's (县区 = 全市) in the whole city; a direct chat where its sender belongs.
 * Someone unknown, and every message of a one-county deployment, is read in the home county.
 */
import type { Data } from '../data/index.ts';
import { CITY, countyOf, type Scope } from '../domain/county.ts';
import type { InboundMessage } from '../domain/messages.ts';

export type { Scope } from '../domain/county.ts';

export interface ScopeService {
  of(msg: InboundMessage): Promise<Scope>;
}

/** Groups change county only by import: a minute's copy of a group's county is close enough. */
const GROUP_TTL_MS = 60_000;

export function createScopeService(deps: { data: Data; now?: () => number }): ScopeService {
  const { data } = deps;
  const now = deps.now ?? Date.now;
  const groups = new Map<string, { county: string; at: number }>();
  const scope = (county: string): Scope => ({ county: county === CITY ? null : county });

  async function groupCounty(chatId: string): Promise<string> {
    const t = now();
    const memo = groups.get(chatId);
    if (memo && t - memo.at < GROUP_TTL_MS) return memo.county;
    const county = countyOf(await data.groups.byChatId(chatId), data.county);
    if (groups.size > 10_000) groups.clear();
    groups.set(chatId, { county, at: t });
    return county;
  }

  return {
    async of(msg) {
      if (msg.chatType === 'group' && msg.chatId) return scope(await groupCounty(msg.chatId));
      const person = await data.library.person(msg.userId);
      return scope(countyOf(person, data.county));
    },
  };
}
