/**
 * How the bot would take a ParsedCommand, and whether that is what the corpus expects.
 * Matches are simplified to names so expectations read like the replies: a found project is its
 * full name, an ambiguous one `{ ambiguous: [names] }`, an unknown one `{ none: text }`.
 */
import type { ParsedCommand } from '../../../src/parse/types.ts';
import type { Expect } from './case.ts';

export type Outcome = 'understood' | 'refused' | 'asked';

function simplify(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(simplify);
  if (value === null || typeof value !== 'object') return value;
  const o = value as Record<string, unknown>;
  if (o.kind === 'found' && (o.project || o.unit)) return ((o.project ?? o.unit) as { name: string }).name;
  if (o.kind === 'ambiguous' && Array.isArray(o.candidates)) {
    return { ambiguous: (o.candidates as Array<{ name: string }>).map((c) => c.name) };
  }
  if (o.kind === 'none' && typeof o.text === 'string' && !('problemNo' in o)) {
    const out: Record<string, unknown> = { none: o.text };
    if (Array.isArray(o.suggestions))
      out.suggestions = (o.suggestions as Array<{ name: string }>).map((s) => s.name);
    return out;
  }
  if (typeof o.name === 'string' && typeof o.code === 'string') return o.name;
  return Object.fromEntries(Object.entries(o).map(([k, v]) => [k, simplify(v)]));
}

export function simplified(c: ParsedCommand): Record<string, unknown> {
  return simplify(c) as Record<string, unknown>;
}

/**
 * The name matches a command depends on. A problem's unit is only who it asks for help: an
 * unknown one leaves the problem without a unit, it does not refuse the problem.
 */
function matches(o: unknown, intent?: string): unknown[] {
  if (o === null || typeof o !== 'object') return [];
  const rec = o as Record<string, unknown>;
  const own = rec.kind === 'found' || rec.kind === 'ambiguous' || rec.kind === 'none' ? [rec] : [];
  return [
    ...own,
    ...Object.entries(rec).flatMap(([k, v]) =>
      k === 'others' || k === 'otherProjects' || (intent === 'problem' && k === 'unit') ? [] : matches(v),
    ),
  ];
}

export function outcomeOf(c: ParsedCommand): Outcome {
  const all = matches(c, c.intent) as Array<{ kind: string; text?: string }>;
  if ('uncertain' in c && c.uncertain && c.uncertain.length > 0) return 'asked';
  if (all.some((m) => m.kind === 'ambiguous')) return 'asked';
  if (c.intent === 'unknown') return 'refused';
  if ('missing' in c && c.missing.length > 0) return 'refused';
  if (all.some((m) => m.kind === 'none')) return 'refused';
  return 'understood';
}

/** Every difference between `expected` (a partial object) and `actual`, as paths. */
export function differences(actual: unknown, expected: unknown, path = ''): string[] {
  if (expected !== null && typeof expected === 'object' && !Array.isArray(expected)) {
    if (actual === null || typeof actual !== 'object')
      return [`${path}: expected an object, got ${JSON.stringify(actual)}`];
    return Object.entries(expected as Record<string, unknown>).flatMap(([k, v]) =>
      differences((actual as Record<string, unknown>)[k], v, path ? `${path}.${k}` : k),
    );
  }
  if (Array.isArray(expected)) {
    if (!Array.isArray(actual) || actual.length !== expected.length) {
      return [`${path}: expected ${JSON.stringify(expected)}, got ${JSON.stringify(actual)}`];
    }
    return expected.flatMap((v, i) => differences(actual[i], v, `${path}[${i}]`));
  }
  return Object.is(actual, expected)
    ? []
    : [`${path}: expected ${JSON.stringify(expected)}, got ${JSON.stringify(actual)}`];
}

/** Why the command is a misread of the expectation; empty when it is read as expected. */
export function misreadReasons(c: ParsedCommand, expect: Expect): string[] {
  const outcome = outcomeOf(c);
  const s = simplified(c);
  if (outcome !== expect.kind) return [`taken as ${outcome} (${c.intent}), expected ${expect.kind}`];
  const reasons: string[] = [];
  if (expect.intent && c.intent !== expect.intent)
    reasons.push(`intent ${c.intent}, expected ${expect.intent}`);
  if (expect.fields) reasons.push(...differences(s, expect.fields));
  if (expect.kind === 'asked' && (expect.field || expect.reading)) {
    const unsure = ('uncertain' in c && c.uncertain) || [];
    const hit = unsure.find(
      (x) => (!expect.field || x.field === expect.field) && (!expect.reading || x.reading === expect.reading),
    );
    if (!hit)
      reasons.push(`no uncertain ${expect.field ?? ''} ${expect.reading ?? ''} in ${JSON.stringify(unsure)}`);
  }
  return reasons;
}
