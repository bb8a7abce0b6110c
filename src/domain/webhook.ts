/** The key from a robot push URL (`…/webhook/send?key=KEY`); a bare key is returned as is. */
export function webhookKeyFrom(urlOrKey: string | undefined): string | undefined {
  if (!urlOrKey) return undefined;
  const s = urlOrKey.trim();
  if (!s) return undefined;
  if (!/^https?:\/\//i.test(s)) return /^[\w-]+$/.test(s) ? s : undefined;
  try {
    return new URL(s).searchParams.get('key') || undefined;
  } catch {
    return undefined;
  }
}
