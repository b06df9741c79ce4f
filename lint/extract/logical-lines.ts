import { type Snippet, SnippetBuilder, type SourceText } from '../source.js';

/** Physical lines joined where they end in the escape character, as Make, Tup and Dockerfiles join them. */
export interface LogicalLine {
  firstLine: number;
  lastLine: number;
  /** Source offsets of the first character and just past the last. */
  start: number;
  end: number;
  /** The joined text; each join is one space standing for the escape and line break. */
  snippet: Snippet;
}

export function logicalLine(source: SourceText, firstLine: number, escape = '\\'): LogicalLine {
  const builder = new SnippetBuilder();
  let n = firstLine;
  for (;;) {
    const start = source.lineStarts[n - 1]!;
    const text = source.line(n);
    const continued = text.endsWith(escape) && n < source.lineCount;
    builder.verbatim(continued ? text.slice(0, -1) : text, start);
    if (!continued) break;
    builder.replaced(' ', start + text.length - 1, start + text.length);
    n++;
  }
  const lastStart = source.lineStarts[n - 1]!;
  return { firstLine, lastLine: n, start: source.lineStarts[firstLine - 1]!, end: lastStart + source.line(n).length, snippet: builder.build() };
}

export function* logicalLines(source: SourceText, escape = '\\'): Generator<LogicalLine> {
  for (let n = 1; n <= source.lineCount; ) {
    const line = logicalLine(source, n, escape);
    yield line;
    n = line.lastLine + 1;
  }
}

/** `[start, end)` of a logical line's text as a snippet of its own. */
export function part(line: LogicalLine, start: number, end = line.snippet.text.length): Snippet {
  return new SnippetBuilder().copy(line.snippet, start, end).build();
}
