/**
 * Quoting for every target syntax ct-gen writes. Templates never quote by hand:
 * each value passes through one of these via a render helper.
 */

const SHELL_SAFE = /^[A-Za-z0-9_@%+=:,./-]+$/;

/** Quote one word so that a POSIX shell (and Python's shlex) splits it back unchanged. */
export function shellQuote(word: string): string {
  if (word === '') return "''";
  if (SHELL_SAFE.test(word)) return word;
  return `'${word.replace(/'/g, `'\\''`)}'`;
}

export function shellJoin(words: readonly string[]): string {
  return words.map(shellQuote).join(' ');
}

/** A Nix double-quoted string literal. */
export function nixString(value: string): string {
  const body = value
    .replace(/\\/g, '\\\\')
    .replace(/"/g, '\\"')
    .replace(/\$\{/g, '\\${')
    .replace(/\n/g, '\\n')
    .replace(/\r/g, '\\r')
    .replace(/\t/g, '\\t');
  return `"${body}"`;
}

/**
 * Text placed verbatim inside a Nix `''…''` string. `${` becomes `''${`; every `'` becomes
 * `${"'"}`, because a quote next to an escape or at the end would merge with it (`'''`).
 */
export function nixIndentedBody(value: string): string {
  return value.replace(/'|\$\{/g, (m) => (m === "'" ? `\${"'"}` : "''${"));
}

const TUP_SPECIAL = /[%^]|\$\(|@\(|&\(|\|>/;

/**
 * A word inside a Tup command: shell-quoted, and refused when it holds Tup syntax
 * (`%`, `^`, `$(`, `@(`, `&(`, `|>`), which Tup would expand before the shell sees it.
 */
export function tupWord(word: string): string {
  if (TUP_SPECIAL.test(word)) {
    throw new Error(`value ${JSON.stringify(word)} contains Tup syntax (% ^ $( @( &( |>) and cannot be used literally in a Tup command`);
  }
  return shellQuote(word);
}

/**
 * The right-hand side of a Tup variable that is spliced into paths and commands (`EXE_SUFFIX =
 * .exe`): written as is, so it may hold neither Tup syntax nor white space nor shell quoting.
 */
export function tupValue(value: string): string {
  if (TUP_SPECIAL.test(value) || !/^[A-Za-z0-9_.:\/+-]*$/.test(value)) {
    throw new Error(`value ${JSON.stringify(value)} cannot be a literal Tup variable value (letters, digits and _ . : / \\ + - only)`);
  }
  return value;
}

/** A word in a justfile recipe line: shell-quoted, with just's `{{` doubled. */
export function justWord(word: string): string {
  return shellQuote(word).replace(/\{\{/g, '{{"{{"}}');
}

/** A Nim string literal (Nim 1.6 and 2.x): backslash, quote and control characters escaped. */
export function nimString(value: string): string {
  const body = value.replace(/[\\"\x00-\x1f\x7f]/g, (c) =>
    c === '\\' || c === '"' ? `\\${c}` : `\\x${c.charCodeAt(0).toString(16).padStart(2, '0')}`,
  );
  return `"${body}"`;
}
