/**
 * @-mentions where WeCom has no real @: the 智能机器人 (stream replies, response_url, the long
 * connection's markdown) shows `<@userid>` as plain text and notifies nobody — only the group
 * robot's webhook does (WecomTeam/wecom-cli#103, WecomTeam/wecom-openclaw-plugin#170). There the
 * people asked to act are named instead: `<@id>` in the content becomes "@姓名", and everyone in
 * `mentions` not yet named gets "@姓名" on a last line.
 */

/** The content with mentions written as names; `names` maps userid → 姓名 (unknown ids stay ids). */
export function mentionsAsNames(
  content: string,
  mentions: readonly string[] | undefined,
  names: ReadonlyMap<string, string>,
): string {
  const nameOf = (id: string) => names.get(id) ?? id;
  const body = content.replace(/<@([^>\s]+)>/g, (_, id: string) => `@${nameOf(id)}`);
  const extra = [...new Set(mentions ?? [])].map((id) => `@${nameOf(id)}`).filter((at) => !body.includes(at));
  return extra.length ? `${body}\n${extra.join(' ')}` : body;
}

/** Every userid a content and its mentions name, for one lookup. */
export function mentionedIds(content: string, mentions: readonly string[] | undefined): string[] {
  const inline = [...content.matchAll(/<@([^>\s]+)>/g)].map((m) => m[1]!);
  return [...new Set([...(mentions ?? []), ...inline])];
}
