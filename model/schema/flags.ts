import { z } from 'zod';

/** A name that can stand in a shell variable and a CLI argument: `common`, `js-renderer`. */
export const NameSchema = z
  .string()
  .regex(/^[a-z][a-z0-9-]*$/, 'must be lower-case letters, digits and dashes, starting with a letter');

/**
 * One nim command-line switch exactly as nim receives it, e.g. `-d:ssl`, `--gc:refc`,
 * `--hint[Processing]:off`. `--out`, `--nimcache` and the subcommand are not switches
 * here: the resolver adds them.
 */
export const NimSwitchSchema = z
  .string()
  .regex(/^--?[A-Za-z]/, 'must be a nim switch starting with - or --')
  .refine((s) => !/^--?(out|o|nimcache)[:=]/i.test(s), 'must not set --out or --nimcache (the resolver adds them)');

export const FlagBundleSchema = z.strictObject({
  /** Referenced by profiles, targets and surfaces; becomes `CT_BUNDLE_<NAME>` in codetracer_flags.env. */
  name: NameSchema,
  /** Why these switches travel together. */
  description: z.string().min(1),
  /** The switches, in the order nim receives them. */
  args: z.array(NimSwitchSchema).min(1),
});

export const ProfileSchema = z.strictObject({
  /** `debug` or `release`; the driver's `--profile` value. */
  name: NameSchema,
  /** What the profile is for, shown in the driver's help. */
  description: z.string().min(1),
  /** Bundles applied first, before the target's own, in this order. */
  bundles: z.array(NameSchema),
  /** The Tup variant this profile builds in. Default: none (the profile is for surfaces outside Tup). */
  tup: z
    .strictObject({
      /** Variant directory under `src/`, e.g. `build-debug`. */
      variantDir: z.string().regex(/^build-[a-z0-9-]+$/, 'must look like build-<name>'),
      /**
       * tup.config entries without the `CONFIG_` prefix. `PROFILE` is added by the resolver
       * and must not be given here. Default: none.
       */
      config: z
        .record(
          z.string().regex(/^[A-Z][A-Z0-9_]*$/, 'must be an upper-case config name'),
          z.string().regex(/^[^\n\r]*$/, 'must be a single line'),
        )
        .default({}),
    })
    .optional(),
});

export type FlagBundle = z.infer<typeof FlagBundleSchema>;
export type Profile = z.infer<typeof ProfileSchema>;
