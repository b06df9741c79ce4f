/**
 * Shell words, kept apart from the rest of the quoting (`quote.ts`) so that lint, which quotes
 * the words it shows, loads no model schema with them.
 */

/**
 * Words a shell takes as they are. A comma (an array separator to shellcheck, SC2054) and a
 * leading = (`x==y`, SC1097) are quoted too, so that generated scripts pass shellcheck.
 */
const SHELL_SAFE = /^(?!=)[A-Za-z0-9_@%+=:./-]+$/;

/**
 * Quote one word so that a POSIX shell (and Python's shlex) splits it back unchanged: single
 * quotes, with each quote and backslash escaped outside them (`'it'\''s'`), since a backslash
 * before a closing quote reads to shellcheck as a mistaken escape (SC1003).
 */
export function shellQuote(word: string): string {
  if (word === '') return "''";
  if (SHELL_SAFE.test(word)) return word;
  return word
    .split(/(['\\])/)
    .filter((piece) => piece !== '')
    .map((piece) => (piece === "'" || piece === '\\' ? `\\${piece}` : `'${piece}'`))
    .join('');
}

export function shellJoin(words: readonly string[]): string {
  return words.map(shellQuote).join(' ');
}
