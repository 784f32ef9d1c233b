import { createHash } from 'node:crypto';

/**
 * The largest file the editor hand-off opens: 100 MiB. Transfers run at tens to hundreds of KB/s
 * over SSM (one 22,000-character frame per round trip and reader), so a larger file would take
 * many minutes each way; `smsh cp` has no limit of its own.
 */
export const EDIT_MAX_BYTES = 100 * 1024 * 1024;

/** sha256 of bytes, as lowercase hex. */
export function sha256Hex(data: Uint8Array): string {
  return createHash('sha256').update(data).digest('hex');
}

/** True when the bytes look binary: they contain a NUL byte (what git and grep go by). */
export function isBinary(data: Uint8Array): boolean {
  return data.includes(0);
}

/** Bytes in human units: 512 B, 1.5 KB, 23.4 MB (powers of 1024). */
export function formatBytes(n: number): string {
  const units = ['B', 'KB', 'MB', 'GB', 'TB'];
  let value = n;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit++;
  }
  return unit === 0 ? `${value} B` : `${value < 10 ? value.toFixed(1) : Math.round(value)} ${units[unit]}`;
}
