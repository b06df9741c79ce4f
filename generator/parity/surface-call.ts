import type { Model, SurfaceInvocation } from '../../model/schema/index.js';
import { resolveArgv, type Arg, type Extras } from '../resolve/argv.js';

/** The driver options a surface call passes, in the order the driver applies them. */
export function driverOptions(call: SurfaceInvocation): string[] {
  return [
    '--target', call.target,
    '--profile', call.profile,
    ...call.withoutBundles.flatMap((b) => ['--without-bundle', b]),
    ...call.bundles.flatMap((b) => ['--bundle', b]),
    ...call.defines.flatMap((d) => ['--extra-define', d]),
    ...call.flags.flatMap((f) => ['--extra-flag', f]),
    ...(call.nimcache === undefined ? [] : ['--nimcache', call.nimcache]),
    ...(call.output === undefined ? [] : ['--output', call.output]),
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
  };
}

/** The nim argv the driver runs for a surface call (placeholders unexpanded). */
export function surfaceArgv(model: Model, call: SurfaceInvocation, sourceRoot = '.'): Arg[] {
  return resolveArgv(model, call.target, call.profile, surfaceExtras(call, sourceRoot));
}
