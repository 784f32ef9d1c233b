import { isIncomplete } from './incomplete.js';

/**
 * Gathers typed lines into commands as bash does: a line that leaves a command open (see
 * incomplete.ts) waits for the next one, and the lines run together, joined by newlines, once
 * the command is whole. Shared by the piped line shell and the Ink shell.
 */
export class LineAssembler {
  private lines: string[] = [];

  /** Adds one line (without its newline); returns the whole command once it is complete, else null. */
  push(line: string): string | null {
    this.lines.push(line);
    const text = this.lines.join('\n');
    if (isIncomplete(text)) return null;
    this.lines = [];
    return text;
  }

  /** True while lines are held for an open command: the front end shows the `> ` prompt. */
  get pending(): boolean {
    return this.lines.length > 0;
  }

  /** What is held so far (for Ctrl+C, which drops it, or end of input, which runs it as bash does). */
  take(): string | null {
    const text = this.lines.length > 0 ? this.lines.join('\n') : null;
    this.lines = [];
    return text;
  }
}
