import { describe, expect, it } from 'vitest';
import { barLine, countsLine, createImportProgress, displayWidth } from '../../scripts/import-progress.ts';

function sink(tty: boolean, columns?: number) {
  let text = '';
  return {
    out: { isTTY: tty, columns, write: (s: string) => (text += s) },
    text: () => text,
  };
}

function clock() {
  let t = 1_000;
  return { now: () => t, advance: (ms: number) => (t += ms) };
}

describe('import progress on a terminal', () => {
  it('redraws one line per sheet in place, within the terminal width, and moves on when the sheet is done', () => {
    const s = sink(true, 60);
    const c = clock();
    const p = createImportProgress({ out: s.out, everyMs: 5000, now: c.now });
    p.line('  项目库（3000 行）…');
    for (let done = 0; done < 3000; done += 10) {
      c.advance(7);
      p.rows({ sheet: '项目库', done, total: 3000 });
    }
    p.rows({ sheet: '项目库', done: 3000, total: 3000 });
    p.line('  群聊（2 行）…');
    p.rows({ sheet: '群聊', done: 0, total: 2 });
    p.rows({ sheet: '群聊', done: 2, total: 2 });
    p.end();

    const lines = s.text().split('\n');
    expect(lines[0]).toBe('  项目库（3000 行）…');
    // Redrawn with a carriage return, at most every 100 ms (300 updates over 2.1 s → about 21 draws).
    const draws = lines[1]!.split('\r').slice(1);
    expect(draws.length).toBeGreaterThan(15);
    expect(draws.length).toBeLessThan(30);
    for (const d of draws) {
      const visible = d.replace('\x1b[K', '');
      expect(displayWidth(visible)).toBeLessThanOrEqual(59);
      expect(visible).toMatch(/^ {2}项目库 \[#*-*\] \d+\/3000 行 \d+%$/);
    }
    expect(draws.at(-1)).toBe(`${barLine({ sheet: '项目库', done: 3000, total: 3000 }, 60)}\x1b[K`);
    expect(draws.at(-1)).toContain('[##########');
    expect(lines[2]).toBe('  群聊（2 行）…');
    // A small sheet still shows its finished bar; nothing is left on the last line.
    expect(lines[3]).toBe(`\r${barLine({ sheet: '群聊', done: 2, total: 2 }, 60)}\x1b[K`);
    expect(lines.at(-1)).toBe('');
  });

  it('counts Chinese as two columns and drops the bar on a very narrow terminal', () => {
    expect(displayWidth('项目库 ab')).toBe(9);
    expect(displayWidth(barLine({ sheet: '项目库', done: 5, total: 10 }, 40))).toBeLessThanOrEqual(39);
    expect(barLine({ sheet: '项目库', done: 5, total: 10 }, 20)).toBe('项目库：5/10 行（50%）');
  });
});

describe('import progress away from a terminal', () => {
  it('writes a counts line every few seconds and the last one of a sheet it reported on, nothing else', () => {
    const s = sink(false);
    const c = clock();
    const p = createImportProgress({ out: s.out, everyMs: 2000, now: c.now });
    p.line('  单位（27 行）…');
    for (let done = 0; done < 27; done++) p.rows({ sheet: '单位', done, total: 27 });
    p.rows({ sheet: '单位', done: 27, total: 27 });
    p.line('  项目库（3000 行）…');
    for (let done = 0; done < 3000; done++) {
      c.advance(3); // 9 s in all
      p.rows({ sheet: '项目库', done, total: 3000 });
    }
    p.rows({ sheet: '项目库', done: 3000, total: 3000 });
    p.end();
    expect(s.text()).not.toMatch(/[\r\x1b]/);
    expect(s.text().split('\n')).toEqual([
      '  单位（27 行）…',
      '  项目库（3000 行）…',
      countsLine({ sheet: '项目库', done: 666, total: 3000 }),
      countsLine({ sheet: '项目库', done: 1333, total: 3000 }),
      countsLine({ sheet: '项目库', done: 2000, total: 3000 }),
      countsLine({ sheet: '项目库', done: 2667, total: 3000 }),
      '  项目库：3000/3000 行（100%）',
      '',
    ]);
    expect(countsLine({ sheet: '项目库', done: 1333, total: 3000 })).toBe('  项目库：1333/3000 行（44%）');
  });

  it('writes no counts lines when asked for none', () => {
    const s = sink(false);
    const c = clock();
    const p = createImportProgress({ out: s.out, everyMs: 0, now: c.now });
    for (let done = 0; done <= 100; done++) {
      c.advance(1000);
      p.rows({ sheet: '项目库', done, total: 100 });
    }
    expect(s.text()).toBe('');
  });
});
