import type { ModelInput } from '../../model/schema/index.js';
import { surfaceFixtureInput } from './surface-fixture.js';

/**
 * The surface fixture (surface-fixture.ts) with every string field of the schema given a value,
 * so that the randomized test (tests/fuzz/) can put a hostile string into each: calls of every
 * surface (a pinned nim, placeholders, defines, flags, bundles, nimcache, copies, an extension
 * and a repro call), two packaging platforms with realistic run paths (`$ORIGIN/../lib`,
 * `${ORIGIN}/lib`, `@loader_path`), every Tup rule kind and omission, declared changes on every
 * level, a dead legacy invocation, a baseline with a Tup macro, an allowlist entry, and the
 * NixOS status section written out.
 */
export const fuzzFixtureInput: ModelInput = {
  ...surfaceFixtureInput,
  platforms: [
    { name: 'linux', description: 'Linux', tupPlatform: 'linux', uname: ['Linux'], stylus: { command: 'stylus', output: '-o' } },
    { name: 'windows', description: 'Windows', tupPlatform: 'win32', uname: ['MINGW*'], exeSuffix: '.exe', scratch: 'C:/tmp', stylus: { command: 'stylus.cmd', output: 'stdout' } },
  ],
  bundles: surfaceFixtureInput.bundles.map((b) =>
    b.name === 'ui' ? { ...b, declaredChanges: [{ setting: '-d:ui', from: '-d:ui=0', to: '-d:ui', reason: 'The renderer is always on now.' }] } : b,
  ),
  profiles: surfaceFixtureInput.profiles.map((p) =>
    p.name === 'release' ? { ...p, declaredChanges: [{ setting: '-d:release', from: '-d:release=0', to: '-d:release', reason: 'Release builds say so to nim.' }] } : p,
  ),
  targets: surfaceFixtureInput.targets.map((t) => {
    if (t.name === 'tool') return { ...t, declaredChanges: [{ setting: '--hints', from: '--hints:on', to: '--hints:off', reason: 'The tool builds quietly now.' }] };
    if (t.name === 'js:page') return { ...t, nimcache: { policy: 'nim-default' } };
    return t;
  }),
  packaging: {
    platforms: [
      {
        name: 'appimage', description: 'The AppImage: the binary finds its libraries beside itself', rpathTool: 'patchelf',
        binaries: [{ target: 'app', rpaths: ['$ORIGIN/../lib', '${ORIGIN}/lib'] }],
      },
      {
        name: 'macos', description: 'The app bundle: binaries find their dylibs in Frameworks', rpathTool: 'install_name_tool', codesign: true,
        binaries: [{ target: 'app', rpaths: ['@executable_path/../Frameworks', '@loader_path'] }],
      },
    ],
  },
  lint: {
    allow: [{ glob: 'tools/bootstrap/*.sh', sources: ['src/boot/*.nim'], reason: 'Bootstraps nim itself before the driver exists.' }],
    severities: { product: 'error', test: 'warning', external: 'note', unknown: 'error' },
  },
  tup: {
    ...surfaceFixtureInput.tup,
    exports: ['NIM', 'PATH'],
    nodes: [
      ...surfaceFixtureInput.tup.nodes,
      {
        dir: 'tool',
        rules: [
          { kind: 'nim', target: 'tool', output: 'tool/tool' },
          { kind: 'cargo', binary: 'helper', profile: 'release', targetDir: 'fixture/helper_target', locked: true, inputs: ['Cargo.lock', 'src/main.rs'], output: 'bin/helper' },
          { kind: 'stylus', inputs: ['style.styl'] },
          { kind: 'copy', input: 'static/index.html', output: 'tool/index.html' },
          { kind: 'copy', input: 'tool/index.html', fromBuild: true, output: 'tool/copy/index.html' },
          { kind: 'copy-glob', glob: 'assets/*.png' },
        ],
        omitted: [{ legacy: 'src/tool/Tupfile: docs (!asciidoc)', reason: 'the documentation is built elsewhere' }],
      },
    ],
    omitted: [{ legacy: 'src/old/Tupfile', reason: 'the directory is gone' }],
  },
  legacy: {
    ...surfaceFixtureInput.legacy!,
    commit: 'a387f8fa',
    invocations: [
      ...surfaceFixtureInput.legacy!.invocations!,
      {
        id: 'just:page-again', surface: 'just', file: 'justfile', line: 9, cwd: '.', output: 'page.js', target: 'js:page', platform: 'linux',
        rule: { name: '!nim_js', file: 'src/Tuprules.tup', line: 4 },
        argv: ['-d:ssl', '--mm:refc', '--path:libs/a', '--path:../sibling/src', '-d:debug', '--lineDir:on', '-d:ui', '--sourcemap:on', '--out:page.js', 'js', 'src/web/page.nim'],
      },
    ],
    dead: [{ id: 'script:gone', surface: 'appimage', file: 'old/package.sh', line: 3, source: 'src/gone.nim', reason: 'The module was deleted before the baseline.' }],
  },
  baseline: {
    ...surfaceFixtureInput.baseline!,
    commit: 'a387f8fa',
    invocations: surfaceFixtureInput.baseline!.invocations!.map((i) => ({ ...i, platform: 'linux', rule: '!nim_c' })),
  },
  surfaces: {
    invocations: [
      ...surfaceFixtureInput.surfaces!.invocations!.map((c) =>
        c.legacy === 'just:page' ? { ...c, alsoReplaces: ['just:page-again'], declaredChanges: [{ setting: 'nim', from: 'nim', to: 'nim', reason: 'The same nim, written down.' }] } : c,
      ),
      {
        surface: 'macos', unit: 'binaries', target: 'app', profile: 'release', nim: '${NIM_BIN}', output: '${DIST_DIR}/bin/app', nimcache: 'nimcache/app',
        bundles: ['ui'], withoutBundles: ['paths'], defines: ['libcPath=libc', 'greeting=hello world'], flags: ['--passL:-headerpad_max_install_names'],
        alsoCopyTo: ['${DIST_DIR}/copy/app'],
      },
      { surface: 'just', unit: 'build-tool', target: 'tool', profile: 'release', nim: '/opt/nim/bin/nim', output: '${out}/tool' },
      { surface: 'nix', unit: 'page', target: 'js:page', profile: 'release', nim: '${nim}/bin/nim', flags: ['--path:${ISONIM_STAGE}/src'], output: './page.js' },
      { surface: 'extension', unit: 'extension', target: 'js:page', profile: 'debug', platform: 'linux', output: '${1}' },
      { surface: 'repro', unit: 'repro.nim', target: 'app', profile: 'debug', platform: 'windows' },
    ],
    ci: { ctGenDir: 'tools/ct-gen', nodeVersion: '20' },
  },
  status: {
    logDir: '/var/log/fixture-builds',
    historyLimit: 10,
    flake: '/etc/fixture',
    exitCodes: { healthy: 0, outOfSync: 1, buildErrors: 2, invalidArguments: 3 },
    targets: [
      {
        name: 'os', description: 'the system configuration', nh: ['os'], fallback: 'nixos-rebuild', fallbackNeedsRoot: true,
        fallbackNomArgs: ['--log-format', 'internal-json'], nomArgs: ['--json'],
        actions: [{ name: 'switch', nh: ['switch'], fallback: ['switch'], activates: true }, { name: 'dry-build', nh: ['build', '--dry'], fallback: ['dry-build'] }],
      },
    ],
    tools: { nh: 'nh', nhNoNomArgs: ['--no-nom'], nom: 'nom', generationInfo: 'nixos-generation-info', elevate: 'sudo' },
    errors: { maxCount: 5, maxChars: 200 },
    journalSince: '1 hour ago',
    lockTimeoutSeconds: 5,
    automation: { target: 'os', action: 'dry-build', logTailLines: 20 },
  },
};
