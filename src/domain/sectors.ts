/** Which projects an investment domain (领域) covers: a 行业领域, a 专项类别, or 全部. */
import { SECTORS } from './vocabulary.ts';

export function inDomain(
  domain: string,
  p: { sector: string; specialCategories: readonly string[] | string[] },
): boolean {
  if (domain === '全部') return true;
  if ((SECTORS as readonly string[]).includes(domain)) return p.sector === domain;
  return (p.specialCategories as readonly string[]).includes(domain);
}
