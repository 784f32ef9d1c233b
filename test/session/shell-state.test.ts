import { describe, expect, it } from 'vitest';
import { EMPTY_SHELL, placeOf, popLayer, pushLayer, topLayer, withProbe, withReport } from '../../src/session/shell-state.js';

const probe = { user: 'root', host: 'web-1', home: '/root', helpers: [], encoding: 'gz64' as const, workers: 5 };
const started = withReport(withProbe(EMPTY_SHELL, probe), { cwd: '/root', home: '/root', user: 'root' });

describe('the shell state', () => {
  it.each([
    ['before the probe', EMPTY_SHELL, { user: '', home: '', cwd: '', host: '', depth: 0 }],
    ['after the first line', started, { user: 'root', home: '/root', cwd: '/root', host: 'web-1', depth: 0 }],
    ['after cd', withReport(started, { cwd: '/var/log' }), { user: 'root', home: '/root', cwd: '/var/log', host: 'web-1', depth: 0 }],
    ['after a report with no cwd (an empty word keeps the old one)', withReport(started, { cwd: '' }), { user: 'root', home: '/root', cwd: '/root', host: 'web-1', depth: 0 }],
    ['after su app', pushLayer(started, { user: 'app', login: false }), { user: 'app', home: '', cwd: '/root', host: 'web-1', depth: 1 }],
    [
      'after su - app and its first line',
      withReport(pushLayer(started, { user: 'app', login: true }), { cwd: '/home/app', home: '/home/app', user: 'app' }),
      { user: 'app', home: '/home/app', cwd: '/home/app', host: 'web-1', depth: 1 },
    ],
    ['after su app and exit', popLayer(pushLayer(started, { user: 'app', login: false })), { user: 'root', home: '/root', cwd: '/root', host: 'web-1', depth: 0 }],
    ['after exit at the base (never popped)', popLayer(started), { user: 'root', home: '/root', cwd: '/root', host: 'web-1', depth: 0 }],
  ])('%s', (_name, state, place) => {
    expect(placeOf(state)).toEqual(place);
  });

  it('runs lines in the top layer, and in the base one before the probe', () => {
    expect(topLayer(EMPTY_SHELL)).toEqual({ index: 0, user: null, login: false });
    expect(topLayer(pushLayer(started, { user: 'app', login: true }))).toEqual({ index: 1, user: 'app', login: true });
  });

  it('keeps the base layer when a later probe repeats (a re-read first invocation)', () => {
    const again = withProbe(withReport(started, { cwd: '/tmp' }), { ...probe, host: 'web-1b' });
    expect(placeOf(again)).toMatchObject({ cwd: '/tmp', host: 'web-1b' });
  });

  it('cannot switch user before the session started', () => {
    expect(() => pushLayer(EMPTY_SHELL, { user: 'app', login: false })).toThrow(/before the session started/);
  });
});
