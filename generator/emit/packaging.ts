import { posix } from 'node:path';
import type { Platform, SurfaceKind } from '../../model/schema/index.js';
import { render } from '../render.js';
import { outputPath, pickPlatform } from '../resolve/argv.js';
import { driverOptions } from '../resolve/surface-call.js';
import type { ResolvedModel } from '../resolve/view.js';
import type { GeneratedFile } from '../types.js';
import { DRIVER_PATH } from '../driver-paths.js';
import { placeholders } from './host-words.js';
import { callValues, origin, rootFromScript, sharedNim, unitsOf, type SurfaceCall } from './surface-units.js';

export const packagingPath = (platform: string) => `packaging/${platform}/build_nim_artefacts.sh`;

const RPATH_COMMAND: Record<Platform['rpathTool'], string[]> = { install_name_tool: ['install_name_tool', '-add_rpath'], patchelf: ['patchelf', '--add-rpath'] };

/** A driver call and what follows it: run paths and signature from the platform, then the copies. */
function step(platform: Platform, surfaceCall: SurfaceCall, view: ResolvedModel) {
  const { call } = surfaceCall;
  const target = view.targets.find((t) => t.name === call.target)!;
  const binary = platform.binaries.find((b) => b.target === call.target);
  return {
    origin: origin(surfaceCall),
    options: driverOptions(call),
    artefact: outputPath(target, call.output === undefined ? {} : { output: call.output }, pickPlatform(view.model, call.platform)),
    rpaths: binary?.rpaths ?? [],
    codesign: binary !== undefined && platform.codesign,
    copies: call.alsoCopyTo,
  };
}

/**
 * One script per packaging platform with surface calls: every nim artefact the package ships,
 * built by the driver, each followed by its post-build steps. Nothing here compiles a second time.
 */
export function emitPackaging(view: ResolvedModel): GeneratedFile[] {
  return view.model.packaging.platforms.flatMap((platform) => {
    // Validation admits only platforms that are packaging surfaces (macos, appimage).
    const units = unitsOf(view.model, platform.name as SurfaceKind);
    if (units.length === 0) return [];
    const path = packagingPath(platform.name);
    // The shell sets PWD itself: the script reads it after its cd to the repository root.
    const env = [...new Set(units.flatMap((u) => u.calls.flatMap((c) => callValues(c.call).flatMap(placeholders))))].filter((name) => name !== 'PWD');
    const sections = units.map((unit) => {
      const nim = sharedNim(unit);
      return { name: unit.name, nim: nim === 'nim' ? '' : nim, steps: unit.calls.map((c) => step(platform, c, view)) };
    });
    const context = {
      description: platform.description,
      script: posix.basename(path),
      sectionList: sections.map((s) => s.name).join(' '),
      rootFromScript: rootFromScript(path),
      driver: DRIVER_PATH,
      rpathCommand: RPATH_COMMAND[platform.rpathTool],
      env,
      sections,
    };
    return [{ path, content: render('packaging/build_nim_artefacts.sh.hbs', context), mode: 0o755 }];
  });
}
