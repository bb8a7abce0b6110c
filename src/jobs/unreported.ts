import { type Reply, text } from '../domain/messages.ts';
import type { ProjectRow } from './data.ts';

/**
 * A text reply naming each contact who has not reported, with their projects, and @-mentioning
 * them (text + mentioned_list: WeCom does not reliably notify <@id> in markdown).
 */
export function unreportedReminder(
  byPerson: Map<string, ProjectRow[]>,
  personName: (id: string) => string,
  heading: string,
): Reply {
  const ids = [...byPerson.keys()].sort();
  const lines = [heading];
  for (const id of ids) {
    const projects = byPerson.get(id)!.map((p) => p.name);
    lines.push(`${personName(id)}：${projects.join('、')}`);
  }
  return text(lines.join('\n'), ids);
}
