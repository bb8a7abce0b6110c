import { createCanvas, loadImage } from '@napi-rs/canvas';
import { describe, expect, it } from 'vitest';
import { renderBarChart } from '../../src/charts/bar-chart.ts';
import { CHART_FONT_FAMILY, registerChineseFont } from '../../src/charts/font.ts';
import { formatPercent, niceScale } from '../../src/charts/scale.ts';

const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

async function decode(png: Buffer) {
  const img = await loadImage(png);
  const canvas = createCanvas(img.width, img.height);
  const ctx = canvas.getContext('2d');
  ctx.drawImage(img, 0, 0);
  return { width: img.width, height: img.height, data: ctx.getImageData(0, 0, img.width, img.height).data };
}

function inkedPixels(data: Uint8ClampedArray): number {
  let n = 0;
  for (let i = 0; i < data.length; i += 4)
    if (data[i]! < 240 || data[i + 1]! < 240 || data[i + 2]! < 240) n++;
  return n;
}

/** The pixels of one character drawn in `family`, to compare glyphs. */
function glyph(ch: string, family: string): Uint8ClampedArray {
  const c = createCanvas(64, 64);
  const ctx = c.getContext('2d');
  ctx.fillStyle = '#fff';
  ctx.fillRect(0, 0, 64, 64);
  ctx.fillStyle = '#000';
  ctx.font = `48px ${family}`;
  ctx.textBaseline = 'top';
  ctx.fillText(ch, 4, 4);
  return ctx.getImageData(0, 0, 64, 64).data;
}

const sectors = {
  title: '2021年1-8月各行业领域投资完成情况',
  subtitle: '本年累计完成与年度计划',
  categories: ['工业', '交通', '能源', '水利', '新型基础设施'],
  series: [
    { name: '年度计划', values: [52000, 88000, 21000, 34000, 12000] },
    { name: '本年累计完成', values: [18200, 44000, 13650, 27200, 11400] },
  ],
  unit: '万元',
  ratio: { numerator: 1, denominator: 0 },
};

describe('bar charts', () => {
  it('renders a PNG of the requested size with real content, under 2 MB', async () => {
    for (const orientation of ['vertical', 'horizontal'] as const) {
      const png = renderBarChart({ ...sectors, orientation, width: 800, height: 500 });
      expect(png.subarray(0, 8).equals(PNG_SIGNATURE)).toBe(true);
      expect(png.length).toBeLessThan(2 * 1024 * 1024);
      const img = await decode(png);
      expect([img.width, img.height]).toEqual([800, 500]);
      // Bars, axes and text cover a good share of the image; a blank or failed render does not.
      expect(inkedPixels(img.data)).toBeGreaterThan(800 * 500 * 0.05);
    }
  });

  it('chooses a default size and orientation', async () => {
    const img = await decode(renderBarChart(sectors));
    expect(img.width).toBe(960);
    expect(img.height).toBeGreaterThan(300);
  });

  it('draws Chinese glyphs from Noto Sans SC, not tofu boxes', () => {
    expect(registerChineseFont()).toBeGreaterThan(50);
    expect(registerChineseFont()).toBe(registerChineseFont()); // idempotent
    const gong = glyph('工', CHART_FONT_FAMILY);
    const ye = glyph('业', CHART_FONT_FAMILY);
    // Missing glyphs all draw the same box; two different characters must differ.
    expect(Buffer.from(gong).equals(Buffer.from(ye))).toBe(false);
    expect(inkedPixels(gong)).toBeGreaterThan(50);
    const c = createCanvas(10, 10).getContext('2d');
    c.font = `24px ${CHART_FONT_FAMILY}`;
    // A CJK glyph is about one em wide.
    expect(c.measureText('工业投资').width).toBeGreaterThan(80);
  });

  it('rejects series that do not match the categories', () => {
    expect(() =>
      renderBarChart({ title: 't', categories: ['a', 'b'], series: [{ name: 's', values: [1] }] }),
    ).toThrow(/1 values for 2 categories/);
  });
});

describe('scales', () => {
  it('picks round ticks from zero', () => {
    expect(niceScale(0, 88000).ticks).toEqual([0, 20000, 40000, 60000, 80000, 100000]);
    expect(niceScale(0, 0).ticks).toEqual([0, 1]);
    expect(niceScale(-5, 10).min).toBeLessThan(0);
    expect(formatPercent(7, 8)).toBe('87.5%');
    expect(formatPercent(1, 0)).toBe('—');
  });
});
