/** Markdown has no mentioned_list: mentions are written into the content as <@userid>. */
export function markdownWithMentions(content: string, mentions: string[] | undefined): string {
  const extra = (mentions ?? []).filter((m) => !content.includes(`<@${m}>`)).map((m) => `<@${m}>`);
  return extra.length ? `${content}\n${extra.join(' ')}` : content;
}
