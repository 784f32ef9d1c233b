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

export { formatBytes } from '../util/format-bytes.js';
