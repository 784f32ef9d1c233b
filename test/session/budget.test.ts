import { describe, expect, it } from 'vitest';
import { WorkerBudget } from '../../src/session/budget.js';

describe('the worker budget', () => {
  it('hands out its slots, then makes later documents wait in line, first come first served', async () => {
    const budget = new WorkerBudget(2);
    await budget.acquire();
    await budget.acquire();
    const order: string[] = [];
    const a = budget.acquire().then(() => order.push('a'));
    const b = budget.acquire().then(() => order.push('b'));
    await Promise.resolve();
    expect(order).toEqual([]);
    budget.release();
    await a;
    expect(order).toEqual(['a']);
    budget.release();
    await b;
    expect(order).toEqual(['a', 'b']);
    expect(budget.inUse).toBe(2);
    expect(budget.peakInUse).toBe(2);
  });

  it('drops a waiter whose signal aborts, without taking a slot', async () => {
    const budget = new WorkerBudget(1);
    await budget.acquire();
    const controller = new AbortController();
    const waiting = budget.acquire(controller.signal);
    controller.abort(new Error('gave up'));
    await expect(waiting).rejects.toThrow('gave up');
    budget.release();
    expect(budget.inUse).toBe(0);
    await budget.acquire();
    expect(budget.inUse).toBe(1);
  });

  it('refuses a release that was never taken, and a budget without slots', () => {
    expect(() => new WorkerBudget(1).release()).toThrow(/not taken/);
    expect(() => new WorkerBudget(0)).toThrow(/at least one slot/);
  });
});
