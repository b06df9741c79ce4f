import { z } from 'zod';
import { DEFAULT_SEVERITIES } from './lint-defaults.js';

/** A glob of the allowlist: not empty, `/`-separated, relative (`where` says to what) and inside it. */
const relativeGlob = (where: string, inside: string) =>
  z
    .string()
    .min(1)
    .refine((g) => !g.startsWith('/'), `must be relative to ${where} (no leading /)`)
    .refine((g) => !g.split('/').includes('..'), `must stay inside ${inside} (no .. segment)`)
    .refine((g) => !g.includes('\\'), 'must use / as the path separator');

export const LintAllowSchema = z.strictObject({
  /**
   * Files allowed to run nim directly, as a POSIX glob over paths relative to the scanned
   * root: `*` and `?` stay within a path segment, `**` crosses segments, `{a,b}` alternates,
   * `[…]` is a character class, and the whole path must match
   * (e.g. `non-nix-build/install_nim_osx.sh`, `docs/legacy/**`).
   */
  glob: relativeGlob('the scanned root', 'the scanned root'),
  /**
   * The main modules whose compiles the entry allows in the files `glob` matches, as globs
   * (the syntax of `glob`) over the main module as the command line writes it after the
   * host's quote removal, host variables kept as written: `src/tests/*_test.nim`, `${f}`, `$f`,
   * `{{f}}` (`${…}`, `$(…)` and `{{…}}` match themselves). The main module is nim's project
   * file: the first word after the nim command that is neither an option nor only expansions,
   * or, when every such word is only expansions, the last of them (`"$f"`). A compile whose
   * main module lint cannot tell, or that matches none of these, is still reported, and so is
   * every other finding of the file. Default: none, the entry allows every nim invocation in
   * the files `glob` matches (they are not read).
   */
  sources: z
    .array(relativeGlob('the directory the command runs in', 'that directory'))
    .min(1, 'must list at least one main module; leave sources out to allow the whole file')
    .optional(),
  /** Why nim may be invoked there. */
  reason: z.string().regex(/\S/, 'must say why nim may run there'),
});

/** `ct-gen lint` settings. */
const SeveritySchema = z.enum(['error', 'warning', 'note']);

/** The severity of a finding by what the compile builds (see docs/lint.md, Classes). */
export const LintSeveritiesSchema = z.strictObject({
  /** A compile of a model target's main module. Default: `error`. */
  product: SeveritySchema.default(DEFAULT_SEVERITIES.product),
  /** An in-tree test: compiled and run, under `tests/`, or `*_test.nim`. Default: `warning`. */
  test: SeveritySchema.default(DEFAULT_SEVERITIES.test),
  /** Code outside the repository, or the Nim compiler (`koch`). Default: `note`. */
  external: SeveritySchema.default(DEFAULT_SEVERITIES.external),
  /** Any other compile. Default: `error`. */
  unknown: SeveritySchema.default(DEFAULT_SEVERITIES.unknown),
});

export const LintSchema = z.strictObject({
  /**
   * Places allowed to run nim directly besides the generated driver
   * (`tools/build/build_codetracer.sh`, always allowed). Default: none.
   */
  allow: z.array(LintAllowSchema).default([]),
  /** Severity by class; `ct-gen lint` exits 1 when any finding is an error. Default: error for product and unknown, warning for test, note for external. */
  severities: LintSeveritiesSchema.prefault({}),
});

export type LintAllow = z.infer<typeof LintAllowSchema>;
export type Lint = z.infer<typeof LintSchema>;
