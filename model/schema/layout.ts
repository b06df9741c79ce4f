import { z } from 'zod';
import { fitsOnDisk, pathLengthProblem } from './names.js';

/** A file or folder of the checkout that ct-gen writes: plain path segments, no `.` or `..`, short enough for a disk. */
const OutputPath = fitsOnDisk(
  z
    .string()
    .regex(/^[A-Za-z0-9._-]+(\/[A-Za-z0-9._-]+)*$/, 'must be a relative path of letters, digits and _ . - separated by /')
    .refine((path) => path.split('/').every((part) => part !== '.' && part !== '..'), 'must stay inside the checkout (no . or .. segment)')
    // Generated commands name these paths as words: a leading - would read as an option.
    .refine((path) => path.split('/').every((part) => !part.startsWith('-')), 'must have no path component starting with -'),
);

/** The prefix of generated shell array names: upper-case letters, digits and `_`, ending in `_`. */
const ArrayPrefix = z.string().regex(/^[A-Z][A-Z0-9_]*_$/, 'must be an upper-case shell identifier prefix ending in _');

/**
 * Where each output family writes in the checkout, and the host conventions generated files
 * follow. Every path is relative to the checkout root; ct-gen itself names none of them.
 */
export const LayoutSchema = z.strictObject({
  /**
   * The build driver, the only generated file that runs nim, e.g. `tools/build/build_codetracer.sh`.
   * In a folder: generated commands run it by its path, and a word without a / would be looked up on PATH.
   */
  driver: OutputPath.refine((path) => path.includes('/'), 'must lie in a folder of the checkout (a command without / is looked up on PATH)'),
  /** The flag bundles the driver sources. */
  flags: OutputPath,
  /** Prefix of the shell arrays holding a bundle's switches in the flags file, e.g. `CT_BUNDLE_`. */
  bundleArrayPrefix: ArrayPrefix,
  /** Prefix of the shell arrays holding a target's own switches, e.g. `CT_TARGET_`. */
  targetArrayPrefix: ArrayPrefix,
  /** The Nim module of switches reprobuild imports. */
  reproModule: OutputPath.refine((path) => /^[a-z][a-z0-9_]*\.nim$/.test(path.split('/').pop()!), 'must end in a Nim module name (lower-case letters, digits, _) with .nim'),
  /** The script that replaces the extension build's nim commands. */
  extension: OutputPath,
  /** The just module of driver recipes the main justfile imports. */
  just: OutputPath,
  /** The just module of recipes that run Tup from the staged tree. */
  tupJust: OutputPath,
  /** The Nix build phases, a function of the packages they interpolate. */
  nixPhases: OutputPath,
  /** The Nix dev-shell hook. */
  nixShell: OutputPath,
  /** The attribute set the flake's own packages come from in `perSystem`, e.g. `self'.packages`. */
  nixFlakePackages: z.string().regex(/^[A-Za-z_][A-Za-z0-9_']*(\.[A-Za-z_][A-Za-z0-9_'-]*)*$/, 'must be a Nix attribute path'),
  /** The GitHub Actions workflow running `ct-gen check` and `ct-gen lint`. */
  ci: OutputPath,
  /** One packaging script per packaging platform: `{platform}` stands for the platform's name. */
  packaging: z
    .string()
    .refine((path) => path.includes('{platform}'), 'must contain {platform}')
    .refine((path) => OutputPath.safeParse(path.replaceAll('{platform}', 'platform')).success, 'must be a relative path inside the checkout once {platform} is replaced')
    // A platform name adds at most a few bytes; leave room for it.
    .refine((path) => pathLengthProblem(path.replaceAll('{platform}', 'python-wheel')) === undefined, { error: (issue) => pathLengthProblem((issue.input as string).replaceAll('{platform}', 'python-wheel')) }),
  /** The JSON Schema of a JSON model. */
  modelSchema: OutputPath,
  /** The folder of the JSON Schemas of the NixOS status documents. */
  statusSchemas: OutputPath,
  /** The folder of the NixOS status commands. */
  nixosCommands: OutputPath,
  /** The shell library the NixOS status commands source. */
  nixosLibrary: OutputPath,
  /** The NixOS module installing the status commands. */
  nixosModule: OutputPath,
});

export type Layout = z.infer<typeof LayoutSchema>;

/** A packaging script's path for one platform. */
export const packagingScript = (layout: Pick<Layout, 'packaging'>, platform: string): string => layout.packaging.replaceAll('{platform}', platform);
