// 8. Interactive: `smsh <id>` in a real terminal (a private tmux server, 120x40). Time from process
// start to the Ink shell's prompt on screen and the API calls that costs, next to the one-shot's
// first SendCommand (the prompt should come about one round trip later); then the peak RSS
// (VmHWM) of the interactive process while a big `cat` of log text scrolls through the terminal.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { FLOOR_MS, FLOOR_TEXT, REALISTIC, type BenchCase } from '../context.js';
import { startEmulatorHost, type EmulatorHost, type PoolStats } from '../emulator-host.js';
import { runSmsh, SMSH_BIN, writeRssPreload } from '../child.js';
import { wallNow } from '../engine.js';
import { MB, writeLogText } from '../payloads.js';
import { summarize, totalCalls } from '../stats.js';
import { PROMPT, shQuote, TmuxServer } from '../tmux.js';
import { maxPeaks, poolFigures } from '../workers.js';

const PROMPT_TIMEOUT_MS = 30_000;
const EXIT_TIMEOUT_MS = 15_000;
/** Why the gap is a bit over the floor: the session's first poll waits its initial round-trip estimate. */
const ROUND_TRIP_NOTE = 'one round trip: the first GetCommandInvocation goes 950 ms (the initial estimate, floor + jitter) after SendCommand';

const lastLine = (screen: string) => screen.split('\n').filter((l) => l.trim() !== '').at(-1) ?? '';
const atPrompt = (screen: string) => PROMPT.test(lastLine(screen)) && !/Ctrl\+C to cancel/.test(screen);

export const interactive: BenchCase = {
  name: 'interactive',
  async run(ctx) {
    const runs = ctx.quick ? 5 : 10;
    const bytes = (ctx.quick ? 50 : 200) * MB;
    const file = path.join(ctx.workDir, 'interactive.log');
    writeLogText(file, bytes, 7);
    // The file's last two lines (the last one cut to size) prove the terminal got to the end.
    const tail = readFileSync(file).subarray(-1000).toString().split('\n').filter(Boolean).slice(-2).join('\n');
    const preload = writeRssPreload(ctx.workDir);
    const rssFile = path.join(ctx.workDir, 'interactive-rss.txt');
    const tmux = new TmuxServer(`smsh-bench-${process.pid}`);
    const host = await startEmulatorHost(REALISTIC);
    try {
      // A placeholder session keeps the server up, so a run's timing does not include starting tmux.
      tmux.newSession('keep', 'sleep 86400');
      // `exec env … node`: the pane's pid is smsh itself; CI unset so Ink draws live.
      const env = { ...host.env(), XDG_STATE_HOME: path.join(ctx.workDir, 'state'), AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true', SMSH_BENCH_RSS_FILE: rssFile };
      const assignments = Object.entries(env).map(([k, v]) => `${k}=${shQuote(v)}`);
      const command = (nodeArgs: string[]) => ['exec env -u CI -u PAGER', ...assignments, ...[process.execPath, ...nodeArgs, SMSH_BIN, host.instanceId].map(shQuote)].join(' ');

      await timeToPrompt(tmux, host, 'warm-up', command([])); // unmeasured: page cache, emulator warm
      const promptMs: number[] = [];
      const sendToPromptMs: number[] = [];
      const calls: number[] = [];
      const byOp: Record<string, number>[] = [];
      const oneShotSendMs: number[] = [];
      const pools: PoolStats[] = []; // each run resets the counts (and the pool's peaks): read after each, keep the highest
      for (let i = 0; i < runs; i++) {
        const r = await timeToPrompt(tmux, host, `run-${i}`, command([]));
        promptMs.push(r.promptMs);
        sendToPromptMs.push(r.promptMs - r.firstSendMs);
        calls.push(totalCalls(r.calls));
        byOp.push(r.calls);
        pools.push(r.pool);
        // The one-shot's first SendCommand, interleaved so both see the same machine load.
        await host.resetCalls();
        await host.watch();
        const o = await runSmsh([host.instanceId, '-c', 'true'], host.env());
        const send = (await host.firstSeen()).SendCommand;
        if (o.code !== 0 || send === undefined) throw new Error(`smsh -c true exited ${o.code}: ${o.stderr}`);
        oneShotSendMs.push(send - o.spawnedAt);
        pools.push(await host.pool());
      }
      const prompt = summarize(promptMs);
      const oneShot = summarize(oneShotSendMs);
      const sendToPrompt = summarize(sendToPromptMs);
      const total = summarize(calls);
      ctx.log(`interactive: prompt ${prompt.p50.toFixed(0)} ms (one-shot first SendCommand ${oneShot.p50.toFixed(0)} ms), ${total.p50} calls`);

      const promptPool = maxPeaks(pools);
      await host.resetCalls(); // the cat's own pool peaks
      const stream = await streamCat(tmux, command(['--require', preload]), rssFile, file, tail, bytes);
      const catPool = await host.pool();
      const peakMb = stream.peakRssKb / 1024;
      const mbps = bytes / MB / (stream.catMs / 1000);
      const quarter = Math.max(1, Math.floor(stream.rssSeries.length / 4));
      const early = Math.max(...stream.rssSeries.slice(0, quarter).map(([, kb]) => kb)) / 1024;
      const late = Math.max(...stream.rssSeries.slice(-quarter).map(([, kb]) => kb)) / 1024;
      ctx.log(`interactive: peak RSS ${peakMb.toFixed(1)} MiB showing ${bytes / MB} MB (${mbps.toFixed(2)} MB/s)`);
      return {
        metrics: [
          { case: 'interactive', name: `process start → prompt on screen (median of ${runs})`, value: prompt.p50, unit: 'ms', note: 'informational' },
          { case: 'interactive', name: 'process start → prompt on screen (max)', value: prompt.max, unit: 'ms' },
          { case: 'interactive', name: 'one-shot process start → first SendCommand (median)', value: oneShot.p50, unit: 'ms' },
          { case: 'interactive', name: 'prompt − one-shot first SendCommand (medians)', value: prompt.p50 - oneShot.p50, unit: 'ms', floor: FLOOR_TEXT, note: ROUND_TRIP_NOTE },
          { case: 'interactive', name: 'own first SendCommand → prompt (median)', value: sendToPrompt.p50, unit: 'ms', floor: FLOOR_TEXT, note: ROUND_TRIP_NOTE },
          { case: 'interactive', name: 'API calls until the prompt (median)', value: total.p50, unit: '' },
          { case: 'interactive', name: 'API calls until the prompt (max)', value: total.max, unit: '' },
          ...poolFigures('interactive', promptPool, { alone: true, during: '(start to prompt to Ctrl+D, and the one-shots)' }),
          { case: 'interactive', name: `interactive peak RSS, ${bytes / MB} MB of log text to the terminal`, value: peakMb, unit: 'MiB', target: '≤ 150 MB', pass: peakMb <= 150 },
          { case: 'interactive', name: 'RSS, highest sample of the first quarter', value: early, unit: 'MiB' },
          { case: 'interactive', name: 'RSS, highest sample of the last quarter', value: late, unit: 'MiB' },
          { case: 'interactive', name: 'interactive MB/s (Enter → prompt back, end of file on screen)', value: mbps, unit: 'MB/s' },
          ...poolFigures('interactive', catPool, { maxBusy: 3, alone: true, during: `(cat of ${bytes / MB} MB to the terminal)` }),
        ],
        details: {
          method:
            'tmux -L <private socket>, a 120x40 window; the pane runs `exec env -u CI … node bin/smsh.js <id>` so its pid is smsh. Time to prompt: wall clock just before `tmux new-session` until capture-pane (polled every ~5 ms) shows the prompt as the last non-empty line; it includes sh -c and env exec. API calls are the emulator\'s counts at that moment. Memory: the same with --require <preload> (VmHWM at exit); `cat file` is typed with send-keys -l, timed from Enter until the file\'s last lines are on screen and the prompt is back without the status line, then Ctrl+D; VmRSS sampled once a second from /proc/<pane pid>.',
          floorMs: FLOOR_MS,
          promptMs: prompt,
          oneShotFirstSendCommandMs: oneShot,
          firstSendCommandToPromptMs: sendToPrompt,
          callsTotal: total,
          callsByOperationPerRun: byOp,
          bytes,
          catMs: stream.catMs,
          peakRssKb: stream.peakRssKb,
          rssSeriesKb: stream.rssSeries,
          pool: { prompts: promptPool, cat: catPool },
        },
      };
    } finally {
      tmux.kill();
      await host.stop();
    }
  },
};

/** Starts smsh in a new session, waits for the prompt, counts the API calls so far, then leaves with Ctrl+D. */
async function timeToPrompt(tmux: TmuxServer, host: EmulatorHost, session: string, command: string): Promise<{ promptMs: number; firstSendMs: number; calls: Record<string, number>; pool: PoolStats }> {
  await host.resetCalls();
  await host.watch();
  const spawnedAt = wallNow();
  tmux.newSession(session, command);
  await tmux.waitFor(session, atPrompt, 'the first prompt', { timeoutMs: PROMPT_TIMEOUT_MS, intervalMs: 5 });
  const promptMs = wallNow() - spawnedAt;
  const seen = await host.firstSeen();
  const calls = await host.calls();
  if (seen.SendCommand === undefined) throw new Error('the prompt came before any SendCommand');
  tmux.press(session, 'C-d');
  await tmux.waitGone(session, EXIT_TIMEOUT_MS);
  return { promptMs, firstSendMs: seen.SendCommand - spawnedAt, calls, pool: await host.pool() };
}

/** Runs `cat file` in an interactive smsh started by `command` (with the RSS preload) and exits it. */
async function streamCat(tmux: TmuxServer, command: string, rssFile: string, file: string, tail: string, bytes: number): Promise<{ catMs: number; peakRssKb: number; rssSeries: [number, number][] }> {
  const session = 'rss';
  tmux.newSession(session, command);
  await tmux.waitFor(session, atPrompt, 'the first prompt', { timeoutMs: PROMPT_TIMEOUT_MS, intervalMs: 10 });
  const pid = tmux.panePid(session);
  if (!readFileSync(`/proc/${pid}/cmdline`, 'utf8').includes(SMSH_BIN)) throw new Error(`pane pid ${pid} is not smsh`);
  const rssSeries: [number, number][] = [];
  const t0 = performance.now();
  const sampler = setInterval(() => {
    try {
      const m = /VmRSS:\s*(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
      if (m) rssSeries.push([Math.round(performance.now() - t0), Number(m[1])]);
    } catch {
      // exited between two samples
    }
  }, 1000);
  try {
    const line = `cat ${shQuote(file)}`;
    tmux.type(session, line);
    const enterAt = performance.now();
    tmux.press(session, 'Enter');
    // The transport gives ~0.3 MB/s (see throughput): bound at 10 s per MB, and fail sooner if the screen stops moving.
    await tmux.waitFor(session, (s) => atPrompt(s) && !lastLine(s).includes(line) && s.includes(tail) && s.lastIndexOf(tail) < s.lastIndexOf(lastLine(s)), 'the end of the file and the prompt', {
      timeoutMs: 60_000 + (bytes / MB) * 10_000,
      intervalMs: 100,
      stallMs: 60_000,
    });
    const catMs = performance.now() - enterAt;
    tmux.press(session, 'C-d');
    await tmux.waitGone(session, EXIT_TIMEOUT_MS);
    const peakRssKb = Number(readFileSync(rssFile, 'utf8'));
    return { catMs, peakRssKb, rssSeries };
  } finally {
    clearInterval(sampler);
  }
}
