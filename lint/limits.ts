/**
 * How far the scan follows one file's constructs (docs/lint.md, Limits). Past a limit the file
 * gets a `lint-incomplete` finding naming the construct and the limit, and the scan goes on with
 * the rest of it; every limit keeps one hostile file from hanging or aborting the lint of a tree.
 */

/** `$(…)`, backticks, `bash -c '…'` and `bash <<EOF` inside one another. */
export const SHELL_NESTING = 16;

/** Make and Tup variable expansion, per file: characters of values expanded, and references resolved. */
export const EXPANSION_BYTES = 1 << 20;
export const EXPANSION_STEPS = 100_000;
/** References inside values inside values (a variable that references itself goes no deeper). */
export const EXPANSION_DEPTH = 10;

/** Lookups through the variables a file binds (`NIM=$NIM_BIN`, just's `x := …`, Nix `x = "…";`), per file. */
export const BINDING_LOOKUPS = 100_000;

/** Nix strings inside interpolations inside strings. */
export const NIX_STRING_NESTING = 8;

/** Parentheses inside one another in the argument of a Nim call that runs a command. */
export const NIM_PAREN_NESTING = 32;

/** Tup `include`s inside one another, and Tup files read for one file's variables. */
export const TUP_INCLUDE_DEPTH = 8;
export const TUP_INCLUDES = 256;

/** Shell function bodies, read for `"$@"` (functions inside functions are read once for each): this many times the text. */
export const FUNCTION_BODY_READS = 16;

/** `1 MiB` for 1048576: limits as the docs write them. */
export const sizeText = (bytes: number): string => (bytes % (1 << 20) === 0 ? `${bytes >> 20} MiB` : bytes % 1024 === 0 ? `${bytes >> 10} KiB` : `${bytes} bytes`);

/** Where one file's scan stopped short of a construct: an offset in the file and what was not read. */
export type ReportIncomplete = (offset: number, what: string) => void;
