// Opaque NextTokens: an offset bound to the listing that issued it.
import type { AwsError } from './errors.js';

/** One page of a listing and the token for the next, if any. */
export interface Page<T> {
  items: T[];
  nextToken?: string;
}

/** Slices `items` from the offset in `token`; a token from another listing is `invalid()`. */
export function paginate<T>(
  items: readonly T[],
  maxResults: number,
  token: string | undefined,
  listing: string,
  invalid: () => AwsError,
): Page<T> {
  let offset = 0;
  if (token !== undefined) {
    let decoded: unknown;
    try {
      decoded = JSON.parse(Buffer.from(token, 'base64url').toString('utf8'));
    } catch {
      throw invalid();
    }
    const d = decoded as { l?: unknown; o?: unknown } | null;
    if (!d || d.l !== listing || typeof d.o !== 'number' || !Number.isInteger(d.o) || d.o < 0) throw invalid();
    offset = d.o;
  }
  const end = offset + maxResults;
  const page: Page<T> = { items: items.slice(offset, end) };
  if (end < items.length) page.nextToken = Buffer.from(JSON.stringify({ l: listing, o: end })).toString('base64url');
  return page;
}
