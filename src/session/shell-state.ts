import type { LineReport } from '../remote/line-report.js';
import type { ProbeFacts } from '../remote/probe-script.js';
import type { Layer } from '../remote/run-script.js';
import type { SessionPlace } from './events.js';

/** One layer of the su/sudo stack as the client knows it. */
export interface LayerState extends Layer {
  cwd: string;
  home: string;
  /** The layer's user name as the instance reports it. */
  name: string;
}

/** What the client knows of the remote shell: the su/sudo stack (base login first) and the host name. */
export interface ShellState {
  readonly layers: readonly LayerState[];
  readonly host: string;
}

/** Before the probe: nothing known. */
export const EMPTY_SHELL: ShellState = Object.freeze({ layers: [], host: '' });

/** The layer lines run in now (the base before the probe answered). */
export function topLayer(state: ShellState): Layer {
  const top = state.layers.at(-1);
  return top ? { index: top.index, user: top.user, login: top.login } : { index: 0, user: null, login: false };
}

/** Where the session is: user, home, cwd, host and su depth, for the prompt and the banner. */
export function placeOf(state: ShellState): SessionPlace {
  const top = state.layers.at(-1);
  return { user: top?.name ?? '', home: top?.home ?? '', cwd: top?.cwd ?? '', host: state.host, depth: Math.max(0, state.layers.length - 1) };
}

/** The probe answered: the host, and the base layer as the agent's user. */
export function withProbe(state: ShellState, probe: ProbeFacts): ShellState {
  const layers = state.layers.length > 0 ? state.layers : [{ index: 0, user: null, login: false, name: probe.user, cwd: '', home: '' }];
  return { layers, host: probe.host || state.host };
}

/** A line ended: its cwd, and the layer's user and home when the report has them, go to the top layer. */
export function withReport(state: ShellState, report: Pick<LineReport, 'cwd' | 'home' | 'user'>): ShellState {
  const top = state.layers.at(-1);
  if (!top) return state;
  const next: LayerState = {
    ...top,
    ...(report.cwd ? { cwd: report.cwd } : {}),
    ...(report.home !== undefined ? { home: report.home } : {}),
    ...(report.user !== undefined ? { name: report.user } : {}),
  };
  return { ...state, layers: [...state.layers.slice(0, -1), next] };
}

/** `su`, `sudo -i` and friends: a new layer on top, in the parent's cwd until its first line says otherwise. */
export function pushLayer(state: ShellState, change: { user: string; login: boolean }): ShellState {
  const parent = state.layers.at(-1);
  if (!parent) throw new Error('cannot switch user before the session started');
  const layer: LayerState = { index: state.layers.length, user: change.user, login: change.login, name: change.user, cwd: parent.cwd, home: '' };
  return { ...state, layers: [...state.layers, layer] };
}

/** `exit` in a switched layer: back to the one below. The base layer is never popped. */
export function popLayer(state: ShellState): ShellState {
  return state.layers.length > 1 ? { ...state, layers: state.layers.slice(0, -1) } : state;
}
