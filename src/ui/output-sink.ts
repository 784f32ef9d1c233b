import { StringDecoder } from 'node:string_decoder';

/**
 * Splits a command's output (stdout and stderr in arrival order, one channel) into complete
 * lines, which go to `write` and stay in the scrollback, and the unfinished last line, which the
 * live frame shows (so `\r` progress bars show up promptly: Ink would erase a partial line
 * written above its frame on the next redraw). `end()` writes what is left.
 */
export class OutputSink {
  private readonly decoder = new StringDecoder('utf8');
  private pending = '';

  constructor(
    private readonly write: (text: string) => void,
    private readonly showPartial: (text: string) => void,
  ) {}

  /** Takes one chunk of output. */
  push(data: Buffer): void {
    const text = this.pending + this.decoder.write(data);
    const nl = text.lastIndexOf('\n');
    if (nl >= 0) {
      this.write(text.slice(0, nl + 1));
      this.pending = detached(text.slice(nl + 1));
    } else this.pending = text;
    this.showPartial(partialView(this.pending));
  }

  /** Something else is printed now (a notice): the unfinished line is printed first, so it keeps a line of its own. */
  breakLine(): void {
    if (this.pending === '') return;
    this.write(`${partialView(this.pending)}\n`);
    this.pending = '';
    this.showPartial('');
  }

  /** The command ended: the unfinished line is printed, with a newline so the prompt starts clean. */
  end(): void {
    const rest = this.pending + this.decoder.end();
    this.pending = '';
    this.showPartial('');
    if (rest !== '') this.write(`${partialView(rest)}\n`);
  }
}

/**
 * A copy of `text` that does not share memory with the string it was sliced from. V8 keeps a
 * slice's whole parent alive, and the partial line ends up as a key in Ink's text-measuring
 * caches, which never forget: without the copy every chunk of output (~100 KB) stayed in memory.
 */
function detached(text: string): string {
  return text.length === 0 ? '' : Buffer.from(text, 'utf8').toString('utf8');
}

/** What an unfinished line looks like on a terminal: the text after its last carriage return, without cursor-moving escapes. Pure. */
export function partialView(text: string): string {
  const cr = text.replace(/\r+$/, '').lastIndexOf('\r');
  const shown = cr >= 0 ? text.slice(cr + 1) : text;
  // Keep colours (SGR); drop other escape sequences and control characters that would move the cursor.
  return shown.replace(/\x1b\[[0-9;?]*[A-Za-ln-z@`]|\x1b[^[]|[\x00-\x08\x0b-\x1a\x1c-\x1f\x7f]|\r/g, '');
}
