import { maskedSnippet, type Snippet, type SourceText } from '../source.js';
import type { Extraction } from './extraction.js';

const FENCE = /^ {0,3}(`{3,}|~{3,})\s*([^\s`{]*)/;
const SHELL_LANGUAGES = new Set(['sh', 'bash', 'shell', 'zsh', 'ksh', 'console', 'shell-session', 'shellsession', 'sh-session', 'terminal']);
const SESSION_LANGUAGES = new Set(['console', 'shell-session', 'shellsession', 'sh-session', 'terminal']);
const PROMPT = /^(\s*(?:[$%]|[\w@.~:/-]*[$#%>]) )/;
const HTML_COMMENT = /^\s*<!--.*-->\s*$/;

/**
 * Markdown: fenced code blocks in a shell language. Session blocks (`console`) keep only
 * prompt lines and their continuations. Suppressions live inside the block or in an HTML
 * comment; one on the line right above a fence covers the whole block.
 */
export function extractMarkdown(source: SourceText): Extraction {
  const snippets: Snippet[] = [];
  const commentLines = new Set<number>();
  const reach = new Map<number, number>();
  for (let n = 1; n <= source.lineCount; n++) {
    const text = source.line(n);
    if (HTML_COMMENT.test(text)) commentLines.add(n);
    const fence = FENCE.exec(text);
    if (!fence) continue;
    const close = closingFence(source, n, fence[1]!);
    const language = fence[2]!.toLowerCase();
    if (SHELL_LANGUAGES.has(language) && close > n + 1) {
      for (let k = n + 1; k < close; k++) commentLines.add(k);
      reach.set(n - 1, close - 1);
      snippets.push(body(source, n + 1, close - 1, SESSION_LANGUAGES.has(language)));
    }
    n = close;
  }
  return { snippets, commentLines, reach };
}

function closingFence(source: SourceText, open: number, marker: string): number {
  for (let n = open + 1; n <= source.lineCount; n++) {
    const m = /^ {0,3}(`{3,}|~{3,})\s*$/.exec(source.line(n));
    if (m && m[1]![0] === marker[0] && m[1]!.length >= marker.length) return n;
  }
  return source.lineCount + 1;
}

function body(source: SourceText, first: number, last: number, session: boolean): Snippet {
  const start = source.lineStarts[first - 1]!;
  const end = source.lineStarts[last - 1]! + source.line(last).length;
  const masks: [number, number][] = [];
  if (session) {
    let continued = false;
    for (let n = first; n <= last; n++) {
      const lineStart = source.lineStarts[n - 1]!;
      const text = source.line(n);
      const prompt: RegExpExecArray | null = continued ? null : PROMPT.exec(text);
      if (prompt) masks.push([lineStart, lineStart + prompt[1]!.length]);
      else if (!continued) masks.push([lineStart, lineStart + text.length]);
      continued = (continued || prompt !== null) && text.endsWith('\\');
    }
  }
  return maskedSnippet(source, start, end, masks);
}
