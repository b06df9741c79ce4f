import type { ReportIncomplete } from '../limits.js';
import type { Snippet, SourceText } from '../source.js';

/** What one file contributes to the scan. */
export interface Extraction {
  /** Shell text the file runs. */
  snippets: Snippet[];
  /** Variables the file binds outside its shell text (just and Nix assignments, `ENV`, workflow `env:`). */
  bindings?: [string, string][];
  /** 1-based lines where a suppression comment may stand. Default: every line. */
  commentLines?: ReadonlySet<number>;
  /** A suppression on line L covers commands up to line `reach.get(L)` instead of L + 1 (a comment above a Markdown fence covers the block). */
  reach?: ReadonlyMap<number, number>;
}

export interface ExtractContext {
  /** Root-relative POSIX path of the file. */
  path: string;
  /** The text of another file under the same root, by root-relative path; undefined when absent or unreadable. */
  read(path: string): string | undefined;
  /** Notes a construct the extractor stopped short of (a limit in ../limits.ts), at an offset of this file. */
  incomplete: ReportIncomplete;
}

export type Extractor = (source: SourceText, context: ExtractContext) => Extraction;
