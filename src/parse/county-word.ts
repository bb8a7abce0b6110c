/**
 * A county named before a project in a city group: "查 忻城县 贺巴", "进度 兴宾区 一号项目 …". The
 * county narrows the names to its projects and is taken out of the text; a county named last
 * ("查 忻城县") stays, for the county's card.
 */

export function takeCountyWord(
  text: string,
  counties: readonly string[],
): { county: string; text: string } | undefined {
  // Longest first: 兴宾区 before a county whose name it might contain.
  for (const county of [...counties].sort((a, b) => b.length - a.length)) {
    const at = text.indexOf(county);
    if (at < 0) continue;
    const before = text.slice(0, at);
    const after = text.slice(at + county.length);
    // Part of a longer name ("忻城县福六水库工程") is not the county word.
    if (!/^\s+\S/.test(after)) continue;
    if (before !== '' && !/(?:[\s#/:：,，]|查|查询|查看)$/.test(before)) continue;
    return {
      county,
      text: `${before}${after.replace(/^\s+/, before === '' || /\s$/.test(before) ? '' : ' ')}`,
    };
  }
  return undefined;
}
