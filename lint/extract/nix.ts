import { NIX_STRING_NESTING, type ReportIncomplete } from '../limits.js';
import { type Snippet, sliceSnippet, type SourceText } from '../source.js';
import type { ExtractContext, Extraction } from './extraction.js';

/**
 * Nix files: every `''…''` and `"…"` string is shell text that may run (build phases,
 * `runCommand`, `writeShellScript`); `${…}` interpolations stay as written, so
 * `${upstream-nim-codetracer.out}/bin/nim` reads as a path to nim. Comments are skipped.
 * `name = "…";` bindings let `${name}` resolve. Strings nested in interpolations deeper than
 * NIX_STRING_NESTING are passed over, and reported.
 */
export function extractNix(source: SourceText, context: ExtractContext): Extraction {
  const scanner = new NixScanner(source, context.incomplete);
  scanner.run();
  return { snippets: scanner.snippets, bindings: scanner.bindings() };
}

/** Nix code (`interpolation`: inside `${…}`, with the braces open in it), or a string of either kind. */
type Frame = { kind: 'code'; interpolation: boolean; braces: number } | { kind: 'string' | 'indented'; open: number; read: boolean; binding?: Binding };

interface Binding {
  name: string;
  value?: string;
}

/**
 * Reads Nix text with a stack of what is open (code, strings, interpolations), not by recursion,
 * so no depth of `"${"${…}"}"` exhausts the call stack. A string's snippet is taken when it
 * closes, inner strings first.
 */
class NixScanner {
  readonly snippets: Snippet[] = [];
  private readonly found: Binding[] = [];
  private readonly t: string;
  private readonly stack: Frame[] = [{ kind: 'code', interpolation: false, braces: 0 }];
  private strings = 0;
  private reported = false;

  constructor(private readonly source: SourceText, private readonly incomplete: ReportIncomplete) {
    this.t = source.text;
  }

  run(): void {
    const t = this.t;
    let i = 0;
    while (i < t.length) {
      const frame = this.stack[this.stack.length - 1]!;
      const c = t[i];
      if (frame.kind === 'code') {
        if (c === '#') i = this.lineEnd(i);
        else if (c === '/' && t[i + 1] === '*') i = this.after('*/', i + 2);
        else if (c === '"') i = this.open('string', i, 1);
        else if (c === "'" && t[i + 1] === "'") i = this.open('indented', i, 2);
        else if (frame.interpolation && c === '{') {
          frame.braces++;
          i++;
        } else if (frame.interpolation && c === '}') {
          if (frame.braces-- === 0) this.stack.pop();
          i++;
        } else i++;
      } else if (frame.kind === 'string') {
        if (c === '"') i = this.close(frame, i, 1);
        else if (c === '\\') i += 2;
        else if (c === '$' && t[i + 1] === '{') i = this.interpolation(i);
        else i++;
      } else if (t.startsWith("''", i)) {
        const next = t[i + 2];
        if (next === "'" || next === '$') i += 3;
        else if (next === '\\') i += 4;
        else i = this.close(frame, i, 2);
      } else if (c === '$' && t[i + 1] === '{') i = this.interpolation(i);
      else i++;
    }
    // Strings still open at the end of the file run to its end.
    while (this.stack.length > 0) {
      const frame = this.stack.pop()!;
      if (frame.kind !== 'code') this.take(frame, t.length);
    }
  }

  /** `name = "…";` bindings, in the order of their strings. */
  bindings(): [string, string][] {
    return this.found.flatMap((b) => (b.value === undefined ? [] : [[b.name, b.value] as [string, string]]));
  }

  private open(kind: 'string' | 'indented', at: number, quote: number): number {
    const read = this.strings < NIX_STRING_NESTING;
    if (!read && !this.reported) {
      this.reported = true;
      this.incomplete(at, `Nix string nesting deeper than ${NIX_STRING_NESTING} levels of "\${"…"}"; the strings inside are not read`);
    }
    const name = kind === 'string' ? this.boundName(at) : undefined;
    const binding = name === undefined ? undefined : { name };
    if (binding) this.found.push(binding);
    this.stack.push({ kind, open: at, read, binding });
    this.strings++;
    return at + quote;
  }

  private close(frame: Extract<Frame, { open: number }>, at: number, quote: number): number {
    this.stack.pop();
    this.take(frame, at);
    let after = at + quote;
    while (/\s/.test(this.t[after] ?? '')) after++;
    if (frame.binding && this.t[after] === ';') frame.binding.value = this.t.slice(frame.open + 1, at);
    return at + quote;
  }

  private take(frame: Extract<Frame, { open: number }>, end: number): void {
    this.strings--;
    const start = frame.open + (frame.kind === 'string' ? 1 : 2);
    if (frame.read) this.snippets.push(sliceSnippet(this.source, start, Math.max(start, Math.min(end, this.t.length))));
  }

  private interpolation(at: number): number {
    this.stack.push({ kind: 'code', interpolation: true, braces: 0 });
    return at + 2;
  }

  /** The name a `"` at `at` is bound to: `name = "`, after the start of the text, a blank, `;`, `{` or `(`. */
  private boundName(at: number): string | undefined {
    const t = this.t;
    let i = at - 1;
    while (i >= 0 && /\s/.test(t[i]!)) i--;
    if (t[i] !== '=') return undefined;
    i--;
    while (i >= 0 && /\s/.test(t[i]!)) i--;
    const end = i + 1;
    while (i >= 0 && /[\w'-]/.test(t[i]!)) i--;
    const name = t.slice(i + 1, end);
    return /^[A-Za-z_]/.test(name) && (i < 0 || /[\s;{(]/.test(t[i]!)) ? name : undefined;
  }

  private lineEnd(i: number): number {
    const eol = this.t.indexOf('\n', i);
    return eol < 0 ? this.t.length : eol;
  }

  private after(token: string, i: number): number {
    const at = this.t.indexOf(token, i);
    return at < 0 ? this.t.length : at + token.length;
  }
}
