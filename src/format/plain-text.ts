/**
 * WeCom's markdown (research §4: headings, **bold**, [links](url), `code`, > quotes, <font color>,
 * <@userid>) as plain text, for a reader that shows text as it is: a .txt file opened on a phone.
 */
export function markdownToPlainText(markdown: string): string {
  return markdown
    .split('\n')
    .map((line) =>
      line
        .replace(/^#{1,6}\s+/, '')
        .replace(/^>\s?/, '')
        .replace(/<font\b[^>]*>/gi, '')
        .replace(/<\/font>/gi, '')
        .replace(/\*\*(.+?)\*\*/g, '$1')
        .replace(/\[([^\]]*)\]\(([^)\s]+)\)/g, '$1（$2）')
        .replace(/`([^`]*)`/g, '$1')
        .replace(/<@([^>\s]+)>/g, '@$1')
        .trimEnd(),
    )
    .join('\n');
}
