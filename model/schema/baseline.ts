import { z } from 'zod';

/**
 * Where a recorded nim compile runs: the Tup build, a justfile recipe, a Nix expression, a shell
 * script, a CI workflow step.
 */
export const BaselineSurfaceSchema = z.enum(['tup', 'just', 'nix', 'script', 'workflow']);

export const BaselineInvocationSchema = z.strictObject({
  /**
   * Stable and unique: `tup/<variant>/<artefact>` for Tup (the `--out` path relative to the
   * variant directory, e.g. `tup/debug/bin/ct`), `<surface>:<file>:<n>` elsewhere (the n-th
   * compile in that file, e.g. `just:justfile:1`).
   */
  id: z.string().regex(/^(?:tup\/[^/]+\/.+|(?:just|nix|script|workflow):.+:[1-9]\d*)$/, 'must be tup/<variant>/<artefact> or <surface>:<file>:<n>'),
  /** Which build surface runs it. */
  surface: BaselineSurfaceSchema,
  /** The Tup variant (`debug`). Default: none (not a Tup compile). */
  variant: z.string().min(1).optional(),
  /** The profile the variant builds. Default: none (not a Tup compile). */
  profile: z.string().min(1).optional(),
  /** The model platform the variant builds for (`windows`). Default: none (the host's). */
  platform: z.string().min(1).optional(),
  /** The file that writes the command, relative to the checkout: the Tupfile for Tup (`src/ct/Tupfile`). */
  file: z.string().min(1),
  /** 1-based line of the command; for Tup, of the `:` rule. */
  line: z.number().int().positive(),
  /** The `!macro` the Tup rule runs. Default: none (the rule spells its command out, or not a Tup compile). */
  rule: z.string().regex(/^!/, 'must be a Tup macro name starting with !').optional(),
  /**
   * Directory the command runs in, relative to the checkout; relative paths in `argv` start
   * there. For Tup, where `tup build-<variant>` runs it: `src/<variantDir>/<dir>`. Default: `.`.
   */
  cwd: z.string().min(1).default('.'),
  /** The nim binary as written (`nim`, `${upstream-nim-codetracer.out}/bin/nim`). */
  nim: z.string().min(1),
  /** Every word after the binary, quotes removed, in order; host variables as `${name}`. */
  argv: z.array(z.string()).min(1),
  /** The `--out:` value exactly as `argv` gives it. Default: none (nim's default output). */
  output: z.string().min(1).optional(),
});

export const BaselineSchema = z
  .strictObject({
    /** The checkout's commit (`--commit`, or its git HEAD). Default: none (not a git work tree). */
    commit: z.string().min(1).optional(),
    /** The tools the recording ran. */
    recordedWith: z.strictObject({
      /** `tup --version` of the tup that generated the scripts, e.g. `tup 0.7.11`. */
      tup: z.string().min(1),
    }),
    /** Every nim compile of the legacy build, Tup variants first. Default: none. */
    invocations: z.array(BaselineInvocationSchema).default([]),
  })
  .superRefine((baseline, ctx) => {
    const seen = new Set<string>();
    baseline.invocations.forEach((invocation, i) => {
      if (seen.has(invocation.id)) ctx.addIssue({ code: 'custom', path: ['invocations', i, 'id'], message: `duplicate id "${invocation.id}"` });
      seen.add(invocation.id);
    });
  });

export type BaselineSurface = z.infer<typeof BaselineSurfaceSchema>;
export type BaselineInvocation = z.infer<typeof BaselineInvocationSchema>;
export type Baseline = z.infer<typeof BaselineSchema>;
