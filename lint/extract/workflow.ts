import { maskedSnippet, type Snippet, sliceSnippet, type SourceText } from '../source.js';
import type { Extraction } from './extraction.js';

const RUN_KEY = /^(\s*(?:-\s+)?)run:(?:\s+|$)/;
const BLOCK_HEADER = /^([|>])[+-]?\d?[+-]?\s*(?:#.*)?$/;
const ENV_ENTRY = /^\s*([A-Z_][A-Z0-9_]*):(.*)$/s;

/**
 * YAML workflows (GitHub Actions and the like): the value of every `run:` key, as a literal
 * or folded block, a plain scalar or a quoted one. Upper-case `NAME: value` entries (`env:`
 * maps) bind `$NAME`.
 */
export function extractWorkflow(source: SourceText): Extraction {
  const snippets: Snippet[] = [];
  const bindings: [string, string][] = [];
  for (let n = 1; n <= source.lineCount; n++) {
    const text = source.line(n);
    const env = ENV_ENTRY.exec(text);
    // The value trimmed here, not by the pattern: `(.+?)\s*$` rescans a long run of blanks once per blank.
    const envValue = env?.[2]!.trim();
    if (envValue && !RUN_KEY.test(text)) bindings.push([env![1]!, envValue.replace(/^(["'])(.*)\1$/, '$2')]);
    const key = RUN_KEY.exec(text);
    if (!key) continue;
    const keyColumn = key[1]!.length;
    const valueStart = source.lineStarts[n - 1]! + key[0].length;
    const value = text.slice(key[0].length);
    const header = BLOCK_HEADER.exec(value);
    if (header) {
      const last = blockEnd(source, n, keyColumn);
      if (last > n) snippets.push(block(source, n + 1, last, header[1] === '>'));
      n = last;
    } else if (/^["']/.test(value)) {
      const close = value.lastIndexOf(value[0]!);
      snippets.push(sliceSnippet(source, valueStart + 1, valueStart + (close > 0 ? close : value.length)));
    } else if (value.trim() !== '') {
      // A plain scalar may go on over more-indented lines; YAML folds them into one line.
      const last = blockEnd(source, n, keyColumn);
      snippets.push(block(source, n, last, true, valueStart));
      n = last;
    }
  }
  return { snippets, bindings };
}

/** The last line that belongs to a value whose key is at `keyColumn`: every following line indented deeper, or blank. */
function blockEnd(source: SourceText, keyLine: number, keyColumn: number): number {
  let last = keyLine;
  for (let n = keyLine + 1; n <= source.lineCount; n++) {
    const text = source.line(n);
    if (text.trim() === '') continue;
    if (text.length - text.trimStart().length <= keyColumn) break;
    last = n;
  }
  return last;
}

/** Lines `first..last` as shell text; a folded block's line breaks become spaces (blank lines stay breaks). */
function block(source: SourceText, first: number, last: number, folded: boolean, start = source.lineStarts[first - 1]!): Snippet {
  const end = source.lineStarts[last - 1]! + source.line(last).length;
  if (!folded) return sliceSnippet(source, start, end);
  const breaks: [number, number][] = [];
  for (let n = first; n < last; n++) {
    if (source.line(n).trim() !== '' && source.line(n + 1).trim() !== '') {
      const eol = source.lineStarts[n]! - 1;
      breaks.push([eol, eol + 1]);
    }
  }
  return maskedSnippet(source, start, end, breaks);
}
