import type { z } from 'zod';

/**
 * How model names become identifiers in generated files. Two names that map to the same
 * identifier would share a shell array or a Tup macro, so the model rules reject them.
 */

/** Upper-case shell identifier: `js:index` → `JS_INDEX`. */
export function shellId(name: string): string {
  return name.toUpperCase().replace(/[^A-Z0-9]/g, '_');
}

/**
 * The files nim writes beside an artefact at `output`, from a target's `extraOutputs`
 * patterns: `{out}` the output path, `{dir}` its directory, `{stem}` its file name without
 * extension. A pattern without `{out}` or `{dir}` is relative to the working directory.
 */
export function expandExtraOutputs(patterns: readonly string[], output: string): string[] {
  const slash = output.lastIndexOf('/');
  const dir = slash >= 0 ? output.slice(0, slash) : '.';
  const file = output.slice(slash + 1);
  const stem = file.includes('.') ? file.slice(0, file.indexOf('.')) : file;
  return patterns.map((p) => p.replace(/\{out\}/g, output).replace(/\{dir\}/g, dir).replace(/\{stem\}/g, stem));
}

/**
 * What no string of a model may hold: C0 and C1 control characters (line breaks, NUL, tab,
 * escape), DEL and the Unicode line and paragraph separators. Every string ends up on one line
 * of a generated file, in an argv or in a comment, where a line break would end the comment or
 * the line and NUL cannot be written at all.
 */
export const CONTROL_CHARACTER = /[\x00-\x1f\x7f-\x9f\u2028\u2029]/;

/** The first control character of `text` as `U+000A at 12`, or undefined when it has none. */
export function controlCharacterIn(text: string): string | undefined {
  const at = text.search(CONTROL_CHARACTER);
  if (at < 0) return undefined;
  return `U+${text.charCodeAt(at).toString(16).toUpperCase().padStart(4, '0')} at ${at}`;
}

/**
 * A path Tup reads and pastes into commands (`%f`, `%o`) as it is: Tup has no quoting for paths,
 * so only characters that mean nothing to Tup and to the shell. Globs add `*`, `?` and `[…]`.
 */
export const TUP_PATH = /^[A-Za-z0-9._+\/-]+$/;
export const TUP_GLOB = /^[A-Za-z0-9._+\/*?[\]-]+$/;
export const TUP_PATH_CHARACTERS = 'letters, digits and . _ + / -';

/**
 * Why `path` cannot be a path on disk, or undefined: file systems hold components of at most 255
 * bytes, and tools (tup aborts) fail near PATH_MAX (4096), which must leave room for the
 * checkout's own location, so a model path is at most 1024 bytes.
 */
export function pathLengthProblem(path: string): string | undefined {
  const bytes = (text: string) => new TextEncoder().encode(text).length;
  if (bytes(path) > 1024) return `must be at most 1024 bytes long (a path on disk, with room for the checkout's own); it has ${bytes(path)}`;
  if (path.split('/').some((part) => bytes(part) > 255)) return 'must have path components of at most 255 bytes (what file systems hold)';
  return undefined;
}

/** `schema` with `pathLengthProblem` as a rule. */
export const fitsOnDisk = <T extends z.ZodType<string>>(schema: T) =>
  schema.refine((path) => pathLengthProblem(path) === undefined, { error: (issue) => pathLengthProblem(issue.input as string) });

/** A scratch directory outside the tree, spliced into Tup commands as it is: `/tmp`, `C:/tmp`. */
export const SCRATCH_PATH = /^([A-Za-z]:)?\/[A-Za-z0-9_.\/-]*$/;

const NIX_KEYWORDS = new Set(['assert', 'else', 'if', 'in', 'inherit', 'let', 'or', 'rec', 'then', 'with']);

/** A Nix identifier: a formal argument or one attribute name of a path (`pkgs`, `nim-codetracer`), not a keyword. */
export const isNixIdentifier = (name: string): boolean => /^[A-Za-z_][A-Za-z0-9_'-]*$/.test(name) && !NIX_KEYWORDS.has(name);

/** A just recipe or parameter name. */
export const JUST_NAME = /^[A-Za-z_][A-Za-z0-9_-]*$/;

/** The Tup root of the checkout: target sources and Tup nodes are relative to it (the staging ADR, "Stage Tup Builds Under src/build"). */
export const TUP_ROOT = 'src';

/** The staged tree's folder under the Tup root, `src/build` (the staging ADR, "Stage Tup Builds Under src/build"): generated, never a source node. */
export const STAGED_DIR = 'build';

/** The folders under the Tup root that hold generated files: the staged tree and each variant's. */
export const generatedTupDirs = (variants: readonly { dir: string }[]): string[] => [STAGED_DIR, ...variants.map((v) => v.dir)];

/** A nim define as the driver's `--extra-define` takes it: `NAME` or `NAME=VALUE`. */
export const DEFINE_PATTERN = /^[A-Za-z_][A-Za-z0-9_]*(=.*)?$/s;
