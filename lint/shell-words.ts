/**
 * Shell text split into simple commands and words, close enough to POSIX sh to find
 * what runs: quotes, escapes, `\` continuations, comments, `;` `&&` `||` `|` `&` and
 * newlines, `$(…)`, `${…}`, backticks and here-documents. Offsets index the text given,
 * so callers map them back to the file.
 */

export interface Range {
  start: number;
  end: number;
}

export interface Word extends Range {
  /** As written, quotes included. */
  raw: string;
  /** Quotes removed and escapes resolved; expansions kept as written (`$NIM`, `${pkg}/bin/nim`). */
  value: string;
}

export interface ShellCommand extends Range {
  words: Word[];
  /** Bodies of `$(…)` and backticks in the words, to be split in turn. */
  substitutions: Range[];
  /** Here-document bodies fed to the command. */
  heredocs: Range[];
}

export function splitCommands(text: string, from = 0, to = text.length): ShellCommand[] {
  return new Splitter(text, to).run(from);
}

/** A double-quoted string open in text `close` skips. */
const QUOTED = '"';

interface PendingHeredoc {
  delimiter: string;
  stripTabs: boolean;
  command: ShellCommand;
}

const newCommand = (): ShellCommand => ({ words: [], start: 0, end: 0, substitutions: [], heredocs: [] });
const BLANK = new Set([' ', '\t', '\r']);
const ARRAY_ASSIGNMENT = /^[A-Za-z_][A-Za-z0-9_]*\+?=$/;

class Splitter {
  private current = newCommand();
  private readonly commands: ShellCommand[] = [];
  private pending: PendingHeredoc[] = [];
  private delimiterNext: boolean | undefined;

  constructor(private readonly text: string, private readonly to: number) {}

  run(from: number): ShellCommand[] {
    const t = this.text;
    let i = from;
    while (i < this.to) {
      const c = t[i]!;
      if (BLANK.has(c)) i++;
      else if (c === '\\' && t[i + 1] === '\n') i += 2;
      else if (c === '\\' && t[i + 1] === '\r' && t[i + 2] === '\n') i += 3;
      else if (c === '\n') {
        this.finish();
        i = this.heredocBodies(i + 1);
      } else if (c === '#') i = this.lineEnd(i);
      else if (c === ';' || c === '|' || c === '(' || c === ')' || (c === '&' && t[i + 1] !== '>')) {
        this.finish();
        const pair = c + (t[i + 1] ?? '');
        i += pair === '&&' || pair === '||' || pair === ';;' || pair === ';&' || pair === '|&' ? 2 : 1;
      } else i = this.word(i);
    }
    this.finish();
    return this.commands;
  }

  private word(start: number): number {
    const t = this.text;
    let value = '';
    let i = start;
    while (i < this.to) {
      const c = t[i]!;
      const next = t[i + 1];
      if (BLANK.has(c) || c === '\n' || c === ';' || c === ')') break;
      if (c === '|' && t[i - 1] !== '>') break;
      if (c === '&' && !(i > start && (t[i - 1] === '>' || t[i - 1] === '<')) && next !== '>') break;
      if (c === '(') {
        if (!ARRAY_ASSIGNMENT.test(value)) break;
        const end = this.close(i, '(', ')');
        value += t.slice(i, end);
        i = end;
      } else if (c === '\\') {
        if (next === '\n') i += 2;
        else if (next === '\r' && t[i + 2] === '\n') i += 3;
        else {
          value += next ?? '';
          i += 2;
        }
      } else if (c === "'") {
        const end = this.indexOrEnd("'", i + 1);
        value += t.slice(i + 1, end);
        i = end + 1;
      } else if (c === '"') {
        const [inner, end] = this.doubleQuoted(i);
        value += inner;
        i = end;
      } else {
        const [text, end] = this.expansionOrChar(i);
        value += text;
        i = end;
      }
    }
    const end = Math.min(i, this.to);
    const word: Word = { raw: t.slice(start, end), value, start, end };
    this.current.words.push(word);
    this.noteHeredoc(word);
    return end;
  }

  /** `"…"`: returns the unquoted value and the offset after the closing quote. */
  private doubleQuoted(open: number): [string, number] {
    const t = this.text;
    let value = '';
    let i = open + 1;
    while (i < this.to && t[i] !== '"') {
      const c = t[i]!;
      if (c === '\\') {
        const next = t[i + 1] ?? '';
        if (next !== '\n') value += '$`"\\'.includes(next) ? next : c + next;
        i += 2;
      } else {
        const [text, end] = this.expansionOrChar(i);
        value += text;
        i = end;
      }
    }
    return [value, Math.min(i + 1, this.to)];
  }

  /** An expansion, kept as written, or one plain character; with the offset after it. */
  private expansionOrChar(i: number): [string, number] {
    const c = this.text[i]!;
    if (c !== '$' && c !== '`') return [c, i + 1];
    const end = this.expansion(i);
    return [this.text.slice(i, end), end];
  }

  /** `$(…)`, `$((…))`, `${…}`, `` `…` `` or a lone `$`; records command substitutions. Returns the offset after it. */
  private expansion(i: number): number {
    const t = this.text;
    if (t[i] === '`') {
      const end = this.backquoteClose(i);
      this.current.substitutions.push({ start: i + 1, end: Math.min(end, this.to) });
      return Math.min(end + 1, this.to);
    }
    if (t[i + 1] === '(') {
      const end = this.close(i + 1, '(', ')');
      if (t[i + 2] !== '(') this.current.substitutions.push({ start: i + 2, end: Math.max(i + 2, end - 1) });
      return end;
    }
    if (t[i + 1] === '{') return this.close(i + 1, '{', '}');
    return i + 1;
  }

  /**
   * The offset after the bracket closing the one at `open`, skipping quoted text. The caller
   * records this bracket's body once; nested substitutions are found when that body is split,
   * so here only the end matters: found with a stack of the brackets and double quotes open,
   * not by recursion, so no depth of `"$("$(…)")"` exhausts the call stack.
   */
  private close(open: number, opener: '(' | '{', closer: ')' | '}'): number {
    const t = this.text;
    // What is open, innermost last: QUOTED, or a bracket (its opener) with how many of it are open.
    const kinds: string[] = [opener];
    const depths: number[] = [0];
    let i = open;
    while (i < this.to) {
      const top = kinds.length - 1;
      const kind = kinds[top]!;
      const c = t[i];
      if (kind === QUOTED) {
        if (c === '"') {
          kinds.pop();
          depths.pop();
        } else if (c === '\\') i++;
        else if (c === '`') i = Math.min(this.backquoteClose(i) + 1, this.to) - 1;
        else if (c === '$' && (t[i + 1] === '(' || t[i + 1] === '{')) {
          kinds.push(t[i + 1]!);
          depths.push(0);
        }
        i++;
      } else if (c === '\\') i += 2;
      else if (c === "'" && kind === '(') i = this.indexOrEnd("'", i + 1) + 1;
      else if (c === '"') {
        kinds.push(QUOTED);
        depths.push(0);
        i++;
      } else if (c === kind) {
        depths[top]!++;
        i++;
      } else if (c === (kind === '(' ? ')' : '}') && --depths[top]! === 0) {
        kinds.pop();
        depths.pop();
        i++;
        if (kinds.length === 0) return i;
      } else i++;
    }
    return this.to;
  }

  /** The offset of the backquote closing the one at `open`; at or past the end when there is none. */
  private backquoteClose(open: number): number {
    let end = open + 1;
    while (end < this.to && this.text[end] !== '`') end += this.text[end] === '\\' ? 2 : 1;
    return end;
  }

  private noteHeredoc(word: Word): void {
    if (this.delimiterNext !== undefined) {
      this.pending.push({ delimiter: word.value, stripTabs: this.delimiterNext, command: this.current });
      this.delimiterNext = undefined;
      return;
    }
    const at = word.raw.indexOf('<<');
    if (at < 0 || word.raw[at + 2] === '<') return;
    const stripTabs = word.raw[at + 2] === '-';
    const delimiter = word.value.slice(word.value.indexOf('<<') + (stripTabs ? 3 : 2));
    if (delimiter) this.pending.push({ delimiter, stripTabs, command: this.current });
    else this.delimiterNext = stripTabs;
  }

  /** Skip the bodies of here-documents opened on the line just ended; returns where commands resume. */
  private heredocBodies(i: number): number {
    for (const doc of this.pending) {
      const start = i;
      let end = this.to;
      while (i < this.to) {
        const eol = this.lineEnd(i);
        const line = this.text.slice(i, eol).replace(/\r$/, '');
        const next = Math.min(eol + 1, this.to);
        if ((doc.stripTabs ? line.replace(/^\t+/, '') : line) === doc.delimiter) {
          end = i;
          i = next;
          break;
        }
        i = next;
      }
      doc.command.heredocs.push({ start, end });
    }
    this.pending = [];
    return i;
  }

  private finish(): void {
    const cmd = this.current;
    if (cmd.words.length > 0) {
      cmd.start = cmd.words[0]!.start;
      cmd.end = cmd.words[cmd.words.length - 1]!.end;
      this.commands.push(cmd);
    }
    this.current = newCommand();
    this.delimiterNext = undefined;
  }

  private lineEnd(i: number): number {
    const eol = this.text.indexOf('\n', i);
    return eol < 0 || eol > this.to ? this.to : eol;
  }

  private indexOrEnd(char: string, from: number): number {
    const at = this.text.indexOf(char, from);
    return at < 0 || at >= this.to ? this.to : at;
  }
}
