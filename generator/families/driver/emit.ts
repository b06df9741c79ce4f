import { posix } from 'node:path';
import { render } from '../../render.js';
import { bundleArray, nimCommand, targetArray } from '../../resolve/argv.js';
import { planKey, type ResolvedModel } from '../../resolve/view.js';
import type { EmittedFile } from '../../types.js';
import { rootFromFile } from '../../host-words.js';

/** The build driver and its flag bundles: the only generated file that runs nim. */
export function emitDriver(view: ResolvedModel): EmittedFile[] {
  const { layout } = view;
  const context = {
    rootFromDriver: rootFromFile(layout.driver),
    driverName: posix.basename(layout.driver),
    flagsFromDriver: posix.relative(posix.dirname(layout.driver), layout.flags),
    defaultProfile: view.defaultProfile,
    profileNames: view.profiles.map((p) => p.name),
    profiles: view.profiles,
    platformNames: view.platforms.map((p) => p.name),
    platforms: view.platforms,
    bundles: view.bundles.map((b) => ({ ...b, array: bundleArray(layout, b.name), platformList: (b.platforms ?? []).join(' ') })),
    targets: view.targets.map((t) => ({
      ...t,
      array: targetArray(layout, t.name),
      command: nimCommand(t),
      native: t.kind === 'nim-c',
      fixedNimcache: t.nimcache.policy === 'fixed' ? t.nimcache.path : '',
      // ` debug=… release=… `: read with the profile's name (profile names are plain words).
      digests: ` ${view.profiles.map((p) => `${p.name}=${t.digests[p.name]}`).join(' ')} `,
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
    { path: layout.driver, format: 'sh', content: render('driver/driver.sh.hbs', context), mode: 0o755 },
    { path: layout.flags, format: 'sh', content: render('driver/flags.env.hbs', context) },
  ];
}

