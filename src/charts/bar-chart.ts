/**
 * Grouped bar charts as PNG, for the bulletin and sector queries (e.g. each sector's year-to-date
 * investment against its annual plan, with the completion rate written on the chart).
 */
import type { SKRSContext2D } from '@napi-rs/canvas';
import { AppError } from '../errors.ts';
import { canvasModule } from '../heavy-modules.ts';
import { chartFont, registerChineseFont } from './font.ts';
import { formatNumber, formatPercent, niceScale, type Scale } from './scale.ts';

export interface BarSeries {
  name: string;
  values: number[];
  color?: string;
  /** Text written at each bar's end instead of the formatted value. */
  labels?: string[];
}

export interface BarChartOptions {
  title: string;
  subtitle?: string;
  categories: string[];
  series: BarSeries[];
  /** Unit of the values, shown on the axis (万元, 个 …). */
  unit?: string;
  /** Default: horizontal when there are many categories or long names, else vertical. */
  orientation?: 'vertical' | 'horizontal';
  /** Writes series[numerator] ÷ series[denominator] as a percentage beside each category. */
  ratio?: { numerator: number; denominator: number };
  width?: number;
  height?: number;
}

export const PALETTE = ['#3b7ddd', '#f0a030', '#3bb273', '#e15554', '#7768ae', '#4d9de0'];
const INK = '#1f2933';
const MUTED = '#6b7785';
const GRID = '#e4e8ee';
const PAD = 28;
/** WeCom refuses images over 2 MB. */
export const MAX_PNG_BYTES = 2 * 1024 * 1024;

interface Frame {
  ctx: SKRSContext2D;
  left: number;
  top: number;
  right: number;
  bottom: number;
}

function validate(o: BarChartOptions): void {
  const bad = (msg: string) => new AppError('invalid_input', `renderBarChart: ${msg}`);
  if (o.categories.length === 0) throw bad('no categories');
  if (o.series.length === 0) throw bad('no series');
  for (const s of o.series) {
    if (s.values.length !== o.categories.length) {
      throw bad(`series "${s.name}" has ${s.values.length} values for ${o.categories.length} categories`);
    }
    if (s.values.some((v) => !Number.isFinite(v))) throw bad(`series "${s.name}" has a non-finite value`);
  }
  if (o.ratio && (!o.series[o.ratio.numerator] || !o.series[o.ratio.denominator]))
    throw bad('ratio names a missing series');
}

/** Shortens `text` with … until it fits `max` pixels. */
function fitText(ctx: SKRSContext2D, text: string, max: number): string {
  if (ctx.measureText(text).width <= max) return text;
  let t = text;
  while (t.length > 1 && ctx.measureText(`${t}…`).width > max) t = t.slice(0, -1);
  return `${t}…`;
}

function barLabel(s: BarSeries, i: number): string {
  return s.labels?.[i] ?? formatNumber(s.values[i]!);
}

function drawHeader(ctx: SKRSContext2D, o: BarChartOptions, width: number): number {
  ctx.fillStyle = INK;
  ctx.textBaseline = 'top';
  ctx.textAlign = 'left';
  ctx.font = chartFont(24, 'bold');
  ctx.fillText(fitText(ctx, o.title, width - 2 * PAD), PAD, PAD);
  let y = PAD + 34;
  if (o.subtitle) {
    ctx.fillStyle = MUTED;
    ctx.font = chartFont(15);
    ctx.fillText(fitText(ctx, o.subtitle, width - 2 * PAD), PAD, y);
    y += 24;
  }
  // Legend: one swatch per series, left to right.
  ctx.font = chartFont(14);
  let x = PAD;
  o.series.forEach((s, i) => {
    ctx.fillStyle = s.color ?? PALETTE[i % PALETTE.length]!;
    ctx.fillRect(x, y + 3, 14, 14);
    ctx.fillStyle = INK;
    ctx.fillText(s.name, x + 20, y + 1);
    x += 20 + ctx.measureText(s.name).width + 24;
  });
  return y + 30;
}

function drawVertical(f: Frame, o: BarChartOptions, scale: Scale): void {
  const { ctx, left, top, right, bottom } = f;
  const plotH = bottom - top;
  const yOf = (v: number) => bottom - ((v - scale.min) / (scale.max - scale.min)) * plotH;
  ctx.font = chartFont(13);
  ctx.textAlign = 'right';
  ctx.textBaseline = 'middle';
  for (const t of scale.ticks) {
    ctx.strokeStyle = GRID;
    ctx.beginPath();
    ctx.moveTo(left, yOf(t));
    ctx.lineTo(right, yOf(t));
    ctx.stroke();
    ctx.fillStyle = MUTED;
    ctx.fillText(formatNumber(t), left - 8, yOf(t));
  }
  if (o.unit) {
    ctx.textAlign = 'left';
    ctx.textBaseline = 'bottom';
    ctx.fillText(`单位：${o.unit}`, PAD, top - 10);
  }
  const band = (right - left) / o.categories.length;
  const barW = Math.min(48, (band * 0.75) / o.series.length);
  const groupW = barW * o.series.length;
  o.categories.forEach((cat, i) => {
    const x0 = left + band * i + (band - groupW) / 2;
    let highest = yOf(0);
    o.series.forEach((s, k) => {
      const v = s.values[i]!;
      const y = yOf(Math.max(v, 0));
      const h = Math.abs(yOf(v) - yOf(0));
      ctx.fillStyle = s.color ?? PALETTE[k % PALETTE.length]!;
      ctx.fillRect(x0 + k * barW, y, barW - 2, h);
      ctx.fillStyle = INK;
      ctx.font = chartFont(12);
      ctx.textAlign = 'center';
      ctx.textBaseline = 'bottom';
      ctx.fillText(barLabel(s, i), x0 + k * barW + barW / 2, y - 3);
      highest = Math.min(highest, y);
    });
    if (o.ratio) {
      const num = o.series[o.ratio.numerator]!.values[i]!;
      const den = o.series[o.ratio.denominator]!.values[i]!;
      ctx.fillStyle = '#c2410c';
      ctx.font = chartFont(14, 'bold');
      ctx.fillText(formatPercent(num, den), left + band * i + band / 2, highest - 20);
    }
    ctx.fillStyle = INK;
    ctx.font = chartFont(14);
    ctx.textBaseline = 'top';
    ctx.fillText(fitText(ctx, cat, band - 4), left + band * i + band / 2, bottom + 8);
  });
  ctx.strokeStyle = MUTED;
  ctx.beginPath();
  ctx.moveTo(left, yOf(0));
  ctx.lineTo(right, yOf(0));
  ctx.stroke();
}

function drawHorizontal(f: Frame, o: BarChartOptions, scale: Scale): void {
  const { ctx, left, top, right, bottom } = f;
  const plotW = right - left;
  const xOf = (v: number) => left + ((v - scale.min) / (scale.max - scale.min)) * plotW;
  ctx.font = chartFont(13);
  ctx.textAlign = 'center';
  ctx.textBaseline = 'top';
  for (const t of scale.ticks) {
    ctx.strokeStyle = GRID;
    ctx.beginPath();
    ctx.moveTo(xOf(t), top);
    ctx.lineTo(xOf(t), bottom);
    ctx.stroke();
    ctx.fillStyle = MUTED;
    ctx.fillText(formatNumber(t), xOf(t), bottom + 6);
  }
  if (o.unit) {
    ctx.textAlign = 'right';
    ctx.fillText(`单位：${o.unit}`, right, bottom + 26);
  }
  const band = (bottom - top) / o.categories.length;
  const barH = Math.min(28, (band * 0.75) / o.series.length);
  const groupH = barH * o.series.length;
  o.categories.forEach((cat, i) => {
    const y0 = top + band * i + (band - groupH) / 2;
    let farthest = xOf(0);
    o.series.forEach((s, k) => {
      const v = s.values[i]!;
      const x = xOf(Math.min(v, 0));
      const w = Math.abs(xOf(v) - xOf(0));
      ctx.fillStyle = s.color ?? PALETTE[k % PALETTE.length]!;
      ctx.fillRect(x, y0 + k * barH, w, barH - 2);
      ctx.fillStyle = INK;
      ctx.font = chartFont(Math.min(13, barH));
      ctx.textAlign = 'left';
      ctx.textBaseline = 'middle';
      const label = barLabel(s, i);
      ctx.fillText(label, xOf(Math.max(v, 0)) + 5, y0 + k * barH + barH / 2);
      farthest = Math.max(farthest, xOf(Math.max(v, 0)) + 5 + ctx.measureText(label).width);
    });
    if (o.ratio) {
      const num = o.series[o.ratio.numerator]!.values[i]!;
      const den = o.series[o.ratio.denominator]!.values[i]!;
      ctx.fillStyle = '#c2410c';
      ctx.font = chartFont(14, 'bold');
      ctx.textAlign = 'left';
      ctx.fillText(formatPercent(num, den), farthest + 10, y0 + groupH / 2);
    }
    ctx.fillStyle = INK;
    ctx.font = chartFont(14);
    ctx.textAlign = 'right';
    ctx.textBaseline = 'middle';
    ctx.fillText(fitText(ctx, cat, left - PAD - 10), left - 10, top + band * i + band / 2);
  });
  ctx.strokeStyle = MUTED;
  ctx.beginPath();
  ctx.moveTo(xOf(0), top);
  ctx.lineTo(xOf(0), bottom);
  ctx.stroke();
}

/** Renders a grouped bar chart to PNG bytes (≤ 2 MB, as a WeCom image message requires). */
export function renderBarChart(o: BarChartOptions): Buffer {
  validate(o);
  registerChineseFont();
  const longest = Math.max(...o.categories.map((c) => c.length));
  const orientation = o.orientation ?? (o.categories.length > 6 || longest > 5 ? 'horizontal' : 'vertical');
  const width = o.width ?? 960;
  const height =
    o.height ?? (orientation === 'horizontal' ? Math.max(360, 150 + o.categories.length * 52) : 560);
  const canvas = canvasModule().createCanvas(width, height);
  const ctx = canvas.getContext('2d');
  ctx.fillStyle = '#ffffff';
  ctx.fillRect(0, 0, width, height);
  const top = drawHeader(ctx, o, width) + (orientation === 'vertical' ? 24 : 4);

  const all = o.series.flatMap((s) => s.values);
  const scale = niceScale(Math.min(...all), Math.max(...all));
  if (orientation === 'vertical') {
    ctx.font = chartFont(13);
    const axisW = Math.max(...scale.ticks.map((t) => ctx.measureText(formatNumber(t)).width));
    drawVertical(
      { ctx, left: PAD + axisW + 10, top, right: width - PAD, bottom: height - PAD - 26 },
      o,
      scale,
    );
  } else {
    ctx.font = chartFont(14);
    const labelW = Math.min(width * 0.3, Math.max(...o.categories.map((c) => ctx.measureText(c).width)));
    // Room on the right for the longest value label and the percentage.
    const tail = o.ratio ? 150 : 90;
    drawHorizontal(
      { ctx, left: PAD + labelW + 10, top, right: width - PAD - tail, bottom: height - PAD - 44 },
      o,
      scale,
    );
  }
  const png = canvas.toBuffer('image/png');
  if (png.length > MAX_PNG_BYTES) {
    throw new AppError('internal', `chart PNG is ${png.length} bytes, over WeCom's 2 MB image limit`);
  }
  return png;
}
