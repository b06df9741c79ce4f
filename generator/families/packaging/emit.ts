import { posix } from 'node:path';
import { packagingScript, type Platform } from '../../../model/schema/index.js';
import { placeholders, rootFromFile } from '../../host-words.js';
import { render } from '../../render.js';
import { origin, type SurfaceCall } from '../../resolve/surfaces.js';
import type { ResolvedModel } from '../../resolve/view.js';
import type { EmittedFile } from '../../types.js';

const RPATH_COMMAND: Record<Platform['rpathTool'], string[]> = { install_name_tool: ['install_name_tool', '-add_rpath'], patchelf: ['patchelf', '--add-rpath'] };

/** A driver call and what follows it: run paths and signature from the platform, then the copies. */
function step(platform: Platform, surfaceCall: SurfaceCall) {
  const { call } = surfaceCall;
  const binary = platform.binaries.find((b) => b.target === call.target);
  return {
    origin: origin(surfaceCall),
    options: surfaceCall.options,
    artefact: surfaceCall.artefact,
    rpaths: binary?.rpaths ?? [],
    codesign: binary !== undefined && platform.codesign,
    copies: call.alsoCopyTo,
  };
}

/**
 * One script per packaging platform with surface calls: every nim artefact the package ships,
 * built by the driver, each followed by its post-build steps. Nothing here compiles a second time.
 */
export function emitPackaging(view: ResolvedModel): EmittedFile[] {
  const { layout } = view;
  return view.packaging.flatMap((platform) => {
    // Validation admits only platforms that are packaging surfaces.
    const units = view.surfaces[platform.name] ?? [];
    if (units.length === 0) return [];
    const path = packagingScript(layout, platform.name);
    // The shell sets PWD itself: the script reads it after its cd to the repository root.
    const env = [...new Set(units.flatMap((u) => u.calls.flatMap((c) => c.values.flatMap(placeholders))))].filter((name) => name !== 'PWD');
    const sections = units.map((unit) => ({ name: unit.name, nim: unit.nim === 'nim' ? '' : unit.nim, steps: unit.calls.map((c) => step(platform, c)) }));
    const context = {
      description: platform.description,
      script: posix.basename(path),
      sectionList: sections.map((s) => s.name).join(' '),
      rootFromScript: rootFromFile(path),
      driver: layout.driver,
      rpathCommand: RPATH_COMMAND[platform.rpathTool],
      env,
      sections,
    };
    return [{ path, format: 'sh', content: render('packaging/script.sh.hbs', context), mode: 0o755 }];
  });
}
