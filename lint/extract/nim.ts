import { shellQuote } from '../../generator/shell-quote.js';
import { NIM_PAREN_NESTING, type ReportIncomplete } from '../limits.js';
import { type Snippet, SnippetBuilder, type SourceText } from '../source.js';
import type { ExtractContext, Extraction } from './extraction.js';

const SCRIPT_FILE = /\.(?:nims|nimble)$/i;
const NIM_SHEBANG = /^#![^\n]*\bnim\b/;
const SCRIPT_MODE = /\bmode\s*=\s*ScriptMode\b/;
// The gate tests every .nim head: plain substrings first, which V8 scans for fast.
const COMPILE_TIME = /static_?exec|gorge/i;
const MODULE_NAMES = /repro|ct_gen_build/;
const IMPORT = /^[ \t]*(?:import|from|include)\b/;
const REPRO_MODULE = /(?:^|[\s,[/])(?:repro_dsl\w*|repro_project_dsl)\b|\breprobuild\//;
const CT_GEN_MODULE = /\bct_gen_build\b/;
/** NimScript's procs that run a shell command; the compile-time ones run in any module. */
const SCRIPT_CALLS = new Set(['exec', 'selfexec', 'gorge', 'gorgeex', 'staticexec']);
const COMPILE_TIME_CALLS = new Set(['gorge', 'gorgeex', 'staticexec']);
const NIM_ACTIONS = new Set(['c', 'js', 'cpp']);
/** An import statement that goes on on the next line: `import a,`, `import std/[`, a bare `import`. */
const IMPORT_CONTINUES = /(?:,|\[|\bimport)\s*$/;
/** An expression longer than this is a placeholder `${X}` without reading it. */
const LONG_EXPRESSION = 1024;

/**
 * Most `.nim` files are program modules that run nothing: the lint reads their first 8 KiB and
 * the rest only when that head is NimScript, imports a reprobuild DSL or mentions `staticExec`
 * or `gorge`. `.nims` and `.nimble` files are read whole.
 */
export const nimHeadGate = {
  bytes: 8192,
  always: (path: string): boolean => SCRIPT_FILE.test(path),
  wanted: (head: string): boolean => isScript(head) || COMPILE_TIME.test(head) || imports(head).reprobuild,
};

/** A `.nim` file that is NimScript: a nim shebang, or `mode = ScriptMode`. */
const isScript = (text: string): boolean => (text.startsWith('#!') && NIM_SHEBANG.test(text)) || (text.includes('ScriptMode') && SCRIPT_MODE.test(text));

/**
 * Nim files. In NimScript (`.nims`, `.nimble`, a `.nim` with a nim shebang or `mode =
 * ScriptMode`), the shell command of `exec`, `selfExec` (which runs nim), `gorge`, `gorgeEx` and
 * `staticExec`; in other modules only the compile-time three. In a module importing a reprobuild
 * DSL, each `nim.c(…)`, `nim.js(…)`, `nim.cpp(…)` action as `nim c -d:… <source>`, unless its
 * `defines` come from ct-gen's module (see `action`). Comments and other strings are not code;
 * suppressions stand in comments and in the commands' own literals (shell comments).
 */
export function extractNim(source: SourceText, context: Pick<ExtractContext, 'path' | 'incomplete'>): Extraction {
  const code = new NimCode(source.text, context.incomplete);
  const script = SCRIPT_FILE.test(context.path) || isScript(source.text);
  const imported = imports(source.text);
  const calls = script ? SCRIPT_CALLS : COMPILE_TIME_CALLS;
  const snippets: Snippet[] = [];
  const commentLines = new Set<number>();
  const addLines = ([start, end]: readonly [number, number]) => {
    for (let n = source.position(start).line; n <= source.position(Math.max(start, end - 1)).line; n++) commentLines.add(n);
  };
  code.comments.forEach(addLines);
  code.tokens.forEach((t, i) => {
    if (t.kind !== 'ident' || isOp(code.tokens[i - 1], '.')) return;
    const name = normalise(t.text);
    if (calls.has(name)) {
      const call = code.command(i, name === 'selfexec');
      if (call) snippets.push(call.snippet);
      for (const literal of call?.literals ?? []) addLines([literal.start, literal.end]);
    } else if (imported.reprobuild && name.startsWith('nim') && !name.startsWith('nimble')) {
      const snippet = code.action(i, imported.ctGen);
      if (snippet) snippets.push(snippet);
    }
  });
  return { snippets, commentLines };
}

/** Whether the text imports a reprobuild DSL module (`repro_dsl_stdlib`, `reprobuild/…`) and ct-gen's `ct_gen_build`. */
function imports(text: string): { reprobuild: boolean; ctGen: boolean } {
  let reprobuild = false;
  let ctGen = false;
  if (!MODULE_NAMES.test(text)) return { reprobuild, ctGen };
  const lines = text.split('\n');
  for (let n = 0; n < lines.length; n++) {
    if (!IMPORT.test(lines[n]!)) continue;
    let statement = lines[n]!.replace(/#.*/, '');
    // Whether it goes on is decided by its last line that is not blank, tested once.
    for (let open = IMPORT_CONTINUES.test(statement); open && n + 1 < lines.length; ) {
      const next = lines[++n]!.replace(/#.*/, '');
      statement += ` ${next}`;
      if (next.trim() !== '') open = IMPORT_CONTINUES.test(next);
    }
    reprobuild ||= REPRO_MODULE.test(statement);
    ctGen ||= CT_GEN_MODULE.test(statement);
  }
  return { reprobuild, ctGen };
}

/** Nim identifiers compare with case and underscores ignored after the first character. */
const normalise = (name: string): string => name[0]! + name.slice(1).replace(/_/g, '').toLowerCase();

type Part = { kind: 'text'; pieces: Piece[] } | { kind: 'expr'; word: string };

interface Concat {
  parts: Part[];
  literals: Token[];
  /** Token index after the last operand. */
  next: number;
  /** Source offset after the last operand. */
  end: number;
}

/** A Nim file's tokens, read for the calls that run commands. */
class NimCode {
  readonly tokens: Token[];
  readonly comments: [number, number][];
  /** For each opening bracket token, the index after the token that closes it (or after the last), found in one pass. */
  private readonly closes: Int32Array;

  constructor(private readonly text: string, private readonly incomplete: ReportIncomplete) {
    ({ tokens: this.tokens, comments: this.comments } = lex(text));
    this.closes = new Int32Array(this.tokens.length).fill(this.tokens.length);
    const open: number[] = [];
    this.tokens.forEach((t, j) => {
      if (t.kind === 'open') open.push(j);
      else if (t.kind === 'close' && open.length > 0) this.closes[open.pop()!] = j + 1;
    });
  }

  /**
   * The command of `exec "…"`, `exec("…" & x)`, `selfExec "c x.nim"` whose name is token `i`;
   * undefined when no string stands in its argument. A single literal maps character by
   * character; a command assembled from several operands, an interpolation or `selfExec` maps
   * to the call as written, its program word to the call's name.
   */
  command(i: number, self: boolean): { snippet: Snippet; literals: Token[] } | undefined {
    const tokens = this.tokens;
    const next = tokens[i + 1];
    let concat: Concat | undefined;
    let end: number;
    if (next?.text === '(' && !next.gap) {
      concat = this.concatenation(i + 2, true);
      end = tokens[this.closing(i + 1) - 1]!.end;
    } else if (next?.gap && !next.newline) {
      concat = this.concatenation(i + 1, false);
      end = concat?.end ?? 0;
    } else return undefined;
    if (!concat?.parts.some((p) => p.kind === 'text' || p.word === 'nim')) return undefined;
    const name = tokens[i]!;
    const builder = new SnippetBuilder();
    const [only] = concat.parts;
    if (!self && concat.parts.length === 1 && only?.kind === 'text') {
      for (const piece of only.pieces) {
        if (piece.verbatim) builder.verbatim(piece.text, piece.start);
        else builder.replaced(piece.text, piece.start, piece.end);
      }
    } else {
      const words = concat.parts.map((p) => (p.kind === 'text' ? textOf(p.pieces) : p.word)).join('');
      if (self) builder.replaced('nim', name.start, name.end).replaced(` ${words}`, name.start, end);
      else builder.replaced(words, name.start, end);
    }
    return { snippet: builder.build(), literals: concat.literals };
  }

  /**
   * The reprobuild action whose receiver is token `i` (`nim.c(`, `nimJs.js(`) as one command,
   * `nim c -d:a <source>`, mapped to the call, its program word to `nim.c`. Undefined when it is
   * none, or when the file imports ct-gen's `ct_gen_build` and the call's `defines =` is a field
   * access (`ctGen.defines`): its switches then come from the generated module.
   */
  action(i: number, ctGen: boolean): Snippet | undefined {
    const tokens = this.tokens;
    const [dot, method, open] = [tokens[i + 1], tokens[i + 2], tokens[i + 3]];
    if (!isOp(dot, '.') || dot!.gap || method?.kind !== 'ident' || method.gap || !NIM_ACTIONS.has(normalise(method.text))) return undefined;
    if (open?.text !== '(' || open.gap) return undefined;
    const close = this.closing(i + 3);
    const args = new Map<string, [number, number]>();
    for (const [from, to] of this.arguments(i + 4, close - 1)) {
      if (tokens[from]?.kind === 'ident' && isOp(tokens[from + 1], '=')) args.set(normalise(tokens[from]!.text), [from + 2, to]);
    }
    const defines = args.get('defines');
    if (ctGen && defines && /\.\s*defines$/.test(this.sourceOf(Math.max(defines[0], defines[1] - 8), defines[1]))) return undefined;
    const words = [normalise(method.text)];
    if (defines) words.push(...this.literalList(...defines).map((d) => shellQuote(`-d:${d}`)));
    const source = args.get('source');
    if (source) words.push(this.sourceWord(...source));
    const start = tokens[i]!.start;
    return new SnippetBuilder().replaced('nim', start, method.end).replaced(` ${words.join(' ')}`, start, tokens[close - 1]!.end).build();
  }

  /**
   * `a & b & …` from token `i`: string literals and other operands (a name, a call, a field, a
   * parenthesised concatenation), up to anything else. Outside parentheses a line break ends it
   * unless the line ends with `&`.
   */
  private concatenation(i: number, inParens: boolean, depth = 0): Concat | undefined {
    const result: Concat = { parts: [], literals: [], next: i, end: 0 };
    for (let at = i; ; ) {
      const next = this.operand(at, result, depth);
      if (next === undefined) return at === i ? undefined : result;
      result.next = next;
      result.end = this.tokens[next - 1]!.end;
      const after = this.tokens[next];
      if (!isOp(after, '&') || (after!.newline && !inParens)) return result;
      at = next + 1;
    }
  }

  /**
   * Adds the operand at token `i` to `into`; returns the token index after it, or undefined when
   * none starts there. A parenthesised concatenation is read NIM_PAREN_NESTING deep.
   */
  private operand(i: number, into: Concat, depth: number): number | undefined {
    const tokens = this.tokens;
    const t = tokens[i];
    if (!t) return undefined;
    // `&"…{x}…"` and `fmt"…{x}…"` interpolate.
    const fmt = isOp(t, '&') && tokens[i + 1]?.kind === 'string' && !tokens[i + 1]!.gap;
    const literal = fmt ? tokens[i + 1]! : t;
    if (literal.kind === 'string') {
      into.literals.push(literal);
      if (fmt || literal.prefix === 'fmt') into.parts.push(...interpolated(literal));
      else into.parts.push({ kind: 'text', pieces: literal.pieces! });
      return fmt ? i + 2 : i + 1;
    }
    if (t.text === '(') {
      const close = this.closing(i);
      if (depth >= NIM_PAREN_NESTING) {
        this.incomplete(t.start, `parentheses nested deeper than ${NIM_PAREN_NESTING} levels in a command's argument; the expression inside is read as \${X}`);
        into.parts.push({ kind: 'expr', word: '${X}' });
        return close;
      }
      const inner = this.concatenation(i + 1, true, depth + 1);
      if (inner && inner.next === close - 1 && tokens[inner.next]?.kind === 'close') {
        into.parts.push(...inner.parts);
        into.literals.push(...inner.literals);
      } else into.parts.push({ kind: 'expr', word: this.placeholderOf(i, close) });
      return close;
    }
    let j = i;
    while (tokens[j]?.kind === 'op' && tokens[j]!.text !== '&' && tokens[j + 1] && !tokens[j + 1]!.gap) j++; // `$x`, `@x`
    if (tokens[j]?.kind !== 'ident' && tokens[j]?.kind !== 'other') return undefined;
    for (j++; ; ) {
      const n = tokens[j];
      if (isOp(n, '.') && tokens[j + 1]?.kind === 'ident' && !tokens[j + 1]!.newline) j += 2;
      else if (n?.kind === 'open' && !n.gap) j = this.closing(j);
      else break;
    }
    into.parts.push({ kind: 'expr', word: this.placeholderOf(i, j) });
    return j;
  }

  /** `[from, to)` token ranges of the comma-separated arguments in tokens `[from, to)`. */
  private arguments(from: number, to: number): [number, number][] {
    const ranges: [number, number][] = [];
    let start = from;
    for (let j = from; j < to; j++) {
      const t = this.tokens[j]!;
      if (t.kind === 'open') j = this.closing(j) - 1;
      else if (t.kind === 'comma') {
        ranges.push([start, j]);
        start = j + 1;
      }
    }
    if (start < to) ranges.push([start, to]);
    return ranges;
  }

  /** The values of `@["a", "b"]` or `["a", "b"]`; none for anything else. */
  private literalList(from: number, to: number): string[] {
    const open = isOp(this.tokens[from], '@') ? from + 1 : from;
    if (this.tokens[open]?.text !== '[' || this.closing(open) !== to) return [];
    const values: string[] = [];
    for (const [a, b] of this.arguments(open + 1, to - 1)) {
      const t = this.tokens[a]!;
      if (b !== a + 1 || t.kind !== 'string') return [];
      values.push(textOf(t.pieces!));
    }
    return values;
  }

  /** The `source =` value as one shell word: a literal's value, else placeholders for what is not literal. */
  private sourceWord(from: number, to: number): string {
    const concat = this.concatenation(from, true);
    if (concat?.next !== to) return this.placeholderOf(from, to);
    return concat.parts.map((p) => (p.kind === 'text' ? shellQuote(textOf(p.pieces)) : p.word)).join('');
  }

  /** The token index after the bracket that closes the one at `open` (or after the last token). */
  private closing(open: number): number {
    return this.closes[open]!;
  }

  /** The placeholder for the expression of tokens `[from, to)` (see `placeholder`). */
  private placeholderOf(from: number, to: number): string {
    return to > from && this.tokens[to - 1]!.end - this.tokens[from]!.start > LONG_EXPRESSION ? '${X}' : placeholder(this.sourceOf(from, to));
  }

  /** The source text of tokens `[from, to)`, trimmed. */
  private sourceOf(from: number, to: number): string {
    return to > from ? this.text.slice(this.tokens[from]!.start, this.tokens[to - 1]!.end).trim() : '';
  }
}

/** A format string's parts: `{expr}` becomes a placeholder, `{{` and `}}` are braces; the text maps to the literal. */
function interpolated(literal: Token): Part[] {
  const value = textOf(literal.pieces!);
  if (!/[{}]/.test(value)) return [{ kind: 'text', pieces: literal.pieces! }];
  const parts: Part[] = [];
  const text = (s: string) => s && parts.push({ kind: 'text', pieces: [{ text: s, start: literal.start, end: literal.end, verbatim: false }] });
  let last = 0;
  for (const m of value.matchAll(/\{\{|\}\}|\{([^{}]*)\}/g)) {
    text(value.slice(last, m.index) + (m[1] === undefined ? m[0][0] : ''));
    if (m[1] !== undefined) parts.push({ kind: 'expr', word: placeholder(m[1].replace(/:[^:]*$|=$/, '')) });
    last = m.index + m[0].length;
  }
  text(value.slice(last));
  return parts;
}

/**
 * A word that stands for a Nim expression the lint does not evaluate: `${name}`, an expansion
 * and so unknown to the classifier, or `${X}` when the expression would not stay one word. The
 * running compiler (`getCurrentCompilerExe()`) is `nim`.
 */
function placeholder(expression: string): string {
  const e = expression.replace(/\s+/g, '');
  if (/getcurrentcompilerexe/i.test(e.replace(/_/g, ''))) return 'nim';
  const bare = e.replace(/^\$/, '');
  return /^[^{}"'`\\$]+$/.test(bare) ? `\${${bare}}` : '${X}';
}

const textOf = (pieces: readonly Piece[]): string => pieces.map((p) => p.text).join('');
const isOp = (t: Token | undefined, op: string): boolean => t?.kind === 'op' && t.text === op;

// ---- Tokens: what is code, what is a comment, what a string literal holds.

interface Piece {
  /** The value's text. */
  text: string;
  start: number;
  end: number;
  /** The value is the source text at `start` (else an escape or `""` standing for `[start, end)`). */
  verbatim: boolean;
}

interface Token {
  kind: 'ident' | 'string' | 'op' | 'open' | 'close' | 'comma' | 'other';
  text: string;
  start: number;
  end: number;
  /** Whitespace or a comment stands before it. */
  gap: boolean;
  /** A line break stands before it. */
  newline: boolean;
  /** Strings: the value, and the prefix (`r`, `fmt`) normalised. */
  pieces?: Piece[];
  prefix?: string;
}

const IDENT = /[A-Za-z_\u0080-\uffff][A-Za-z0-9_\u0080-\uffff]*/y;
const NUMBER = /[0-9][\w]*(?:\.[0-9][\w]*)?(?:'\w+)?/y;
const CHAR = /'(?:\\(?:x[0-9a-fA-F]{2}|[0-9]+|.)|[^\\'\n])'/y;
const OPERATOR = /[=+\-*/<>@$~&%|!?^.:\\]+/y;
const ESCAPES: Record<string, string> = { n: '\n', p: '\n', l: '\n', r: '\r', c: '\r', t: '\t', v: '\v', f: '\f', a: '\x07', b: '\b', e: '\x1b', '\\': '\\', '"': '"', "'": "'" };

function lex(t: string): { tokens: Token[]; comments: [number, number][] } {
  const tokens: Token[] = [];
  const comments: [number, number][] = [];
  let gap = true;
  let newline = true;
  const push = ({ kind, start, end, pieces, prefix }: Omit<Token, 'gap' | 'newline' | 'text'>) => {
    tokens.push({ kind, text: t.slice(start, end), start, end, gap, newline, pieces, prefix });
    gap = newline = false;
    return end;
  };
  const sticky = (re: RegExp, at: number) => {
    re.lastIndex = at;
    return re.test(t) ? re.lastIndex - at : 0;
  };
  let i = 0;
  while (i < t.length) {
    const c = t[i]!;
    if (c === '\n' || c === ' ' || c === '\t' || c === '\r') {
      newline ||= c === '\n';
      gap = true;
      i++;
    } else if (c === '#') {
      const end = commentEnd(t, i);
      comments.push([i, end]);
      gap = true;
      i = end;
    } else if (c === '"') i = push(stringLiteral(t, i, i, ''));
    else if (sticky(IDENT, i) > 0) {
      const end = i + sticky(IDENT, i);
      i = t[end] === '"' ? push(stringLiteral(t, i, end, normalise(t.slice(i, end)))) : push({ kind: 'ident', start: i, end });
    } else if (sticky(NUMBER, i) > 0) i = push({ kind: 'other', start: i, end: i + sticky(NUMBER, i) });
    else if (sticky(CHAR, i) > 0) i = push({ kind: 'other', start: i, end: i + sticky(CHAR, i) });
    else if (c === '`') {
      const close = t.indexOf('`', i + 1);
      i = push({ kind: 'ident', start: i, end: close < 0 ? t.length : close + 1 });
    } else if ('([{'.includes(c)) i = push({ kind: 'open', start: i, end: i + 1 });
    else if (')]}'.includes(c)) i = push({ kind: 'close', start: i, end: i + 1 });
    else if (c === ',') i = push({ kind: 'comma', start: i, end: i + 1 });
    else if (sticky(OPERATOR, i) > 0) i = push({ kind: 'op', start: i, end: i + sticky(OPERATOR, i) });
    else i = push({ kind: 'other', start: i, end: i + 1 });
  }
  return { tokens, comments };
}

/** `#` runs to the end of the line; `#[ … ]#` and `##[ … ]##` nest. */
function commentEnd(t: string, i: number): number {
  const doc = t.startsWith('##[', i);
  if (!doc && !t.startsWith('#[', i)) {
    const eol = t.indexOf('\n', i);
    return eol < 0 ? t.length : eol;
  }
  const [open, close] = doc ? ['##[', ']##'] : ['#[', ']#'];
  let depth = 0;
  for (let j = i; j < t.length; ) {
    if (t.startsWith(open, j)) {
      depth++;
      j += open.length;
    } else if (t.startsWith(close, j)) {
      j += close.length;
      if (--depth === 0) return j;
    } else j++;
  }
  return t.length;
}

/**
 * The string literal whose opening quote is at `quote` (`start` includes its prefix): `"…"` with
 * escapes, raw `r"…"` and `ident"…"` where `""` is a quote, `"""…"""` as written (a line break
 * right after the opening quotes is not part of it). An unterminated one ends at the line's end.
 */
function stringLiteral(t: string, start: number, quote: number, prefix: string): Omit<Token, 'gap' | 'newline' | 'text'> {
  const pieces: Piece[] = [];
  const verbatim = (from: number, to: number) => to > from && pieces.push({ text: t.slice(from, to), start: from, end: to, verbatim: true });
  if (t.startsWith('"""', quote)) {
    const lead = /^[ \t]*\r?\n/.exec(t.slice(quote + 3, quote + 200));
    const from = quote + 3 + (lead?.[0].length ?? 0);
    let close = t.indexOf('"""', quote + 3);
    if (close < 0) close = t.length;
    while (t[close + 3] === '"') close++;
    verbatim(from, close);
    return { kind: 'string', start, end: Math.min(close + 3, t.length), pieces, prefix };
  }
  const raw = prefix !== '';
  let run = quote + 1;
  let j = run;
  while (j < t.length && t[j] !== '\n') {
    const special = t[j] === '"' ? raw && t[j + 1] === '"' : t[j] === '\\' && !raw;
    if (t[j] === '"' && !special) break;
    if (!special) {
      j++;
      continue;
    }
    verbatim(run, j);
    const [value, length] = raw ? ['"', 2] : escape(t, j);
    pieces.push({ text: value, start: j, end: j + length, verbatim: false });
    j = run = j + length;
  }
  verbatim(run, j);
  return { kind: 'string', start, end: t[j] === '"' ? j + 1 : j, pieces, prefix };
}

/** The value of the escape at `i` and its length. */
function escape(t: string, i: number): [string, number] {
  const c = t[i + 1];
  if (c === undefined) return ['', 1];
  if (c in ESCAPES) return [ESCAPES[c]!, 2];
  const code = /^(?:x([0-9a-fA-F]{2})|u\{([0-9a-fA-F]+)\}|u([0-9a-fA-F]{4})|([0-9]+))/.exec(t.slice(i + 1, i + 12));
  if (!code) return [c, 2];
  const value = code[4] !== undefined ? Number(code[4]) : parseInt(code[1] ?? code[2] ?? code[3]!, 16);
  return [String.fromCodePoint(Math.min(value, 0x10ffff)), 1 + code[0].length];
}

