import { formatBytes } from './content.js';
import type { TransferProgress } from './remote-files.js';

/** Where a progress bar draws: a TTY stream (stderr). */
export interface ProgressStream {
  write(text: string): unknown;
  columns?: number;
}

/** The bar's line for one moment: label, bar, percent, bytes, rate and ETA. Pure, for tests. */
export function progressLine(label: string, p: TransferProgress, elapsedMs: number, width: number): string {
  const fraction = p.total > 0 ? Math.min(1, p.done / p.total) : 1;
  const rate = elapsedMs > 0 ? (p.done * 1000) / elapsedMs : 0;
  const eta = rate > 0 ? Math.max(0, (p.total - p.done) / rate) : undefined;
  const stats = ` ${String(Math.floor(fraction * 100)).padStart(3)}% ${formatBytes(p.done)}/${formatBytes(p.total)} ${formatBytes(Math.round(rate))}/s ETA ${eta === undefined ? '--:--' : clock(eta)}`;
  const barWidth = Math.max(10, Math.min(30, width - stats.length - Math.min(label.length, 24) - 4));
  const filled = Math.round(fraction * barWidth);
  const room = Math.max(8, width - stats.length - barWidth - 4);
  const name = label.length > room ? `…${label.slice(label.length - room + 1)}` : label;
  return `${name} [${'#'.repeat(filled)}${'-'.repeat(barWidth - filled)}]${stats}`;
}

function clock(seconds: number): string {
  const s = Math.round(seconds);
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  const mm = String(m).padStart(2, '0');
  const ss = String(s % 60).padStart(2, '0');
  return h > 0 ? `${h}:${mm}:${ss}` : `${mm}:${ss}`;
}

/** A progress bar redrawn in place at most every 100 ms; `finish` leaves the final line. */
export function createProgressBar(stream: ProgressStream, label: string, now: () => number = Date.now) {
  const started = now();
  let last = 0;
  let latest: TransferProgress = { done: 0, total: 0 };
  const draw = () => {
    const width = stream.columns ?? 80;
    stream.write(`\r${progressLine(label, latest, now() - started, width - 1)}\x1b[K`);
  };
  return {
    update(p: TransferProgress): void {
      latest = p;
      const t = now();
      if (t - last >= 100) {
        last = t;
        draw();
      }
    },
    finish(): void {
      draw();
      stream.write('\n');
    },
  };
}
