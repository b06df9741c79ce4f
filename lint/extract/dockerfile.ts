import { shellJoin } from '../../generator/shell-quote.js';
import { type Snippet, SnippetBuilder, sliceSnippet, type SourceText } from '../source.js';
import type { Extraction } from './extraction.js';
import { logicalLine, part } from './logical-lines.js';

const INSTRUCTION = /^\s*([A-Za-z]+)\s+/;
const RUN_OPTION = /--[\w-]+(?:=\S*)?\s+/y;
const HEREDOC = /<<(-?)(["']?)([A-Za-z_]\w*)\2/;
const ESCAPE_DIRECTIVE = /^#\s*escape\s*=\s*([\\`])\s*$/im;

/**
 * Dockerfiles: `RUN`, `CMD` and `ENTRYPOINT` in shell form (continuations included), exec
 * form (`["nim", "c", …]`) and `RUN <<EOF` here-documents; `ENV` and `ARG` bind variables.
 */
export function extractDockerfile(source: SourceText): Extraction {
  const escape = ESCAPE_DIRECTIVE.exec(source.text.slice(0, 200))?.[1] ?? '\\';
  const snippets: Snippet[] = [];
  const bindings: [string, string][] = [];
  for (let n = 1; n <= source.lineCount; ) {
    // Comments and parser directives never continue, even when they end in the escape character.
    if (source.line(n).trimStart().startsWith('#')) {
      n++;
      continue;
    }
    const line = logicalLine(source, n, escape);
    n = line.lastLine + 1;
    const text = line.snippet.text;
    const instruction = INSTRUCTION.exec(text);
    if (!instruction) continue;
    const keyword = instruction[1]!.toUpperCase();
    let at = instruction[0].length;
    if (keyword === 'ENV' || keyword === 'ARG') {
      bindings.push(...variables(text.slice(at)));
      continue;
    }
    if (keyword !== 'RUN' && keyword !== 'CMD' && keyword !== 'ENTRYPOINT') continue;
    for (RUN_OPTION.lastIndex = at; RUN_OPTION.exec(text); ) at = RUN_OPTION.lastIndex;
    const rest = text.slice(at);
    const heredoc = HEREDOC.exec(rest);
    if (heredoc && line.firstLine === line.lastLine) {
      // `RUN <<EOF` runs the body as a script; `RUN bash <<EOF`, `RUN cat <<EOF >f` are left to the shell splitter.
      const end = bodyEnd(source, n, heredoc[3]!, heredoc[1] === '-');
      const bodyStart = source.lineStarts[n - 1] ?? source.text.length;
      const delimiterEnd = (source.lineStarts[end - 1] ?? source.text.length) + source.line(end).length;
      if (heredoc.index === 0) snippets.push(sliceSnippet(source, bodyStart, source.lineStarts[end - 1] ?? source.text.length));
      else snippets.push(sliceSnippet(source, line.snippet.origin(at), delimiterEnd));
      n = end + 1;
    } else if (rest.trimStart().startsWith('[')) {
      const words = execForm(rest);
      const start = line.snippet.origin(at);
      if (words) snippets.push(new SnippetBuilder().replaced(shellJoin(words), start, line.end).build());
    } else {
      // The joined line, not the raw text: with `# escape=\`` a raw backtick would read as a command substitution.
      snippets.push(part(line, at));
    }
  }
  return { snippets, bindings };
}

/** The line number holding the here-document's delimiter (or one past the last line). */
function bodyEnd(source: SourceText, from: number, delimiter: string, stripTabs: boolean): number {
  for (let n = from; n <= source.lineCount; n++) {
    const line = source.line(n);
    if ((stripTabs ? line.replace(/^\t+/, '') : line) === delimiter) return n;
  }
  return source.lineCount + 1;
}

function execForm(text: string): string[] | undefined {
  try {
    const parsed: unknown = JSON.parse(text);
    return Array.isArray(parsed) && parsed.every((w) => typeof w === 'string') ? parsed : undefined;
  } catch {
    return undefined;
  }
}

/** `ENV A=1 B="x y"` or the legacy `ENV A value`. A name starts a word: from inside a long one, each start would rescan it. */
function variables(text: string): [string, string][] {
  const pairs = [...text.matchAll(/(?<!\w)([A-Za-z_]\w*)=("(?:[^"\\]|\\.)*"|'[^']*'|\S*)/g)].map(([, name, value]) => [name!, value!.replace(/^(["'])(.*)\1$/s, '$2')] as [string, string]);
  if (pairs.length > 0) return pairs;
  const legacy = /^([A-Za-z_]\w*)\s+(.+)$/s.exec(text.trim());
  return legacy ? [[legacy[1]!, legacy[2]!]] : [];
}
