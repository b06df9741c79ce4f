import { z } from 'zod';
import { DeclaredChangeSchema, NameSchema, NimSwitchSchema } from './flags.js';
import { fitsOnDisk, TUP_PATH, TUP_PATH_CHARACTERS } from './names.js';

export const TargetKindSchema = z.enum(['nim-c', 'nim-js']);

export const NimcacheSchema = z.discriminatedUnion('policy', [
  /** nim picks its own nimcache (no `--nimcache` switch). */
  z.strictObject({ policy: z.literal('nim-default') }),
  /** Always this directory (absolute). */
  z.strictObject({
    policy: z.literal('fixed'),
    /** The nimcache directory; `{profile}` stands for the profile being built. */
    path: fitsOnDisk(z.string().regex(/^\//, 'must be an absolute path')) }),
]);

export const TargetSchema = z.strictObject({
  /** The driver's `--target` value: `ct`, `js-index`. */
  name: z.string().regex(/^[a-z][a-z0-9-]*(:[a-z][a-z0-9-]*)?$/, 'must be lower-case letters, digits and dashes, optionally prefixed like js:index'),
  /** What the artefact is, shown by `ct-gen list`. */
  description: z.string().min(1),
  /** `nim-c` compiles with `nim c`, `nim-js` with `nim js`. */
  kind: TargetKindSchema,
  /** Entry module, relative to the repository root; must lie under `src/` and end with `.nim`. Tup rules read it as an input, so it is a Tup path. */
  source: fitsOnDisk(z.string())
    .regex(/\.nim$/, 'must end with .nim')
    .regex(TUP_PATH, `must hold only ${TUP_PATH_CHARACTERS} (Tup reads it as an input path)`),
  /** File name of the artefact when no `--output` is given: `ct`, `index.js`. */
  output: fitsOnDisk(z.string().regex(/^[A-Za-z0-9._-]+$/, 'must be a plain file name')),
  /** Bundles applied after the profile's, in this order. Default: none. */
  bundles: z.array(NameSchema).default([]),
  /** Switches of this target alone, after its bundles. Default: none. */
  args: z.array(NimSwitchSchema).default([]),
  /** Default: nim's own nimcache. */
  nimcache: NimcacheSchema.default({ policy: 'nim-default' }),
  /**
   * Files nim writes beside the artefact, as patterns over the output path:
   * `{out}` the output path, `{dir}` its directory, `{stem}` its file name without extension.
   * Default: none.
   */
  extraOutputs: z
    .array(
      fitsOnDisk(z.string())
        .regex(/\{(out|dir|stem)\}/, 'must use {out}, {dir} or {stem}')
        .regex(/^(?:[A-Za-z0-9._+\/-]|\{(?:out|dir|stem)\})+$/, `must hold only ${TUP_PATH_CHARACTERS} besides {out}, {dir} and {stem} (Tup writes them after | in the rule)`)
        .refine((p) => !p.startsWith('/'), 'must be relative (to the working directory, or through {out} or {dir})'),
    )
    .default([]),
  /**
   * Deliberate differences from the legacy build that every parity row building this target
   * inherits (its Tup compiles and its surface calls). Each must occur on at least one of those
   * rows. Default: none.
   */
  declaredChanges: z.array(DeclaredChangeSchema).optional(),
});

export type Target = z.infer<typeof TargetSchema>;
