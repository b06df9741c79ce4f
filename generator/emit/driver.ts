import { posix } from 'node:path';
import { DRIVER_PATH, FLAGS_ENV_PATH } from '../driver-paths.js';
import { render } from '../render.js';
import { bundleArray, nimCommand, targetArray } from '../resolve/argv.js';
import { planKey, type ResolvedModel } from '../resolve/view.js';
import type { GeneratedFile } from '../types.js';

export { DRIVER_PATH, FLAGS_ENV_PATH };

/** The build driver and its flag bundles: the only generated file that runs nim. */
export function emitDriver(view: ResolvedModel): GeneratedFile[] {
  const { model } = view;
  const context = {
    rootFromDriver: DRIVER_PATH.split('/').slice(0, -1).map(() => '..').join('/'),
    flagsFromDriver: posix.relative(posix.dirname(DRIVER_PATH), FLAGS_ENV_PATH),
    defaultProfile: view.defaultProfile,
    profileNames: view.profiles.map((p) => p.name),
    profiles: view.profiles,
    platformNames: view.platforms.map((p) => p.name),
    platforms: view.platforms,
    bundles: model.bundles.map((b) => ({ ...b, array: bundleArray(b.name), platformList: (b.platforms ?? []).join(' ') })),
    targets: view.targets.map((t) => ({
      ...t,
      array: targetArray(t.name),
      command: nimCommand(t),
      native: t.kind === 'nim-c',
      fixedNimcache: t.nimcache.policy === 'fixed' ? t.nimcache.path : '',
    })),
    plans: view.targets.flatMap((t) =>
      view.profiles.flatMap((p) =>
        view.platforms.map((pl) => ({
          key: `${t.name}/${planKey(p.name, pl.name)}`,
          segments: t.plans[planKey(p.name, pl.name)]!.map((s) => `${s.array}=${s.bundle ?? ''}`),
        })),
      ),
    ),
  };
  return [
    { path: DRIVER_PATH, content: render('driver/build_codetracer.sh.hbs', context), mode: 0o755 },
    { path: FLAGS_ENV_PATH, content: render('driver/codetracer_flags.env.hbs', context) },
  ];
}
