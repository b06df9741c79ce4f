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

/**
 * A setting in which the driver's call deliberately differs from the legacy invocation it
 * replaces. Declared on a surface call it covers that call's row; on a bundle, profile or target,
 * every parity row whose current argv includes that bundle, profile or target.
 */
export const DeclaredChangeSchema = z
  .strictObject({
    /**
     * The setting that deliberately differs from the legacy invocation, named as parity prints it
     * (parity prints the exact declaration for each undeclared difference):
     * `-d:withTup`, `--hints`, `--hint[Processing]`, `--passL`, `nim`, `command`, `source`, `--nimcache`.
     */
    setting: z.string().min(1),
    /**
     * The legacy side exactly as parity prints it: `--hints:on`, `-d:libcPath=libc`, `--passL:a --passL:b`,
     * or the bare value for `nim`, `command`, `source`, `args`. Default: none, the setting is added.
     */
    from: z.string().min(1).optional(),
    /** The new side, printed the same way. Default: none, the setting is removed. */
    to: z.string().min(1).optional(),
    /** Why the consolidated build differs here. */
    reason: z.string().min(10, 'must say why (at least a sentence)'),
  })
  .refine((c) => c.from !== undefined || c.to !== undefined, { message: 'must give the value it changes from, to, or both', path: ['to'] });

export const FlagBundleSchema = z.strictObject({
  /** Referenced by profiles, targets and surfaces; becomes `CT_BUNDLE_<NAME>` in codetracer_flags.env. */
  name: NameSchema,
  /** Why these switches travel together. */
  description: z.string().min(1),
  /** The switches, in the order nim receives them. */
  args: z.array(NimSwitchSchema).min(1),
  /** The platforms this bundle applies on; elsewhere profiles and targets that name it skip it. Default: every platform. */
  platforms: z.array(NameSchema).optional(),
  /**
   * Deliberate differences from the legacy build that every parity row applying this bundle
   * inherits (a Tup variant's compile or a surface call, unless the call leaves the bundle out or
   * the bundle does not apply on its platform). Each must occur on at least one of those rows.
   * Default: none.
   */
  declaredChanges: z.array(DeclaredChangeSchema).optional(),
});

export const ProfileSchema = z.strictObject({
  /** `debug` or `release`; the driver's `--profile` value. */
  name: NameSchema,
  /** What the profile is for, shown in the driver's help. */
  description: z.string().min(1),
  /** Bundles applied first, before the target's own, in this order. */
  bundles: z.array(NameSchema),
  /**
   * Deliberate differences from the legacy build that every parity row built with this profile
   * inherits (the Tup variants of the profile, the surface calls naming it). Each must occur on at
   * least one of those rows. Default: none.
   */
  declaredChanges: z.array(DeclaredChangeSchema).optional(),
});

export type DeclaredChange = z.infer<typeof DeclaredChangeSchema>;
export type FlagBundle = z.infer<typeof FlagBundleSchema>;
export type Profile = z.infer<typeof ProfileSchema>;
