import { useCallback, useEffect, useReducer, useRef, useState } from 'react';
import { setTimeout as delay } from 'node:timers/promises';
import { Box, Text, useApp, useStdin, useStdout } from 'ink';
import type { RunResult, SessionEvent, SessionPlace } from '../session/events.js';
import type { RunOptions } from '../session/session.js';
import { LineAssembler } from '../shell/line-assembler.js';
import { CompletionCache, type Lister } from './completion-cache.js';
import { applyCompletion, columns, completionTarget, resolveDir } from './completion.js';
import { historyOf } from './history.js';
import type { KeyEvent } from './keys.js';
import { OutputSink } from './output-sink.js';
import { classifyLine } from './program-kind.js';
import { formatPrompt } from './prompt.js';
import { newPrompt, promptKey, type PromptState } from './prompt-reducer.js';
import { PromptLine } from './PromptLine.js';
import { StatusLine } from './StatusLine.js';
import { NO_TYPEAHEAD, hasHeldKeys, holdKeys, releaseKeys, type TypeAhead } from './typeahead.js';
import { useRawKeys } from './use-raw-keys.js';

/** The part of the engine the shell drives (a fake in component tests). */
export interface ShellSession {
  run(line: string, options?: RunOptions): Promise<RunResult>;
  place(): SessionPlace;
}

/** What `vi FILE` and friends ask the editor feature to do. */
export interface EditRequest {
  program: string;
  files: string[];
  line: string;
  place: SessionPlace;
}

/** A command the shell runs on this side (`get`, `put`): resolves to its exit status. */
export type LocalCommand = (context: { signal: AbortSignal; print: (line: string) => void; setPhase: (phase: string) => void }) => Promise<number>;

/** The props of the interactive shell. */
export interface ShellProps {
  session: ShellSession;
  /** Shown in the prompt: the Name tag or the instance id. */
  name: string;
  /** Written once above the first prompt. */
  banner?: string;
  /** Earlier lines of this target, oldest first. */
  history?: string[];
  /** Called with each submitted line, to persist it. */
  onHistory?: (line: string) => void;
  /** Lists remote directories and commands for Tab; without it Tab does nothing. */
  lister?: Lister;
  /** Aborted by SIGTERM/SIGHUP: cancel the running command and leave with `abortCode()`. */
  signal?: AbortSignal;
  abortCode?: () => number;
  /** Receives the exit code just before the app exits. */
  onExit: (code: number) => void;
  /** Opens `vi FILE` locally (the editor feature); the terminal is handed over while it runs. Without it, a one-line notice. */
  onEdit?: (request: EditRequest) => Promise<number>;
  /** Recognises lines run on this side (get/put): null for a line that runs remotely. */
  localCommand?: (line: string) => LocalCommand | null;
  /** Pages text locally (with the terminal handed over); without it paged output is printed. */
  pager?: (text: string) => Promise<void>;
  /** Longest wait for SIGTERM's cancel before leaving anyway, in ms. @default 10000 */
  abortGraceMs?: number;
}

interface Running {
  startedAt: number;
  commandId: string;
  phase: string;
  cancelling: boolean;
  /** Set while the instance's agent is busy with others' documents. */
  busy?: string;
}

const EXIT_LINE = /^\s*(exit|logout)(\s+(\d+))?\s*$/;

/**
 * The interactive shell: a readline-like prompt, output streamed above it through Ink's stdout
 * writer (complete lines; the unfinished one lives in the frame), a status line while a command
 * runs, Ctrl+C/Ctrl+D/Ctrl+L, Tab completion, and local handling of programs that need a
 * terminal. Keys typed or pasted while a command runs are held (typeahead.ts) and replayed at the
 * next prompt, so pasted and typed-ahead lines run in order, each echoed after its own prompt
 * and its output never mixed with another's; Ctrl+C drops them, as a tty flushes its input on ^C.
 */
export function Shell(props: ShellProps) {
  const { session } = props;
  const { write, stdout } = useStdout();
  const { stdin } = useStdin();
  const app = useApp();
  const [, rerender] = useReducer((n: number) => n + 1, 0);
  const prompt = useRef<PromptState>(newPrompt(historyOf(props.history ?? [])));
  const [running, setRunning] = useState<Running | null>(null);
  const [partial, setPartial] = useState('');
  const [suspended, setSuspended] = useState(false);
  const [done, setDone] = useState(false);
  const busy = useRef(false);
  const typeahead = useRef<TypeAhead>(NO_TYPEAHEAD);
  const controllers = useRef<{ interrupt: AbortController; kill: AbortController } | null>(null);
  const lastCode = useRef(0);
  const finished = useRef(false);
  const cache = useRef<CompletionCache | null>(props.lister ? new CompletionCache(props.lister) : null);
  // Lines that leave a command open (a for loop, a here-document, a trailing \) wait under `> `.
  const assembler = useRef(new LineAssembler());
  // Read at use, not captured: a replayed key after `cd` must see the new directory.
  const currentPrompt = () => {
    if (assembler.current.pending) return '> ';
    const p = session.place();
    return formatPrompt({ user: p.user, name: props.name, cwd: p.cwd, home: p.home });
  };

  const leave = useCallback(
    (code: number) => {
      if (finished.current) return;
      finished.current = true;
      busy.current = true;
      props.onExit(code);
      setDone(true);
      setTimeout(() => app.exit(), 0);
    },
    [app, props],
  );

  useEffect(() => {
    if (props.banner) write(props.banner);
  }, []); // once, at start

  // SIGTERM/SIGHUP: cancel what runs, then leave; leave at once when idle.
  useEffect(() => {
    const signal = props.signal;
    if (!signal) return;
    const onAbort = () => {
      const code = props.abortCode?.() ?? 143;
      if (controllers.current) {
        controllers.current.interrupt.abort();
        setTimeout(() => leave(code), props.abortGraceMs ?? 10_000).unref();
      } else leave(code);
    };
    if (signal.aborted) onAbort();
    else signal.addEventListener('abort', onAbort, { once: true });
    return () => signal.removeEventListener('abort', onAbort);
  }, [props.signal, props.abortCode, props.abortGraceMs, leave]);

  // Hands the terminal to a local program (pager, editor) and takes it back: the shell draws
  // nothing (Ink erases its frame within the 60 ms) and stdin is paused, so the program alone reads keys.
  const handOff = useCallback(
    async <T,>(fn: () => Promise<T>): Promise<T> => {
      setSuspended(true);
      await delay(60);
      stdin.pause();
      await new Promise((resolve) => setImmediate(resolve));
      try {
        return await fn();
      } finally {
        // Ink's first frame after the hand-off erases the line above the cursor (its empty frame
        // counts as two lines): give it a blank one, so the last line the program printed stays.
        stdout.write('\n');
        setSuspended(false);
      }
    },
    [stdin, stdout],
  );

  // Held keys come back one piece (one line) at a time, while the shell stays idle.
  const idle = () => {
    busy.current = false;
    if (finished.current) return;
    do {
      const released = releaseKeys(typeahead.current);
      typeahead.current = released.state;
      if (released.notice) write(released.notice);
      if (released.keys.length > 0) feed(released.keys);
    } while (!busy.current && !finished.current && hasHeldKeys(typeahead.current));
    rerender();
  };

  const runRemote = async (line: string, capture: Buffer[] | null): Promise<void> => {
    const ctl = { interrupt: new AbortController(), kill: new AbortController() };
    controllers.current = ctl;
    setRunning({ startedAt: Date.now(), commandId: '', phase: 'sending', cancelling: false });
    const sink = new OutputSink((text) => write(text), setPartial);
    const onEvent = (event: SessionEvent) => {
      if (event.type === 'output') {
        if (capture) capture.push(event.data);
        else sink.push(event.data);
      } else if (event.type === 'status') {
        setRunning((r) => (r ? { ...r, commandId: event.commandId, phase: event.phase } : r));
      } else if (event.type === 'load') {
        const busy = event.busy ? `instance busy: ${event.waiting} command${event.waiting === 1 ? '' : 's'} waiting for its ${event.workers} workers` : undefined;
        setRunning((r) => (r ? { ...r, busy } : r));
      } else {
        sink.breakLine();
        write(`${event.message}\n`);
      }
    };
    try {
      const result = await session.run(line, { signal: ctl.interrupt.signal, killSignal: ctl.kill.signal, onEvent });
      lastCode.current = result.cancelled ? 130 : result.exitCode;
    } catch (error) {
      sink.end();
      write(`smsh: ${(error as Error).message}\n`);
      lastCode.current = 255;
    }
    sink.end();
    controllers.current = null;
    setRunning(null);
    cache.current?.invalidateDirs();
  };

  // A local command with the status line and Ctrl+C of a remote one.
  const runLocal = async (command: LocalCommand): Promise<void> => {
    const ctl = { interrupt: new AbortController(), kill: new AbortController() };
    ctl.kill.signal.addEventListener('abort', () => ctl.interrupt.abort(), { once: true });
    controllers.current = ctl;
    setRunning({ startedAt: Date.now(), commandId: '', phase: 'transferring', cancelling: false });
    try {
      lastCode.current = await command({
        signal: ctl.interrupt.signal,
        print: (text) => write(`${text}\n`),
        setPhase: (phase) => setRunning((r) => (r ? { ...r, phase } : r)),
      });
    } catch (error) {
      write(`smsh: ${(error as Error).message}\n`);
      lastCode.current = 1;
    }
    controllers.current = null;
    setRunning(null);
    cache.current?.invalidateDirs();
  };

  const execute = async (line: string): Promise<void> => {
    const current = session.place();
    const exit = EXIT_LINE.exec(line);
    if (exit && current.depth === 0) {
      leave(exit[3] !== undefined ? Number(exit[3]) & 255 : lastCode.current);
      return;
    }
    const local = props.localCommand?.(line) ?? null;
    const kind = classifyLine(line);
    if (local) {
      await runLocal(local);
    } else if (kind.kind === 'interactive') {
      write(`smsh: ${kind.message}\n`);
      lastCode.current = 1;
    } else if (kind.kind === 'editor') {
      if (props.onEdit) {
        const onEdit = props.onEdit;
        lastCode.current = await handOff(() => onEdit({ program: kind.program, files: kind.files, line, place: current }));
      } else {
        write(`smsh: ${kind.program} needs a terminal, which this shell cannot hand over; copy the file with get and put, or use cat, sed -i or tee\n`);
        lastCode.current = 1;
      }
    } else if (kind.kind === 'pager') {
      const captured: Buffer[] = [];
      const width = stdout.columns || 80;
      await runRemote(/^\s*man\s/.test(line) ? `MANWIDTH=${width} ${line}` : line, captured);
      const text = Buffer.concat(captured).toString('utf8');
      if (text !== '' && props.pager && !props.signal?.aborted) {
        const pager = props.pager;
        await handOff(() => pager(text));
      } else if (text !== '') write(text.endsWith('\n') ? text : `${text}\n`);
    } else {
      await runRemote(line, null);
    }
    if (props.signal?.aborted) leave(props.abortCode?.() ?? 143);
  };

  const complete = async (text: string, cursor: number): Promise<void> => {
    const target = completionTarget(text, cursor);
    if (!target || !cache.current) return;
    const here = session.place();
    setRunning({ startedAt: Date.now(), commandId: '', phase: 'completing', cancelling: false });
    try {
      const candidates = target.command ? await cache.current.commandNames() : await cache.current.dir(resolveDir(target.dir ?? '', here.cwd, here.home));
      const result = applyCompletion(text, cursor, target, candidates);
      const p = prompt.current;
      if (p.line.text === text && p.line.cursor === cursor) prompt.current = { ...p, line: { ...p.line, text: result.text, cursor: result.cursor } };
      if (result.list.length > 0) write(`${currentPrompt()}${text}\n${columns(result.list, stdout.columns || 80)}`);
    } catch (error) {
      write(`smsh: completion failed: ${(error as Error).message}\n`);
    } finally {
      setRunning(null);
    }
  };

  // Runs keys through the prompt; once a line is submitted, the rest wait for the next prompt.
  function feed(keys: KeyEvent[]): void {
    for (let i = 0; i < keys.length; i++) {
      const key = keys[i]!;
      if (busy.current) {
        hold(keys.slice(i));
        break;
      }
      const { state, outcome } = promptKey(prompt.current, key);
      prompt.current = state;
      if (!outcome) continue;
      switch (outcome.type) {
        case 'submit': {
          write(`${currentPrompt()}${outcome.line}\n`);
          props.onHistory?.(outcome.line);
          const command = assembler.current.push(outcome.line);
          if (command === null || command.trim() === '') break;
          busy.current = true;
          void execute(command).finally(idle);
          break;
        }
        case 'interrupt':
          write(`${currentPrompt()}${outcome.line}^C\n`);
          assembler.current.take();
          lastCode.current = 130;
          break;
        case 'eof': {
          // Ctrl+D under `> ` ends the open command as bash does: its shell says what is missing.
          const open = assembler.current.take();
          if (open !== null) {
            write('> \n');
            busy.current = true;
            void execute(open).finally(idle);
            break;
          }
          write(`${currentPrompt()}logout\n`);
          leave(lastCode.current);
          return;
        }
        case 'clear-screen':
          write('\x1b[H\x1b[2J');
          break;
        case 'complete':
          busy.current = true;
          void complete(outcome.text, outcome.cursor).finally(idle);
          break;
      }
    }
    rerender();
  }

  // Keys for a busy shell wait for the next prompt; Ctrl+C interrupts the running line (a second one kills it).
  function hold(keys: KeyEvent[]): void {
    const ctl = controllers.current;
    const r = holdKeys(typeahead.current, keys, { prompt: prompt.current, running: ctl !== null });
    typeahead.current = r.state;
    for (let i = 0; ctl && i < r.interrupts; i++) {
      if (ctl.interrupt.signal.aborted) ctl.kill.abort();
      else {
        ctl.interrupt.abort();
        setRunning((run) => (run ? { ...run, cancelling: true } : run));
      }
    }
    rerender();
  }

  const onKeys = (keys: KeyEvent[]) => {
    if (busy.current) hold(keys);
    else feed(keys);
  };

  useRawKeys(onKeys, !suspended && !done);

  if (suspended || done) return null;
  return (
    <Box flexDirection="column">
      {partial !== '' && <Text wrap="truncate-end">{partial}</Text>}
      {running ? <StatusLine {...running} queued={typeahead.current.lines} /> : <PromptLine prompt={currentPrompt()} state={prompt.current} />}
    </Box>
  );
}
