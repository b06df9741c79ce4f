import { z } from 'zod';

/** A name that can stand in a shell variable and a CLI argument: `common`, `js-renderer`. */
export const NameSchema = z
  .string()
  .regex(/^[a-z][a-z0-9-]*$/, 'must be lower-case letters, digits and dashes, starting with a letter');

/** How nim names a switch: case and `_` ignored (`--ou_t:x` is `--out:x`), one or two dashes before it. */
export const nimSwitchName = (flag: string): string => flag.replace(/^--?/, '').split(/[:=[]/, 1)[0]!.toLowerCase().replace(/_/g, '');

/** Switches the driver sets itself (`--output`, `--output-dir`, `--nimcache`): `--out`, `-o`, `--outdir`, `--nimcache` in any spelling nim accepts. */
export const isDriverSwitch = (flag: string): boolean => /^--?[^:=]+[:=]/.test(flag) && ['out', 'o', 'outdir', 'nimcache'].includes(nimSwitchName(flag));

/**
 * One nim command-line switch exactly as nim receives it, e.g. `-d:ssl`, `--mm:refc`,
 * `--hint[Processing]:off`. `{root}` stands for the checkout's root directory (the driver
 * substitutes its absolute path): `--path:{root}/libs/chronos`. `--out`, `--nimcache` and the
 * subcommand are not switches here: the resolver adds them.
 */
export const NimSwitchSchema = z
  .string()
  .regex(/^--?[A-Za-z]/, 'must be a nim switch starting with - or --')
  .refine((s) => !isDriverSwitch(s), 'must not set --out, --outdir or --nimcache, in any spelling nim accepts (the resolver adds them)');

export const FlagBundleSchema = z.strictObject({
  /** Referenced by profiles, targets and surfaces; becomes `CT_BUNDLE_<NAME>` in codetracer_flags.env. */
  name: NameSchema,
  /** Why these switches travel together. */
  description: z.string().min(1),
  /** The switches, in the order nim receives them. */
  args: z.array(NimSwitchSchema).min(1),
  /** The platforms this bundle applies on; elsewhere profiles and targets that name it skip it. Default: every platform. */
  platforms: z.array(NameSchema).optional(),
});

export const ProfileSchema = z.strictObject({
  /** `debug` or `release`; the driver's `--profile` value. */
  name: NameSchema,
  /** What the profile is for, shown in the driver's help. */
  description: z.string().min(1),
  /** Bundles applied first, before the target's own, in this order. */
  bundles: z.array(NameSchema),
});

export type FlagBundle = z.infer<typeof FlagBundleSchema>;
export type Profile = z.infer<typeof ProfileSchema>;
