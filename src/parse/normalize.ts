/**
 * Turns what WeCom delivers into one clean line of text the sub-parsers can rely on: no bot
 * mention, half-width ASCII, single spaces, no invisible characters, no `#`/`/` command prefix.
 */

export const DEFAULT_BOT_NAME = '项目调度助手';

/** Longest text we read; a real command is far shorter, and it bounds the work on junk input. */
export const MAX_TEXT_LENGTH = 4000;

const ZERO_WIDTH = /[\u200b-\u200f\u2028-\u202f\u2060-\u206f\ufeff\u00ad]/g;
// Control characters become spaces (a tab or newline still separates words).
const CONTROL = /[\u0000-\u001f\u007f-\u009f]/g;
// WeCom puts U+2005 after an @mention; every Unicode space is just a space here.
const SPACES = /[\s\u00a0\u1680\u2000-\u200a\u3000\u205f]+/g;

/** Full-width ASCII (U+FF01–U+FF5E) → ASCII. Chinese 、 and 。 are kept: they have no ASCII twin. */
export function toHalfWidth(text: string): string {
  return text.replace(/[\uff01-\uff5e]/g, (c) => String.fromCharCode(c.charCodeAt(0) - 0xfee0));
}

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** Removes "@name" at the start (repeatedly) and at the end of the text. */
function stripMentions(text: string, names: string[]): string {
  let out = text;
  for (let changed = true; changed; ) {
    changed = false;
    for (const name of names) {
      const head = new RegExp(`^@${escapeRegExp(name)}(?:\\s+|$)?`, 'i');
      const tail = new RegExp(`\\s*@${escapeRegExp(name)}$`, 'i');
      const next = out.replace(head, '').trimStart().replace(tail, '').trimEnd();
      if (next !== out) {
        out = next;
        changed = true;
      }
    }
  }
  return out;
}

export function normalizeText(raw: string, botName: string = DEFAULT_BOT_NAME): string {
  if (typeof raw !== 'string') return '';
  let text = raw.length > MAX_TEXT_LENGTH * 2 ? raw.slice(0, MAX_TEXT_LENGTH * 2) : raw;
  text = text.normalize('NFC').replace(ZERO_WIDTH, '').replace(CONTROL, ' ');
  text = toHalfWidth(text).replace(SPACES, ' ').trim();
  const names = [...new Set([toHalfWidth(botName.trim()), DEFAULT_BOT_NAME].filter((n) => n.length > 0))];
  text = stripMentions(text, names);
  // "#进度" and "/查" carry a prefix; "#12 办结" is a problem number and keeps its '#'.
  text = text.replace(/^[#/]+\s*(?=[^\d\s#/])/, '');
  if (text.length > MAX_TEXT_LENGTH) text = text.slice(0, MAX_TEXT_LENGTH);
  return text.trim();
}

const CJK = '\\u3400-\\u9fff\\uf900-\\ufaff';
const BESIDE_CJK = new RegExp(`(?<=[${CJK}])([,;:!?])|([,;:!?])(?=[${CJK}])`, 'g');
const FULL: Record<string, string> = { ',': '，', ';': '；', ':': '：', '!': '！', '?': '？' };

/**
 * For free text we store and show back (problem descriptions, notes): the normaliser made "，"
 * into ","; next to Chinese characters it reads better as "，" again.
 */
export function restoreCjkPunctuation(text: string): string {
  return text.replace(BESIDE_CJK, (m) => FULL[m] ?? m);
}

/** Separators between clauses: ASCII , ; and the Chinese 、 。 plus newlines (already spaces). */
export const CLAUSE_SEPARATORS = /[,;、。]/;
