/** A file's text, with what it takes to turn offsets into 1-based lines and columns. */
export class SourceText {
  readonly lineStarts: number[] = [0];

  constructor(readonly text: string) {
    for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) this.lineStarts.push(i + 1);
  }

  position(offset: number): { line: number; column: number } {
    let lo = 0;
    let hi = this.lineStarts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (this.lineStarts[mid]! <= offset) lo = mid;
      else hi = mid - 1;
    }
    return { line: lo + 1, column: offset - this.lineStarts[lo]! + 1 };
  }

  /** Line `n` (1-based) without its newline. */
  line(n: number): string {
    const start = this.lineStarts[n - 1];
    if (start === undefined) return '';
    const next = this.lineStarts[n];
    return this.text.slice(start, next === undefined ? undefined : next - 1).replace(/\r$/, '');
  }

  get lineCount(): number {
    return this.lineStarts.length;
  }
}

/**
 * A run of snippet text and where it came from. A verbatim segment maps character by
 * character; a replaced one (an expanded variable, an unquoted nested script) maps
 * every character to the whole source span it stands for.
 */
interface Segment {
  at: number;
  length: number;
  srcStart: number;
  srcEnd: number;
  verbatim: boolean;
}

/**
 * Shell text taken out of a file (a recipe body, a Nix string, an expanded Tup command),
 * mapped back to the file so findings point at what the author wrote.
 */
export class Snippet {
  constructor(readonly text: string, private readonly segments: readonly Segment[]) {}

  /** Source offset of the character at `i`. */
  origin(i: number): number {
    const s = this.segmentAt(i);
    return s.verbatim ? s.srcStart + (i - s.at) : s.srcStart;
  }

  /** Source offset just past the character at `i`. */
  originEnd(i: number): number {
    const s = this.segmentAt(i);
    return s.verbatim ? s.srcStart + (i - s.at) + 1 : s.srcEnd;
  }

  private segmentAt(i: number): Segment {
    return this.segments[this.indexAt(i)] ?? { at: 0, length: 0, srcStart: 0, srcEnd: 0, verbatim: false };
  }

  /** The index of the segment holding character `i` (segments are in order of `at`). */
  private indexAt(i: number): number {
    let lo = 0;
    let hi = this.segments.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (this.segments[mid]!.at <= i) lo = mid;
      else hi = mid - 1;
    }
    return lo;
  }

  /** The segments covering `[start, end)` of this snippet, for building a snippet from a snippet. */
  slices(start: number, end: number): Segment[] {
    const out: Segment[] = [];
    for (let k = this.indexAt(start); k < this.segments.length && this.segments[k]!.at < end; k++) {
      const s = this.segments[k]!;
      const from = Math.max(start, s.at);
      const to = Math.min(end, s.at + s.length);
      if (from >= to) continue;
      out.push(s.verbatim
        ? { at: from, length: to - from, srcStart: s.srcStart + (from - s.at), srcEnd: s.srcStart + (to - s.at), verbatim: true }
        : { ...s, at: from, length: to - from });
    }
    return out;
  }
}

export class SnippetBuilder {
  private text = '';
  private readonly segments: Segment[] = [];

  /** Text copied from the file at `srcStart`. */
  verbatim(text: string, srcStart: number): this {
    return this.push(text, srcStart, srcStart + text.length, true);
  }

  /** Text that stands for the source span `[srcStart, srcEnd)`. */
  replaced(text: string, srcStart: number, srcEnd: number): this {
    return this.push(text, srcStart, srcEnd, false);
  }

  /** `[start, end)` of another snippet, keeping its mapping. */
  copy(from: Snippet, start: number, end: number): this {
    for (const s of from.slices(start, end)) this.push(from.text.slice(s.at, s.at + s.length), s.srcStart, s.srcEnd, s.verbatim);
    return this;
  }

  get length(): number {
    return this.text.length;
  }

  build(): Snippet {
    return new Snippet(this.text, this.segments);
  }

  private push(text: string, srcStart: number, srcEnd: number, verbatim: boolean): this {
    if (text.length === 0) return this;
    this.segments.push({ at: this.text.length, length: text.length, srcStart, srcEnd, verbatim });
    this.text += text;
    return this;
  }
}

/** The file's text from `start` to `end`, as a snippet. */
export function sliceSnippet(source: SourceText, start: number, end: number): Snippet {
  return new SnippetBuilder().verbatim(source.text.slice(start, end), start).build();
}

/**
 * The file's text from `start` to `end` with the given ranges blanked (same length, so the
 * mapping stays exact): console prompts, output lines, folded line breaks.
 */
export function maskedSnippet(source: SourceText, start: number, end: number, masks: readonly [number, number][]): Snippet {
  const chars = source.text.slice(start, end).split('');
  for (const [from, to] of masks) {
    for (let i = Math.max(from, start); i < Math.min(to, end); i++) chars[i - start] = ' ';
  }
  return new SnippetBuilder().verbatim(chars.join(''), start).build();
}

/** A command as one line: continuations and line breaks folded into single spaces. */
export function joinLines(text: string): string {
  return foldBreaks(foldBreaks(text, /\\\r?\n/g), /\r?\n/g).trim();
}

/**
 * Each match of `core` with the blanks (spaces, tabs) either side of it replaced by one space;
 * as a global pattern `[ \t]*` + core + `[ \t]*` would, but the blanks are found by looking
 * outwards from the core, so a long run of blanks costs its length once, not once per blank in it.
 */
function foldBreaks(text: string, core: RegExp): string {
  const blank = (c: string | undefined) => c === ' ' || c === '\t';
  let out = '';
  let last = 0;
  for (const m of text.matchAll(core)) {
    let start = m.index;
    while (start > last && blank(text[start - 1])) start--;
    let end = m.index + m[0].length;
    while (end < text.length && blank(text[end])) end++;
    out += `${text.slice(last, start)} `;
    last = end;
  }
  return out + text.slice(last);
}
