// A tiny seeded random source (mulberry32), so fault injection can be replayed exactly.
import { randomInt } from 'node:crypto';

/** Returns a function yielding floats in [0, 1); seeded when `seed` is given. */
export function seededRandom(seed?: number): () => number {
  let state = (seed ?? randomInt(0, 2 ** 31)) >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
