import { z } from 'zod';
import { NameSchema } from './flags.js';

/**
 * Host interpolations inside a recorded word (`$1`, `${APP_DIR}`, just's `{{output}}`, Nix's
 * `${pkgs.sqlite.out}`) are all written `${name}`: parity compares them as symbols, and each
 * emitter renders them back in its host's syntax.
 */
export const PLACEHOLDER = /\$\{([A-Za-z0-9_][A-Za-z0-9_.-]*)\}/g;

/**
 * A build surface of the legacy build: `tup`, `just`, `macos`, … The output families declare
 * which surfaces exist (`generator/families/registry.ts`); validation checks the name against them.
 */
export const SurfaceKindSchema = z.string().regex(/^[a-z][a-z0-9-]*$/, 'must be a surface name: lower-case letters, digits and dashes');

export const LegacyRuleSchema = z.strictObject({
  /** The Tup macro, e.g. `!nim_js`. */
  name: z.string().regex(/^!/, 'must be a Tup macro name starting with !'),
  /** Where the macro is defined, e.g. `src/Tuprules.tup`. */
  file: z.string().min(1),
  /** 1-based line of the macro definition. */
  line: z.number().int().positive(),
});

export const LegacyInvocationSchema = z.strictObject({
  /** `<surface>:<artefact>`, e.g. `nix:ct`, `repro:frontend-ui-js`; surfaces refer to it. */
  id: z.string().regex(/^[a-z][a-z-]*:[A-Za-z0-9._-]+$/, 'must look like surface:artefact'),
  /** Which build surface ran it: `tup`, `just`, `extension`, `macos`, `appimage`, `python-wheel`, `nix` or `repro`. */
  surface: SurfaceKindSchema,
  /** File in Codetracer's repository at the baseline commit, e.g. `nix/packages/default.nix`. */
  file: z.string().min(1),
  /** 1-based line where the nim command starts (for Tup: the rule in the Tupfile). */
  line: z.number().int().positive(),
  /** For Tup artefacts, the macro whose expansion `argv` is. Default: none. */
  rule: LegacyRuleSchema.optional(),
  /** The platform the command builds for, when the surface builds for several (`when defined(windows)` in repro.nim). Default: the host's. */
  platform: NameSchema.optional(),
  /** Directory the command ran in, relative to the repository root; source paths in `argv` are relative to it. Default: `.`. */
  cwd: z.string().default('.'),
  /** The nim binary as written, e.g. `nim` or `${upstream-nim-codetracer.out}/bin/nim`. Default: `nim`. */
  nim: z.string().min(1).default('nim'),
  /** Every word after the binary, after the host's quote removal, in order; host variables as `${name}`. */
  argv: z.array(z.string()).min(2),
  /** The artefact path, exactly as the `--out:` word of `argv` gives it. */
  output: z.string().min(1),
  /** The ct-gen target that builds the same artefact. */
  target: z.string().min(1),
});

/** A nim invocation of the legacy build that cannot build anything, so no surface replaces it. */
export const DeadInvocationSchema = z.strictObject({
  /** `<surface>:<artefact>`, like a live invocation's. */
  id: z.string().regex(/^[a-z][a-z-]*:[A-Za-z0-9._-]+$/, 'must look like surface:artefact'),
  /** Which build surface holds it. */
  surface: SurfaceKindSchema,
  /** File in Codetracer's repository at the baseline commit. */
  file: z.string().min(1),
  /** 1-based line where the nim command starts. */
  line: z.number().int().positive(),
  /** The main module it names. */
  source: z.string().min(1),
  /** Why it cannot build (e.g. the source does not exist at the baseline commit). */
  reason: z.string().min(10, 'must say why (at least a sentence)'),
});

export const LegacySchema = z.strictObject({
  /** The Codetracer commit the baseline was read from. Default: none (a model without a baseline). */
  commit: z.string().regex(/^[0-9a-f]{7,40}$/, 'must be a git commit id').optional(),
  /** Every nim invocation of the legacy build that compiles Codetracer code. Default: none. */
  invocations: z.array(LegacyInvocationSchema).default([]),
  /** Invocations that cannot build (parity lists them as `dead`). Default: none. */
  dead: z.array(DeadInvocationSchema).default([]),
});

export type SurfaceKind = string;
export type DeadInvocation = z.infer<typeof DeadInvocationSchema>;
export type LegacyInvocation = z.infer<typeof LegacyInvocationSchema>;
export type Legacy = z.infer<typeof LegacySchema>;
