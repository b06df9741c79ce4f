import { posix } from 'node:path';
import { packagingScript, type Platform } from '../../../model/schema/index.js';
import { continued, placeholders, rootFromFile, shellWord } from '../../host-words.js';
import { render } from '../../render.js';
import { origin, type SurfaceCall } from '../../resolve/surfaces.js';
import type { ResolvedModel } from '../../resolve/view.js';
import type { EmittedFile } from '../../types.js';

const RPATH_COMMAND: Record<Platform['rpathTool'], string> = { install_name_tool: 'install_name_tool -add_rpath', patchelf: 'patchelf --add-rpath' };

/** What follows a driver call: run paths and signature from the platform, then the copies. */
function postSteps(platform: Platform, { call, artefact: path }: SurfaceCall): string[] {
  const artefact = shellWord(path);
  const binary = platform.binaries.find((b) => b.target === call.target);
  return [
    ...(binary?.rpaths ?? []).map((rpath) => `${RPATH_COMMAND[platform.rpathTool]} ${shellWord(rpath)} ${artefact}`),
    ...(binary && platform.codesign ? [`codesign -s - --force --deep ${artefact}`] : []),
    ...call.alsoCopyTo.map((dest) => `cp ${artefact} ${shellWord(dest)}`),
  ];
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
    const sections = units.map((unit) => ({
      name: unit.name,
      nim: unit.nim === 'nim' ? '' : `export NIM=${shellWord(unit.nim)}`,
      steps: unit.calls.map((c) => ({ origin: origin(c), command: continued(layout.driver, c.options, '  ', shellWord), post: postSteps(platform, c) })),
    }));
    const context = {
      description: platform.description,
      script: posix.basename(path),
      sectionList: sections.map((s) => s.name).join(' '),
      rootFromScript: rootFromFile(path),
      envChecks: env.map((name) => `: "\${${name}:?set ${name}}"`),
      sections,
    };
    return [{ path, format: 'sh', content: render('packaging/script.sh.hbs', context), mode: 0o755 }];
  });
}
