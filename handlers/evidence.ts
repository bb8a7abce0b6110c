/**
 * Site photos (数出有据): an image sent to the bot in a direct chat within 30 minutes of the sender's
 * report is attached to it. The lead's onEvent hook calls `handleEvidenceImage` for image messages.
 */
import type { BotContext } from '../src/command/context.ts';
import { type Reply, text } from '../src/domain/messages.ts';
import { formatWan } from '../src/domain/money.ts';
import { AppError } from '../src/errors.ts';
import { monthLabel, whenLabel } from '../src/format/report.ts';
import type { ReportServices } from './shared/project-choice.ts';

/** Replies for an image message; null when the message is not one this handler takes. */
export async function handleEvidenceImage(ctx: BotContext<ReportServices>): Promise<Reply[] | null> {
  const msg = ctx.msg;
  if (msg.kind !== 'image' || !msg.imageUrls.length) return null;
  // In a group, pictures are people talking to each other, not evidence addressed to the bot.
  if (msg.chatType !== 'single') return [];

  let outcome: Awaited<ReturnType<ReportServices['evidence']['attach']>>;
  try {
    outcome = await ctx.services.evidence.attach({
      reporterId: msg.userId,
      urls: msg.imageUrls,
      ...(msg.imageAesKeys ? { aesKeys: msg.imageAesKeys } : {}),
      sourceMsgId: msg.msgId,
      at: ctx.clock.now(),
    });
  } catch (err) {
    if (!(err instanceof AppError && err.code === 'wecom_api_error')) throw err;
    ctx.log.warn({ err }, 'evidence image could not be fetched');
    return [text('图片下载失败（链接可能已过期），请重新发送该图片。')];
  }
  if (outcome.kind === 'no-report') {
    return [
      text(
        '收到图片。现场照片需附在进度报送之后：请先发送进度（如：进度 贺巴 本月完成投资1200万元，形象进度：…），再在30分钟内发送照片。',
      ),
    ];
  }
  const { report, images } = outcome;
  const library = ctx.services.library;
  const projectName = async (code: string) => (await library.project(code))?.name ?? code;
  const target = `${await projectName(report.projectCode)} ${monthLabel(report.month)}进度报送`;
  const tz = ctx.config.BOT_TIMEZONE;
  const lines: string[] = [];
  for (const img of images) {
    if (img.reusedFrom) {
      const r = img.reusedFrom;
      const names = await library.personNames([r.reporterId]);
      lines.push(
        `该图片此前已用于${await projectName(r.projectCode)} ${monthLabel(r.month)}进度报送（${names.get(r.reporterId)} ${whenLabel(r.reportedAt, tz)}报送），请核实。本次已附至${target}，并标记为重复使用。`,
      );
    } else if (img.alreadyAttached) {
      lines.push(`该图片已附在${target}中，无需重复发送。`);
    } else {
      lines.push(`已附图片至${target}（完成投资${formatWan(report.monthAmount)}）。`);
    }
  }
  return [text(lines.join('\n'))];
}
