import { z } from 'zod';
import { DeclaredChangeSchema, NameSchema, NimSwitchSchema } from './flags.js';
import { SurfaceKindSchema } from './legacy.js';
import { DEFINE_PATTERN, fitsOnDisk } from './names.js';

/** The driver takes a value that starts with - for an option (only --extra-flag takes switches). */
const notAnOption = (value: string) => !value.startsWith('-');
const NOT_AN_OPTION = 'must not start with - (the driver would take it for an option)';

export const SurfaceInvocationSchema = z.strictObject({
  /**
   * Id of the legacy invocation this call replaces, e.g. `nix:ct`. Default: none, the call builds
   * a new artefact (parity lists it as `new`) and must name its `surface`.
   */
  legacy: z.string().min(1).optional(),
  /**
   * The build surface whose generated files hold the call: `just`, `extension`, `macos`,
   * `appimage`, `python-wheel`, `nix` or `repro` (Tup's rules come from `tup.nodes`). Default: the
   * surface of the legacy invocation it replaces; required for a call without `legacy`.
   */
  surface: SurfaceKindSchema.optional(),
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
  nim: fitsOnDisk(z.string().min(1)).refine(notAnOption, NOT_AN_OPTION).default('nim'),
  /** `--bundle B`, after the target's switches, in order. Default: none. */
  bundles: z.array(NameSchema).default([]),
  /** `--without-bundle B`: profile or target bundles this surface leaves out. Default: none. */
  withoutBundles: z.array(NameSchema).default([]),
  /** `--extra-define D` (no `-d:`), placeholders allowed. Default: none. */
  defines: z.array(z.string().regex(DEFINE_PATTERN, 'must be NAME or NAME=VALUE')).default([]),
  /** `--extra-flag F`, after the defines, e.g. `--passL:…`; the later switch wins. Default: none. */
  flags: z.array(NimSwitchSchema).default([]),
  /** `--output PATH`, placeholders allowed. Default: the target's file name in the working directory. */
  output: fitsOnDisk(z.string().min(1)).refine(notAnOption, NOT_AN_OPTION).optional(),
  /** `--nimcache DIR`. Default: the target's nimcache policy. */
  nimcache: fitsOnDisk(z.string().min(1)).refine(notAnOption, NOT_AN_OPTION).optional(),
  /** Paths the artefact is copied to after the build (the legacy packaging `cp` lines). Default: none. */
  alsoCopyTo: z.array(fitsOnDisk(z.string().min(1))).default([]),
  /**
   * Settings in which this call deliberately differs from its legacy invocation; each must occur on
   * its row. Declarations on the call's bundles, profile and target apply too. Default: none.
   */
  declaredChanges: z.array(DeclaredChangeSchema).default([]),
});

export const CiSchema = z.strictObject({
  /** Where ct-gen is installed in the Codetracer checkout (`npm install` runs there). Default: `tools/ct-gen`. */
  ctGenDir: fitsOnDisk(z.string())
    .regex(/^[A-Za-z0-9._-]+(\/[A-Za-z0-9._-]+)*$/, 'must be a relative path')
    .refine((dir) => dir.split('/').every((part) => part !== '.' && part !== '..'), 'must stay inside the checkout (no . or .. segment)')
    .default('tools/ct-gen'),
  /** Node.js major version of the workflow. Default: `20`. */
  nodeVersion: z.string().regex(/^\d+$/, 'must be a major version').default('20'),
});

export const SurfacesSchema = z.strictObject({
  /** One driver call per legacy invocation, and calls that build new artefacts. Default: none. */
  invocations: z.array(SurfaceInvocationSchema).default([]),
  /** The GitHub Actions workflow that runs `ct-gen check` and `ct-gen lint`. Default: ct-gen in `tools/ct-gen`, Node 20. */
  ci: CiSchema.default({ ctGenDir: 'tools/ct-gen', nodeVersion: '20' }),
});

export type SurfaceInvocation = z.infer<typeof SurfaceInvocationSchema>;
export type SurfaceInvocationInput = z.input<typeof SurfaceInvocationSchema>;
export type Surfaces = z.infer<typeof SurfacesSchema>;
