import { z } from 'zod';
import { NameSchema, NimSwitchSchema } from './flags.js';

export const DeclaredChangeSchema = z
  .strictObject({
    /**
     * The setting that deliberately differs from the legacy invocation, named as parity prints it:
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

export const SurfaceInvocationSchema = z.strictObject({
  /** Id of the legacy invocation this call replaces, e.g. `nix:ct`. */
  legacy: z.string().min(1),
  /** Other legacy invocations the same call replaces: the same command written twice upstream. Default: none. */
  alsoReplaces: z.array(z.string().min(1)).default([]),
  /**
   * The host unit holding the call: a just recipe (`build-ui-js`), a Nix derivation attribute
   * (`indexJavascript`), a script section (`binaries`), or the Tupfile.
   */
  unit: z.string().regex(/^[A-Za-z][A-Za-z0-9_./-]*$/, 'must be a recipe, attribute, section or file name'),
  /** The driver's `--target`. */
  target: z.string().min(1),
  /** The driver's `--profile`. */
  profile: z.string().min(1),
  /** The driver's `--platform`: what the surface builds for. Default: the host's (the driver asks `uname -s`). */
  platform: NameSchema.optional(),
  /** The nim binary the driver runs (`NIM`), placeholders allowed. Default: `nim` on PATH. */
  nim: z.string().min(1).default('nim'),
  /** `--bundle B`, after the target's switches, in order. Default: none. */
  bundles: z.array(NameSchema).default([]),
  /** `--without-bundle B`: profile or target bundles this surface leaves out. Default: none. */
  withoutBundles: z.array(NameSchema).default([]),
  /** `--extra-define D` (no `-d:`), placeholders allowed. Default: none. */
  defines: z.array(z.string().regex(/^[A-Za-z_][A-Za-z0-9_]*(=.*)?$/s, 'must be NAME or NAME=VALUE')).default([]),
  /** `--extra-flag F`, after the defines, e.g. `--passL:…`; the later switch wins. Default: none. */
  flags: z.array(NimSwitchSchema).default([]),
  /** `--output PATH`, placeholders allowed. Default: the target's file name in the working directory. */
  output: z.string().min(1).optional(),
  /** `--nimcache DIR`. Default: the target's nimcache policy. */
  nimcache: z.string().min(1).optional(),
  /** Paths the artefact is copied to after the build (the legacy packaging `cp` lines). Default: none. */
  alsoCopyTo: z.array(z.string().min(1)).default([]),
  /** Settings in which this call deliberately differs from its legacy invocation. Default: none. */
  declaredChanges: z.array(DeclaredChangeSchema).default([]),
});

export const CiSchema = z.strictObject({
  /** Where ct-gen is installed in the Codetracer checkout (`npm install` runs there). Default: `tools/ct-gen`. */
  ctGenDir: z.string().regex(/^[A-Za-z0-9._-]+(\/[A-Za-z0-9._-]+)*$/, 'must be a relative path').default('tools/ct-gen'),
  /** Node.js major version of the workflow. Default: `20`. */
  nodeVersion: z.string().regex(/^\d+$/, 'must be a major version').default('20'),
});

export const SurfacesSchema = z.strictObject({
  /** One driver call per legacy invocation. Default: none. */
  invocations: z.array(SurfaceInvocationSchema).default([]),
  /** The GitHub Actions workflow that runs `ct-gen check` and `ct-gen lint`. Default: ct-gen in `tools/ct-gen`, Node 20. */
  ci: CiSchema.default({ ctGenDir: 'tools/ct-gen', nodeVersion: '20' }),
});

export type DeclaredChange = z.infer<typeof DeclaredChangeSchema>;
export type SurfaceInvocation = z.infer<typeof SurfaceInvocationSchema>;
export type SurfaceInvocationInput = z.input<typeof SurfaceInvocationSchema>;
export type Surfaces = z.infer<typeof SurfacesSchema>;
