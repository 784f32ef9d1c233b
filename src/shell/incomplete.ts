/**
 * Whether a typed text is a whole command, as bash decides before it shows its `> ` prompt: an
 * open quote, a here-document without its end, a trailing `\` or `|`/`&&`/`||`, an open
 * `if`/`for`/`while`/`until`/`case`/`{`/`(`/`$(`/`[[`/`((` or a function without its body
 * wait for more. A text with a syntax error is complete: bash reports the error at once.
 * Proven against `bash -n` by test/shell/incomplete-bash.test.ts.
 */

/** What a text is, for the shell front ends: run it, or wait under the continuation prompt. */
export type Completeness = 'complete' | 'incomplete' | 'error';

/** Decides whether `text` (lines joined with `\n`, without the final newline) is a complete command. */
export function completeness(text: string): Completeness {
  try {
    new Parser(`${text}\n`).list(null);
    return 'complete';
  } catch (e) {
    if (e instanceof MoreInput) return 'incomplete';
    if (e instanceof BadSyntax) return 'error';
    throw e;
  }
}

/** True when bash would ask for another line. */
export function isIncomplete(text: string): boolean {
  return completeness(text) === 'incomplete';
}

class MoreInput extends Error {}
class BadSyntax extends Error {}

type Token = { kind: 'word'; text: string; plain: boolean } | { kind: 'op'; text: string } | { kind: 'nl' } | { kind: 'eof' };
type Frame = { k: 'if' | 'loop' | 'brace' | 'paren' } | { k: 'for'; body: boolean } | { k: 'case'; phase: 'word' | 'in' | 'pat' | 'body' };

const OPERATORS = [';;&', ';;', ';&', '&&', '&>>', '&>', '||', '|&', '<<<', '<<-', '<<', '<&', '<>', '>>', '>&', '>|', ';', '&', '|', '(', ')', '<', '>'];
const REDIRECTS = new Set(['<<<', '<<-', '<<', '<&', '<>', '>>', '>&', '>|', '<', '>', '&>', '&>>']);
const META = ' \t\n;&|()<>';

class Parser {
  private i = 0;
  private readonly heredocs: { delim: string; strip: boolean }[] = [];
  constructor(private readonly s: string) {}

  /** Parses commands until the end (term null), or until the `)` of a `$(`: the core of the grammar. */
  list(term: ')' | null): void {
    const stack: Frame[] = [];
    let cmd = true; // command position: a reserved word here is a keyword
    let pending = false; // after | || && |& a command must follow
    let body = false; // after a function header a compound command must follow
    let forHead = false;
    for (;;) {
      const top = stack.at(-1);
      const casePat = top?.k === 'case' && (top.phase === 'pat' || top.phase === 'in');
      const t = this.token(casePat);
      if (t.kind === 'eof') {
        if (term !== null || stack.length > 0 || pending || body) throw new MoreInput();
        return;
      }
      if (t.kind === 'nl') {
        if (top?.k === 'case' && top.phase === 'in') top.phase = 'pat';
        if (top?.k === 'for' && !top.body) forHead = false;
        cmd = true;
        continue;
      }
      if (t.kind === 'op') {
        const o = t.text;
        if (o === ')' && casePat) { (top as { phase: string }).phase = 'body'; cmd = true; continue; }
        if ((o === '(' || o === '|') && casePat) continue;
        if ((o === ';;' || o === ';&' || o === ';;&') && top?.k === 'case' && top.phase === 'body') { top.phase = 'pat'; cmd = true; continue; }
        if (o === ')') {
          if (top?.k === 'paren') { stack.pop(); cmd = false; continue; }
          if (term === ')' && stack.length === 0 && !pending) return;
          throw new BadSyntax();
        }
        if (REDIRECTS.has(o)) { this.redirect(o); continue; }
        if (o === '(') {
          if (this.s.startsWith('(', this.i) && cmd) { this.i++; this.arith(); cmd = false; body = false; continue; }
          if (!cmd && !body) throw new BadSyntax();
          stack.push({ k: 'paren' }); cmd = true; body = false; pending = false; continue;
        }
        if (cmd && (o === '|' || o === '||' || o === '&&' || o === '|&' || o === ';' || o === '&' || o === ';;')) {
          if (pending || !(o === ';' && forHead)) throw new BadSyntax();
        }
        pending = o === '|' || o === '||' || o === '&&' || o === '|&';
        if (top?.k === 'for' && !top.body && (o === ';' || o === '&')) forHead = false;
        cmd = true;
        continue;
      }
      // a word
      pending = false;
      if (body) {
        if (!(t.plain && ['{', 'if', 'for', 'while', 'until', 'case', 'select', '[['].includes(t.text))) throw new BadSyntax();
        body = false;
        cmd = true;
      }
      if (top?.k === 'case' && top.phase === 'word') { if (t.plain && t.text === 'in') top.phase = 'in'; continue; }
      if (casePat) {
        if (t.plain && t.text === 'esac') { stack.pop(); cmd = false; } else top.phase = 'pat';
        continue;
      }
      if (forHead) { if (t.plain && t.text === 'do' && cmd) { (top as { body: boolean }).body = true; forHead = false; } continue; }
      if (!cmd || !t.plain) { cmd = this.functionHeader(cmd, t) ? ((body = true), false) : false; continue; }
      switch (t.text) {
        case 'if': case 'while': case 'until':
          stack.push({ k: t.text === 'if' ? 'if' : 'loop' }); break;
        case 'then': case 'elif': case 'else':
          if (top?.k !== 'if') throw new BadSyntax(); break;
        case 'fi': if (top?.k !== 'if') throw new BadSyntax(); stack.pop(); cmd = false; continue;
        case 'do': if (top?.k !== 'loop' && top?.k !== 'for') throw new BadSyntax(); if (top.k === 'for') top.body = true; break;
        case 'done': if (top?.k !== 'loop' && !(top?.k === 'for' && top.body)) throw new BadSyntax(); stack.pop(); cmd = false; continue;
        case 'for': case 'select':
          stack.push({ k: 'for', body: false }); forHead = true; cmd = false;
          this.blanks();
          if (this.s.startsWith('((', this.i)) { this.i += 2; this.arith(); }
          continue;
        case 'case': stack.push({ k: 'case', phase: 'word' }); cmd = false; continue;
        case 'esac': if (top?.k !== 'case') throw new BadSyntax(); stack.pop(); cmd = false; continue;
        case '{': stack.push({ k: 'brace' }); break;
        case '}': if (top?.k !== 'brace') throw new BadSyntax(); stack.pop(); cmd = false; continue;
        case '[[': this.doubleBracket(); cmd = false; continue;
        case '!': case 'time': break;
        case 'function': this.blanks(); this.word(); this.blanks(); if (this.s.startsWith('()', this.i)) this.i += 2; body = true; cmd = false; continue;
        default: cmd = this.functionHeader(true, t) ? ((body = true), false) : false; continue;
      }
      cmd = true;
    }
  }

  /** `name()` in command position starts a function: its body must follow. */
  private functionHeader(cmd: boolean, t: Token): boolean {
    if (!cmd || t.kind !== 'word') return false;
    this.blanks();
    if (this.s[this.i] !== '(') return false;
    let j = this.i + 1;
    while (this.s[j] === ' ' || this.s[j] === '\t') j++;
    if (this.s[j] !== ')') return false;
    this.i = j + 1;
    return true;
  }

  private blanks(): void {
    for (;;) {
      const c = this.s[this.i];
      if (c === ' ' || c === '\t') this.i++;
      else if (c === '\\' && this.s[this.i + 1] === '\n') {
        if (this.i + 2 >= this.s.length) throw new MoreInput();
        this.i += 2;
      }
      else return;
    }
  }

  private token(casePattern: boolean): Token {
    this.blanks();
    if (this.i >= this.s.length) return { kind: 'eof' };
    const c = this.s[this.i]!;
    if (c === '#') {
      while (this.i < this.s.length && this.s[this.i] !== '\n') this.i++;
      return this.token(casePattern);
    }
    if (c === '\n') {
      this.i++;
      this.readHeredocs();
      return { kind: 'nl' };
    }
    if ((c === '<' || c === '>') && this.s[this.i + 1] === '(') return this.wordToken();
    if (META.includes(c)) {
      const op = OPERATORS.find((o) => this.s.startsWith(o, this.i))!;
      this.i += op.length;
      return { kind: 'op', text: op };
    }
    return this.wordToken();
  }

  private wordToken(): Token {
    const start = this.i;
    const plain = this.word();
    return { kind: 'word', text: this.s.slice(start, this.i), plain };
  }

  /** Scans one word (quotes, escapes, substitutions); true when it has no quoting at all. */
  private word(): boolean {
    let plain = true;
    for (;;) {
      if (this.i >= this.s.length) throw new MoreInput();
      const c = this.s[this.i]!;
      const n = this.s[this.i + 1];
      if ((c === '<' || c === '>') && n === '(') { this.i += 2; this.list(')'); plain = false; continue; }
      if (META.includes(c)) {
        if (c === '(' && this.s[this.i - 1] === '=') { this.i++; this.array(); continue; }
        return plain;
      }
      plain = plain && !'\\\'"$`'.includes(c);
      if (c === '\\') { if (this.i + 1 >= this.s.length - 1 && n === '\n') throw new MoreInput(); this.i += 2; continue; }
      if (c === "'") { this.until("'"); continue; }
      if (c === '"') { this.i++; this.doubleQuoted(); continue; }
      if (c === '`') { this.backquote(); continue; }
      if (c === '$') { this.dollar(); continue; }
      this.i++;
    }
  }

  private until(close: string): void {
    const end = this.s.indexOf(close, this.i + 1);
    if (end < 0) throw new MoreInput();
    this.i = end + 1;
  }

  private doubleQuoted(): void {
    for (;;) {
      if (this.i >= this.s.length) throw new MoreInput();
      const c = this.s[this.i]!;
      if (c === '"') { this.i++; return; }
      if (c === '\\') this.i += 2;
      else if (c === '`') this.backquote();
      else if (c === '$') this.dollar();
      else this.i++;
    }
  }

  private backquote(): void {
    for (this.i++; ; ) {
      if (this.i >= this.s.length) throw new MoreInput();
      const c = this.s[this.i]!;
      if (c === '`') { this.i++; return; }
      this.i += c === '\\' ? 2 : 1;
    }
  }

  /** `$'…'`, `$"…"`, `$(…)`, `$((…))`, `${…}`, `$[…]` or a plain `$`. */
  private dollar(): void {
    const n = this.s[this.i + 1];
    if (n === "'") {
      for (this.i += 2; ; ) {
        if (this.i >= this.s.length) throw new MoreInput();
        const c = this.s[this.i]!;
        if (c === "'") { this.i++; return; }
        this.i += c === '\\' ? 2 : 1;
      }
    }
    if (n === '"') { this.i += 2; this.doubleQuoted(); return; }
    if (n === '(' && this.s[this.i + 2] === '(') { this.i += 3; this.arith(); return; }
    if (n === '(') { this.i += 2; this.list(')'); return; }
    if (n === '{') { this.i += 2; this.braced(); return; }
    if (n === '[') { this.i += 2; this.balanced('[', ']'); return; }
    this.i++;
  }

  /** The inside of `${…}`: quotes and substitutions nest. */
  private braced(): void {
    for (;;) {
      if (this.i >= this.s.length) throw new MoreInput();
      const c = this.s[this.i]!;
      if (c === '}') { this.i++; return; }
      if (c === '\\') this.i += 2;
      else if (c === "'") this.until("'");
      else if (c === '"') { this.i++; this.doubleQuoted(); }
      else if (c === '`') this.backquote();
      else if (c === '$') this.dollar();
      else this.i++;
    }
  }

  /** Arithmetic after `((`: up to the `))` that closes it. */
  private arith(): void {
    let depth = 0;
    for (;;) {
      if (this.i >= this.s.length) throw new MoreInput();
      const c = this.s[this.i]!;
      if (c === ')' && depth === 0) {
        if (this.s[this.i + 1] !== ')') throw new BadSyntax();
        this.i += 2;
        return;
      }
      if (c === '(') depth++;
      else if (c === ')') depth--;
      if (c === '$') { this.dollar(); continue; }
      if (c === '"') { this.i++; this.doubleQuoted(); continue; }
      if (c === "'") { this.until("'"); continue; }
      if (c === '`') { this.backquote(); continue; }
      this.i += c === '\\' ? 2 : 1;
    }
  }

  private balanced(open: string, close: string): void {
    let depth = 0;
    for (;;) {
      if (this.i >= this.s.length) throw new MoreInput();
      const c = this.s[this.i]!;
      if (c === close && depth === 0) { this.i++; return; }
      if (c === open) depth++;
      if (c === close) depth--;
      if (c === '$') { this.dollar(); continue; }
      this.i += c === '\\' ? 2 : 1;
    }
  }

  /** The elements of `name=(…)`, which may span lines. */
  private array(): void {
    for (;;) {
      const t = this.token(false);
      if (t.kind === 'eof') throw new MoreInput();
      if (t.kind === 'op') { if (t.text === ')') return; throw new BadSyntax(); }
    }
  }

  /** `[[ … ]]`: words up to `]]`; `&&`, `||`, `(` and `)` are its own. */
  private doubleBracket(): void {
    for (;;) {
      const t = this.token(false);
      if (t.kind === 'eof') throw new MoreInput();
      if (t.kind === 'word' && t.text === ']]') return;
      if (t.kind === 'op' && [';', '&', ';;', '|&'].includes(t.text)) throw new BadSyntax();
    }
  }

  /** A redirection's target; `<<` and `<<-` register a here-document, read after the line. */
  private redirect(op: string): void {
    const t = this.token(false);
    if (t.kind === 'eof' || t.kind === 'nl' || t.kind === 'op') throw new BadSyntax();
    if (op === '<<' || op === '<<-') this.heredocs.push({ delim: t.text.replace(/\\(.)|["']/g, '$1'), strip: op === '<<-' });
  }

  /** After a newline: the bodies of the here-documents opened on that line. */
  private readHeredocs(): void {
    while (this.heredocs.length > 0) {
      const { delim, strip } = this.heredocs.shift()!;
      for (;;) {
        if (this.i >= this.s.length) throw new MoreInput();
        let end = this.s.indexOf('\n', this.i);
        if (end < 0) end = this.s.length;
        let line = this.s.slice(this.i, end);
        this.i = end + 1;
        if (strip) line = line.replace(/^\t+/, '');
        if (line === delim) break;
      }
    }
  }
}
