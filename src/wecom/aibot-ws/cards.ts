/**
 * Choice cards: a question with a few answers as buttons (which of several similar projects was
 * meant, whether a figure is right). Each button's key is the answer a person would type, so a
 * press reads like a typed reply, and the text fallback asks for exactly that reply.
 */
import { randomBytes } from 'node:crypto';
import type { TemplateCard } from '@wecom/aibot-node-sdk';

export interface ChoiceOption {
  /** What the person would type to choose this ("1", "是"); the button's key. */
  answer: string;
  /** The button's label. */
  label: string;
}

export interface ChoiceCard {
  /** Unique per card; a press carries it back. */
  taskId: string;
  title: string;
  description?: string;
  /** Longer text under the title (the numbered list a text reply would show). */
  detail?: string;
  options: ChoiceOption[];
}

/** WeCom shows at most 6 buttons on a button_interaction card. */
export const MAX_CARD_BUTTONS = 6;

/** A task_id WeCom accepts: letters, digits and _-@, at most 128 bytes. */
export function newTaskId(prefix = 'xmdd'): string {
  return `${prefix}_${Date.now().toString(36)}_${randomBytes(6).toString('hex')}`;
}

export function cardFits(card: ChoiceCard): boolean {
  return (
    card.options.length > 0 &&
    card.options.length <= MAX_CARD_BUTTONS &&
    new Set(card.options.map((o) => o.answer)).size === card.options.length
  );
}

export function choiceTemplateCard(card: ChoiceCard): TemplateCard {
  return {
    card_type: 'button_interaction',
    main_title: { title: card.title, ...(card.description ? { desc: card.description } : {}) },
    ...(card.detail ? { sub_title_text: card.detail } : {}),
    task_id: card.taskId,
    button_list: card.options.map((o, i) => ({ text: o.label, key: o.answer, style: i === 0 ? 1 : 2 })),
  };
}

/** The same choice as markdown, for chats where cards are not accepted. */
export function choiceFallbackText(card: ChoiceCard): string {
  const lines = [`**${card.title}**`];
  if (card.description) lines.push(card.description);
  for (const o of card.options) lines.push(`- 回复“${o.answer}”：${o.label}`);
  return lines.join('\n');
}

/**
 * What the card shows once answered. It stays a button_interaction card with the same task_id
 * (whether WeCom accepts another card type in an update is not documented); a later press on it
 * arrives as an answer to a question that is no longer open.
 */
export function answeredCard(card: ChoiceCard, answer: string): TemplateCard {
  const chosen = card.options.find((o) => o.answer === answer);
  return { ...choiceTemplateCard(card), sub_title_text: `已选择：${chosen?.label ?? answer}` };
}

/** WeCom's advice for button_interaction cards, in characters: title 26, sub-title 112, button 10. */
const TITLE_CHARS = 26;
const DETAIL_CHARS = 112;
const BUTTON_CHARS = 10;

const clip = (s: string, n: number) => ([...s].length <= n ? s : `${[...s].slice(0, n - 1).join('')}…`);

/**
 * A card for a reply that asks to choose: the first line is the title, the rest (the numbered list)
 * the sub-title, one button per choice numbered like the list, so clipped labels stay apart.
 */
export function cardForChoices(
  content: string,
  choices: ReadonlyArray<{ key: string; label: string }>,
  taskId = newTaskId(),
): ChoiceCard {
  const lines = content.split('\n').filter((l) => l.trim());
  const rest = lines.slice(1).join('\n');
  return {
    taskId,
    title: clip(lines[0] ?? '请选择', TITLE_CHARS),
    ...(rest ? { detail: clip(rest, DETAIL_CHARS) } : {}),
    options: choices.map((c) => ({
      answer: c.key,
      label: clip(c.label.startsWith(c.key) ? c.label : `${c.key}. ${c.label}`, BUTTON_CHARS),
    })),
  };
}
