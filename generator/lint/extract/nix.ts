import { type Snippet, sliceSnippet, type SourceText } from '../source.js';
import type { Extraction } from './extraction.js';

const BINDING = /(?:^|[\s;{(])([A-Za-z_][\w'-]*)\s*=\s*"((?:[^"\\$]|\\.|\$(?!\{)|\$\{[^}]*\})*)"\s*;/gm;

/**
 * Nix files: every `''…''` and `"…"` string is shell text that may run (build phases,
 * `runCommand`, `writeShellScript`); `${…}` interpolations stay as written, so
 * `${upstream-nim-codetracer.out}/bin/nim` reads as a path to nim. Comments are skipped.
 * `name = "…";` bindings let `${name}` resolve.
 */
export function extractNix(source: SourceText): Extraction {
  const scanner = new NixScanner(source);
  scanner.expression(0, false);
  const bindings = [...source.text.matchAll(BINDING)].map((m) => [m[1]!, m[2]!] as [string, string]);
  return { snippets: scanner.snippets, bindings };
}

class NixScanner {
  readonly snippets: Snippet[] = [];
  private readonly t: string;

  constructor(private readonly source: SourceText) {
    this.t = source.text;
  }

  /** Nix code from `i`; inside an interpolation, up to and past its closing brace. Returns where it stopped. */
  expression(i: number, interpolation: boolean): number {
    const t = this.t;
    let depth = 0;
    while (i < t.length) {
      const c = t[i];
      if (c === '#') i = this.lineEnd(i);
      else if (c === '/' && t[i + 1] === '*') i = this.after('*/', i + 2);
      else if (c === '"') i = this.string(i);
      else if (c === "'" && t[i + 1] === "'") i = this.indentedString(i);
      else if (interpolation && c === '{') {
        depth++;
        i++;
      } else if (interpolation && c === '}') {
        if (depth-- === 0) return i + 1;
        i++;
      } else i++;
    }
    return i;
  }

  private string(open: number): number {
    const t = this.t;
    let i = open + 1;
    while (i < t.length && t[i] !== '"') {
      if (t[i] === '\\') i += 2;
      else if (t[i] === '$' && t[i + 1] === '{') i = this.expression(i + 2, true);
      else i++;
    }
    this.snippets.push(sliceSnippet(this.source, open + 1, Math.min(i, t.length)));
    return i + 1;
  }

  /** `''…''`: `'''`, `''$` and `''\x` are escapes, not the end. */
  private indentedString(open: number): number {
    const t = this.t;
    let i = open + 2;
    while (i < t.length) {
      if (t.startsWith("''", i)) {
        const next = t[i + 2];
        if (next === "'" || next === '$') i += 3;
        else if (next === '\\') i += 4;
        else break;
      } else if (t[i] === '$' && t[i + 1] === '{') i = this.expression(i + 2, true);
      else i++;
    }
    this.snippets.push(sliceSnippet(this.source, open + 2, Math.min(i, t.length)));
    return i + 2;
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
