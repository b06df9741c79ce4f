import type { Model, SurfaceInvocation, SurfaceKind } from '../../model/schema/index.js';
import { resolveArgv, type Arg, type Extras } from './argv.js';

/** The driver options a surface call passes, as option/value pairs in the order the driver applies them. */
export function driverOptions(call: SurfaceInvocation): [string, string][] {
  return [
    ['--target', call.target],
    ['--profile', call.profile],
    ...(call.platform === undefined ? [] : [['--platform', call.platform] as [string, string]]),
    ...call.withoutBundles.map((b): [string, string] => ['--without-bundle', b]),
    ...call.bundles.map((b): [string, string] => ['--bundle', b]),
    ...call.defines.map((d): [string, string] => ['--extra-define', d]),
    ...call.flags.map((f): [string, string] => ['--extra-flag', f]),
    ...(call.nimcache === undefined ? [] : [['--nimcache', call.nimcache] as [string, string]]),
    ...(call.output === undefined ? [] : [['--output', call.output] as [string, string]]),
  ];
}

/** The resolver's extras for the same call: what the driver receives through `driverOptions`. */
export function surfaceExtras(call: SurfaceInvocation, sourceRoot = '.'): Extras {
  return {
    addBundles: call.bundles,
    removeBundles: call.withoutBundles,
    defines: call.defines,
    flags: call.flags,
    ...(call.output === undefined ? {} : { output: call.output }),
    ...(call.nimcache === undefined ? {} : { nimcache: call.nimcache }),
    sourceRoot,
    ...(call.platform === undefined ? {} : { platform: call.platform }),
  };
}

/** The nim argv the driver runs for a surface call (placeholders unexpanded). */
export function surfaceArgv(model: Model, call: SurfaceInvocation, sourceRoot = '.'): Arg[] {
  return resolveArgv(model, call.target, call.profile, surfaceExtras(call, sourceRoot));
}

/** The surface whose files hold a call: its legacy invocation's, or the one a new call names (validation guarantees one). */
export function surfaceOf(model: Model, call: SurfaceInvocation): SurfaceKind | undefined {
  if (call.legacy === undefined) return call.surface;
  return model.legacy.invocations.find((l) => l.id === call.legacy)?.surface;
}
