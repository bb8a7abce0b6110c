/**
 * What `npm run import` shows while a big workbook loads: on a terminal, one line per sheet with a
 * bar and counts redrawn in place; elsewhere (a pipe, systemd's journal, a CI log) a plain line with
 * the counts every few seconds, never a carriage return or an escape sequence.
 *
 * Hand-written rather than cli-progress (the kept bar library; 3.12.0, engines node >=4): it trims a
 * line to the terminal by UTF-16 units (`substr(0, columns)`), so a line with Chinese sheet names,
 * two columns a character, wraps and the redraw then stacks copies down the screen; and its output
 * away from a terminal is the bar itself, not a line a log reader wants. A few dozen lines do both.
 */
import type { RowProgress } from '../src/import/import-workbook.ts';

export interface ProgressSink {
  write(text: string): unknown;
  isTTY?: boolean;
  columns?: number;
}

export interface ImportProgress {
  /** A line of its own (a sheet starts, a note); ends a bar being drawn first. */
  line(text: string): void;
  rows(p: RowProgress): void;
  /** Leaves the terminal on a fresh line. */
  end(): void;
}

/** Columns a string takes on a terminal: CJK and full-width characters take two. */
export function displayWidth(text: string): number {
  let w = 0;
  for (const ch of text) {
    const c = ch.codePointAt(0)!;
    const wide =
      (c >= 0x1100 && c <= 0x115f) ||
      (c >= 0x2e80 && c <= 0xa4cf) ||
      (c >= 0xac00 && c <= 0xd7a3) ||
      (c >= 0xf900 && c <= 0xfaff) ||
      (c >= 0xfe30 && c <= 0xfe4f) ||
      (c >= 0xff00 && c <= 0xff60) ||
      (c >= 0xffe0 && c <= 0xffe6) ||
      (c >= 0x20000 && c <= 0x3fffd);
    w += wide ? 2 : 1;
  }
  return w;
}

const percent = (p: RowProgress) => (p.total ? Math.floor((p.done / p.total) * 100) : 100);

/** The plain line: "  项目库：1350/3000 行（45%）". */
export function countsLine(p: RowProgress): string {
  return `  ${p.sheet}：${p.done}/${p.total} 行（${percent(p)}%）`;
}

/** The terminal line, within `columns`: "  项目库 [######------] 1350/3000 行 45%". */
export function barLine(p: RowProgress, columns: number): string {
  const head = `  ${p.sheet} [`;
  const tail = `] ${p.done}/${p.total} 行 ${percent(p)}%`;
  // One column spare: a line that fills the last column makes some terminals wrap.
  const room = Math.min(30, columns - 1 - displayWidth(head) - displayWidth(tail));
  if (room < 5) return countsLine(p).trimStart();
  const filled = p.total ? Math.round((p.done / p.total) * room) : room;
  return `${head}${'#'.repeat(filled)}${'-'.repeat(room - filled)}${tail}`;
}

export function createImportProgress(opts: {
  out: ProgressSink;
  /** Away from a terminal: a counts line this often (0: none). */
  everyMs: number;
  /** On a terminal: the bar is redrawn at most this often. */
  redrawMs?: number;
  now?: () => number;
}): ImportProgress {
  const { out } = opts;
  const now = opts.now ?? Date.now;
  const tty = out.isTTY === true;
  const redrawMs = opts.redrawMs ?? 100;
  let drawn = false;
  let last = now();
  /** Sheets that printed a counts line: they also print their last one. */
  const reported = new Set<string>();

  const breakBar = () => {
    if (drawn) out.write('\n');
    drawn = false;
  };
  return {
    line(text) {
      breakBar();
      out.write(`${text}\n`);
    },
    rows(p) {
      const finished = p.done >= p.total;
      if (tty) {
        if (!finished && now() - last < redrawMs) return;
        last = now();
        out.write(`\r${barLine(p, out.columns ?? 80)}\x1b[K`);
        drawn = true;
        if (finished) breakBar();
        return;
      }
      const due = opts.everyMs > 0 && now() - last >= opts.everyMs;
      if (finished ? reported.has(p.sheet) : due) {
        out.write(`${countsLine(p)}\n`);
        reported.add(p.sheet);
        last = now();
      }
    },
    end: breakBar,
  };
}
