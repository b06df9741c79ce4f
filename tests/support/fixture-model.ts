import { validateModel } from '../../generator/model.js';
import type { Model, ModelInput } from '../../model/schema/index.js';

/**
 * A small model with every feature the resolver and the driver know: two platforms (one with an
 * executable suffix), a platform-limited bundle, `{root}` paths, native and JS targets, a fixed
 * nimcache, source maps and Tup variants. Generic tests use it instead of Codetracer's data.
 */
export const fixtureInput: ModelInput = {
  // Paths of its own, so that a test passing on the fixture does not lean on Codetracer's layout.
  layout: {
    driver: 'build-tools/drive.sh',
    flags: 'build-tools/flags/switches.env',
    bundleArrayPrefix: 'FX_BUNDLE_',
    targetArrayPrefix: 'FX_TARGET_',
    reproModule: 'build-tools/fx_switches.nim',
    extension: 'build-tools/extension.sh',
    just: 'recipes/fx.just',
    tupJust: 'recipes/tup/fx-tup.just',
    nixPhases: 'nix/fx/phases.nix',
    nixShell: 'nix/fx/shell.nix',
    nixFlakePackages: "self'.packages",
    ci: '.github/workflows/fx.yml',
    packaging: 'dist-scripts/{platform}.sh',
    modelSchema: 'fx-schemas/model.json',
    statusSchemas: 'fx-schemas/status',
    nixosCommands: 'bin',
    nixosLibrary: 'share/fx/status-lib.sh',
    nixosModule: 'nix/modules/status.nix',
  },
  platforms: [
    { name: 'linux', description: 'Linux', tupPlatform: 'linux', uname: ['Linux'] },
    { name: 'windows', description: 'Windows', tupPlatform: 'win32', uname: ['MINGW*'], exeSuffix: '.exe', scratch: 'C:/tmp' },
  ],
  bundles: [
    { name: 'base', description: 'Every build', args: ['-d:ssl', '--mm:refc'] },
    { name: 'paths', description: 'Search paths', args: ['--path:{root}/libs/a', '--path:{root}/../sibling/src'] },
    { name: 'dbg', description: 'Debug', args: ['-d:debug', '--lineDir:on'] },
    { name: 'rel', description: 'Release', args: ['-d:release'] },
    { name: 'link-unix', description: 'Unix linking', platforms: ['linux'], args: ['--dynlibOverride:ssl', '--passL:-lssl'] },
    { name: 'link-win', description: 'Windows linking', platforms: ['windows'], args: ['--passL:-lz'] },
    { name: 'ui', description: 'Renderer', args: ['-d:ui'] },
  ],
  profiles: [
    { name: 'debug', description: 'Debug build', bundles: ['base', 'paths', 'dbg'] },
    { name: 'release', description: 'Release build', bundles: ['base', 'paths', 'rel'] },
  ],
  targets: [
    {
      name: 'app', description: 'A native binary', kind: 'nim-c', source: 'src/app/app.nim', output: 'app',
      bundles: ['link-unix', 'link-win'], args: ['--hints:on'], nimcache: { policy: 'fixed', path: '/tmp/fixture-cache/{profile}/app' },
    },
    {
      name: 'js:page', description: 'A JS bundle with a source map', kind: 'nim-js', source: 'src/web/page.nim', output: 'page.js',
      bundles: ['ui'], args: ['--sourcemap:on'], extraOutputs: ['{out}.map'],
    },
    {
      name: 'tool', description: 'A binary whose macros write beside the working directory', kind: 'nim-c', source: 'src/tool/tool.nim', output: 'tool',
      extraOutputs: ['macro_{stem}.json'],
    },
  ],
  packaging: { platforms: [] },
  tup: {
    variants: [
      { dir: 'build-debug', profile: 'debug', config: { DEBUG: '1' } },
      { dir: 'build-release', profile: 'release', config: { DEBUG: '0' } },
      { dir: 'build-win-debug', profile: 'debug', platform: 'windows', config: { DEBUG: '1' } },
    ],
    nodes: [
      { dir: 'app', rules: [{ kind: 'nim', target: 'app', output: 'bin/app' }] },
      { dir: 'web', rules: [{ kind: 'nim', target: 'js:page', output: 'page.js' }] },
    ],
  },
};

export const fixture: Model = validateModel(fixtureInput);

/**
 * The fixture with switch values a string literal must escape (a double quote, backslashes) on
 * its native target: the reprobuild module's tests round-trip them through real nim.
 */
export const quotingFixture: Model = validateModel({
  ...fixtureInput,
  bundles: [
    ...fixtureInput.bundles,
    { name: 'quoting', description: 'Values with a quote and backslashes', args: ['-d:greeting=say "hi"', '--passC:-IC:\\deps\\zlib\\include', '--passL:-L{root}\\lib "x"'] },
  ],
  targets: fixtureInput.targets.map((t) => (t.name === 'app' ? { ...t, bundles: [...(t.bundles ?? []), 'quoting'] } : t)),
});
