import { posix } from 'node:path';
import type { BaselineInvocation } from '../../model/schema/baseline.js';
import { normalise, repoPath } from '../parity/normalise.js';
import { type Scratch, tupGenerate } from './tup-generate.js';
import { scriptCompiles } from './tup-script.js';
import { findRule } from './tupfile-rules.js';

/** One Tup variant to record: what `tup build-<name>` would build. */
export interface BaselineVariant {
  name: string;
  /** Variant directory under `src/`, e.g. `build-debug`. */
  dir: string;
  profile: string;
  /** The model's platform name (`windows`), for variants that build for another platform. */
  platform?: string;
  /** Every tup.config line, e.g. `['CONFIG_DEBUG', '1']`, `['CONFIG_TUP_PLATFORM', 'win32']`. */
  config: [string, string][];
}

export interface TupContext {
  scratch: Scratch;
  /** Reads a checkout file by checkout-relative path. */
  read: (path: string) => string | undefined;
  note: (message: string) => void;
}

/** Tup's name for the platform it runs on, which `@(TUP_PLATFORM)` reads unless tup.config sets it. */
const HOST_PLATFORM: Partial<Record<NodeJS.Platform, string>> = { linux: 'linux', darwin: 'macosx', win32: 'win32', freebsd: 'freebsd' };

/**
 * The nim compiles of one variant, in script order. `cwd` is where `tup build-<variant>` runs
 * the command: `src/<variantDir>/<dir>`, one level below the directory of its Tupfile's mirror.
 */
export function recordVariant(variant: BaselineVariant, context: TupContext): BaselineInvocation[] {
  const { script, created } = tupGenerate(context.scratch, variant.dir, variant.config);
  for (const dir of created) context.note(`created ${dir} in the scratch copy for ${variant.name}: a Tupfile globs over it and only the build makes it`);
  const config = new Map(variant.config.map(([k, v]) => [k.replace(/^CONFIG_/, ''), v]));
  if (!config.has('TUP_PLATFORM') && HOST_PLATFORM[process.platform]) config.set('TUP_PLATFORM', HOST_PLATFORM[process.platform]!);
  const variantRoot = posix.join('src', variant.dir);
  return scriptCompiles(script).map((compile) => {
    const { source, out } = normalise(compile.nim, compile.argv);
    const tupfile = posix.join('src', compile.dir, 'Tupfile');
    const rule = findRule(context.read, tupfile, { source, output: out, config });
    if (!rule) context.note(`${tupfile}: no rule names ${posix.basename(source)} (compiled for ${variant.name}); recorded at line 1`);
    const artefact = repoPath(out ?? source, { cwd: compile.dir });
    return {
      id: `tup/${variant.name}/${artefact}`,
      surface: 'tup' as const,
      variant: variant.name,
      profile: variant.profile,
      ...(variant.platform !== undefined && { platform: variant.platform }),
      file: rule?.file ?? tupfile,
      line: rule?.line ?? 1,
      ...(rule?.macro !== undefined && { rule: rule.macro }),
      cwd: posix.join(variantRoot, compile.dir),
      nim: compile.nim,
      argv: compile.argv,
      ...(out !== undefined && { output: out }),
    };
  });
}
