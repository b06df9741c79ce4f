import { posix } from 'node:path';
import { z } from 'zod';
import { NameSchema } from './flags.js';
import { fitsOnDisk, TUP_GLOB, TUP_PATH, TUP_PATH_CHARACTERS } from './names.js';

/**
 * The staged Tup tree (the staging ADR, "Stage Tup Builds Under src/build"): one node per directory under `src/build/`, each mirroring
 * a source directory under `src/`. Paths are written once, relative to fixed roots, and the
 * generator derives every relative spelling (SRC_DIR, ../bin/…) from the node's depth:
 * - a node's `dir` is relative to `src/` ('' is the root);
 * - rule inputs are relative to the node's source directory `src/<dir>`;
 * - rule outputs are relative to the staged root `src/build/`.
 */

/**
 * Tup splits words on white space, has no quoting for paths and pastes them into commands (`%f`,
 * `%o`) unquoted, so paths hold only characters that mean nothing to Tup and the shell.
 */
const pathOf = (characters: RegExp, what: string) =>
  fitsOnDisk(z.string().min(1))
    .refine((p) => characters.test(p), `must hold only ${what} (Tup pastes paths into commands unquoted)`)
    .refine((p) => !p.startsWith('/'), 'must be a relative path')
    .refine((p) => !p.endsWith('/'), 'must name a file (no trailing /)')
    .refine((p) => !['.', ''].includes(posix.normalize(p).replace(/\/$/, '')), 'must name a file, not the directory itself');
const RelativePath = pathOf(TUP_PATH, TUP_PATH_CHARACTERS);

/** A glob over the node's source directory, tup syntax (`*`, `?`, `[...]` in the last component). */
const Glob = pathOf(TUP_GLOB, `${TUP_PATH_CHARACTERS} and the glob characters * ? [ ]`)
  .refine((p) => /[*?[]/.test(p.split('/').pop() ?? ''), 'must contain a glob (* ? [..]) in its last component')
  // Tup takes an unclosed `[` literally and then matches nothing, silently.
  .refine((p) => /^(?:[^[\]]|\[[^[\]]+\])*$/.test(p), 'must close every [ with ] (and hold no stray ])')
  .refine((p) => !p.split('/').slice(0, -1).some((part) => /[*?[]/.test(part)), 'may have wildcards only in its last component');

export const NimRuleSchema = z.strictObject({
  kind: z.literal('nim'),
  /** A model target; the driver builds it with the variant's profile. */
  target: z.string(),
  /** Artefact path relative to `src/build/`, e.g. `bin/ct`. Extra outputs (source maps) follow from the target. */
  output: RelativePath,
});

export const CargoRuleSchema = z.strictObject({
  kind: z.literal('cargo'),
  /** Binary name, as in the crate's Cargo.toml and under the target directory's <profile>/; the platform's executable suffix is added. */
  binary: z.string().regex(/^[A-Za-z0-9_-]+$/, 'must be a crate binary name'),
  /** `release` builds with `--release`. */
  profile: z.enum(['debug', 'release']),
  /** `--target-dir`, relative to the platform's scratch directory, e.g. `codetracer/db_backend_target`. */
  targetDir: z.string().regex(/^[A-Za-z0-9_.-]+(\/[A-Za-z0-9_.-]+)*$/, 'must be a relative path of letters, digits and _ . - (under the platform scratch directory)'),
  /** Build with `--locked` (Cargo.lock must be up to date). Default: false. */
  locked: z.boolean().default(false),
  /** Inputs Tup watches, relative to the node's source directory. Default: none. */
  inputs: z.array(RelativePath).default([]),
  /** Artefact path relative to `src/build/`, without the executable suffix (Tup adds the platform's). */
  output: RelativePath,
});

export const StylusRuleSchema = z.strictObject({
  kind: z.literal('stylus'),
  /** `.styl` sources in the node's source directory; each becomes `<name>.css` in the staged directory. */
  inputs: z.array(RelativePath.refine((p) => p.endsWith('.styl'), 'must end with .styl')).min(1),
});

export const CopySchema = z.strictObject({
  kind: z.literal('copy'),
  /** Source file relative to the node's source directory, or, with `fromBuild`, a staged output relative to `src/build/`. */
  input: RelativePath,
  /** The input is an output of another rule, not a source file. Default: false. */
  fromBuild: z.boolean().default(false),
  /** Copy path relative to `src/build/`. Default: the input's path mirrored under the node's staged directory. */
  output: RelativePath.optional(),
});

export const CopyGlobSchema = z.strictObject({
  kind: z.literal('copy-glob'),
  /** Glob relative to the node's source directory; each match is copied to the same relative path in the staged directory. */
  glob: Glob,
});

export const TupRuleSchema = z.discriminatedUnion('kind', [NimRuleSchema, CargoRuleSchema, StylusRuleSchema, CopySchema, CopyGlobSchema]);

/** Text of a Tupfile comment line: Tup continues a line that ends with a backslash, comments too. */
const TupCommentText = z.string().min(1).refine((t) => !t.endsWith('\\'), 'must not end with a backslash (Tup would continue the comment onto the next line)');

export const TupOmissionSchema = z.strictObject({
  /** The legacy rule or Tupfile, e.g. `src/tui/Tupfile: !rust_cargo_tui`. */
  legacy: TupCommentText,
  /** Why it is not generated. */
  reason: TupCommentText,
});

export const TupNodeSchema = z.strictObject({
  /** Source directory relative to `src/` ('' for `src/` itself); staged at `src/build/<dir>`. */
  dir: fitsOnDisk(z.string())
    .refine((d) => d === '' || (!d.startsWith('/') && !d.endsWith('/')), 'must be a relative directory without leading or trailing /')
    .refine((d) => d === '' || TUP_PATH.test(d), `must hold only ${TUP_PATH_CHARACTERS} (Tup pastes paths into commands unquoted)`),
  /** Rules, in Tupfile order. Default: none. */
  rules: z.array(TupRuleSchema).default([]),
  /** Legacy rules of this directory that are deliberately not generated. Default: none. */
  omitted: z.array(TupOmissionSchema).default([]),
});

export const TupVariantSchema = z.strictObject({
  /** Variant directory under `src/`, e.g. `build-debug`; `just tup-build-<name>` builds it, where name is the part after `build-`. */
  dir: fitsOnDisk(z.string().regex(/^build-[a-z0-9-]+$/, 'must look like build-<name>')),
  /** The profile the driver builds with in this variant. */
  profile: NameSchema,
  /**
   * The platform this variant builds for: its tup.config sets `CONFIG_TUP_PLATFORM`, so a
   * Windows variant can be generated and checked on Linux. Default: the host Tup runs on.
   */
  platform: NameSchema.optional(),
  /**
   * tup.config entries without the `CONFIG_` prefix. `PROFILE` and `TUP_PLATFORM` are added by
   * the resolver and must not be given here. Default: none.
   */
  config: z
    .record(
      z.string().regex(/^[A-Z][A-Z0-9_]*$/, 'must be an upper-case config name'),
      // Tup reads a value to the end of its line, leading blanks dropped.
      z
        .string()
        .refine((v) => !/^\s|\s$/.test(v), 'must not start or end with a blank (tup.config would not keep it)')
        .refine((v) => !v.startsWith('"'), 'must not start with " (Tup reads a quoted value and drops the quotes)'),
      // zod's own message for a bad key names neither the key nor the rule.
      { error: (issue) => (issue.code === 'invalid_key' ? `the name ${JSON.stringify(issue.input)} must be an upper-case config name` : undefined) },
    )
    .default({}),
});

export const TupSchema = z.strictObject({
  /** Variant directories under `src/`, each building one profile, optionally for another platform. */
  variants: z.array(TupVariantSchema).min(1),
  /** Environment variables Tup passes to commands (`export NAME`). Default: none. */
  exports: z.array(z.string().regex(/^[A-Z_][A-Z0-9_]*$/, 'must be an environment variable name')).default([]),
  /** Staged nodes; a node with no rules still gets a Tupfile listing its omissions. */
  nodes: z.array(TupNodeSchema).min(1),
  /** Legacy Tup files with no staged node at all, and why. Default: none. */
  omitted: z.array(TupOmissionSchema).default([]),
});

export type TupRule = z.infer<typeof TupRuleSchema>;
export type TupNode = z.infer<typeof TupNodeSchema>;
export type Tup = z.infer<typeof TupSchema>;
export type TupVariant = z.infer<typeof TupVariantSchema>;
