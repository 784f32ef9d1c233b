import { describe, expect, it } from 'vitest';
import { formatBytes } from '../../src/util/format-bytes.js';

describe('formatBytes', () => {
  it.each<[number, string]>([
    [0, '0 B'],
    [512, '512 B'],
    [1536, '1.5 KiB'],
    [68 * 1024, '68 KiB'],
    [100 * 1024 * 1024, '100 MiB'],
    [3 * 1024 ** 3, '3.0 GiB'],
  ])('labels powers of 1024 as binary units: %i is %s', (n, text) => {
    expect(formatBytes(n)).toBe(text);
  });
});
