import type { SurfacesSchema } from '../schema/index.js';
import type { z } from 'zod';
import { REPO_LIBS, SIBLINGS } from './bundles.js';
import { REPRO_PATH_DIRS, WINDOWS_ZLIB, WINDOWS_ZSTD } from './legacy.js';

/*
 * How each build surface calls the driver so that its effective nim settings equal the legacy
 * invocation it replaces (`ct-gen parity` proves it). Surfaces outside Tup never used the Tup flag
 * sets: builds that ran with nim's defaults use the `plain` profile; packaged binaries keep their
 * profile's -d:debug/-d:release bundle, leave out `common`, and name the bundles they share.
 */

/** nim's own defaults: neither -d:debug nor -d:release, none of the Tup flag sets. */
const nimDefaults = { profile: 'plain' };

/** Packaged entry points get neither the Tup flag sets, search paths and link switches nor the dev build's switches (-d:withTup, --hints:on, …). */
const packagedBinary = { withoutBundles: ['common', 'repo-paths', 'entrypoint', 'dynlib-overrides'], nimcache: 'nimcache' };

/** Packaged renderer bundles take the renderer defines but neither debug info, line directives nor hot module reload. */
const packagedRenderer = { ...nimDefaults, withoutBundles: ['renderer', 'hmr', 'quiet'], bundles: ['renderer-defines'] };

/** The packaged subwindow bundle also leaves out the dev build's hot code reloading and source map. */
const packagedSubwindow = { ...packagedRenderer, withoutBundles: ['renderer', 'dev-reload'] };

/** The main-process bundles as packaging builds them: no source map switch of their own beyond the target's. */
const packagedIndex = { ...nimDefaults, defines: ['chronicles_sinks=json'] };

const macosNim = {
  setting: 'nim',
  from: '${NIM}',
  to: 'nim',
  reason: 'The script ran $NIM, defaulting to nim; the driver does the same (NIM from the environment, nim otherwise), so a caller that sets NIM still picks the compiler.',
};

const macosBinary = {
  ...packagedBinary,
  profile: 'release',
  bundles: ['packaged-entrypoint', 'traces'],
  defines: ['libcPath=libc', 'useLibzipSrc', 'ctmacos'],
  flags: ['--hints:on', '--passL:-headerpad_max_install_names'],
  declaredChanges: [macosNim],
};

const appImageLibs = ['--passL:-Wl,-Bstatic -lsqlite3 -Wl,-Bdynamic', '--passL:${APP_DIR}/lib/libpcre.so.1', '--passL:${APP_DIR}/lib/libzip.so.5'];

/** The Python wheel binaries: release, statically linked zlib and OpenSSL, SQLite and libzip compiled in. */
const wheelBinary = {
  ...packagedBinary,
  profile: 'release',
  nim: './nim-2.2.6/bin/nim',
  bundles: ['packaged-entrypoint'],
  output: '${TARGET_DIR}/ct',
};
const wheelDefines = ['libcPath=libc', 'pythonPackage', 'staticSqlite', 'useLibzipSrc'];
const wheelCt = { defines: ['staticStd', 'useOpenssl3', ...wheelDefines, 'pathToNodeModules=../node_modules'], flags: ['--hints:on', '--dynlibOverride:std'] };
const wheelRecord = { bundles: ['packaged-entrypoint', 'traces'], defines: wheelDefines, flags: ['--hints:off'] };
const wheelStatic = ['--dynlibOverride:ssl', '--dynlibOverride:crypto'];
const linuxStatic = ['--passL:-Wl,-Bstatic -L/usr/lib/x86_64-linux-gnu -l:libz.a -Wl,-Bdynamic', '--passL:-Wl,-Bstatic -L/usr/lib/x86_64-linux-gnu -l:libssl.a -l:libcrypto.a -Wl,-Bdynamic'];
const macosStatic = ['--passL:${PWD}/zlib-res/lib/libz.a', '--passL:${PWD}/openssl-res/lib/libssl.a ${PWD}/openssl-res/lib/libcrypto.a'];
const pwdChanges = [
  { setting: '--passL', from: '--passL:$(pwd)/zlib-res/lib/libz.a --passL:$(pwd)/openssl-res/lib/libssl.a $(pwd)/openssl-res/lib/libcrypto.a', to: '--passL:${PWD}/zlib-res/lib/libz.a --passL:${PWD}/openssl-res/lib/libssl.a ${PWD}/openssl-res/lib/libcrypto.a', reason: 'The step ran $(pwd) in the checkout root; the script reads the same directory from $PWD after its cd to the root, without a subshell per word.' },
];

/** Nix: one pinned nim, Nim 2.2 from nim-codetracer, for the whole file. */
const NIX_NIM = '${nim-codetracer.out}/bin/nim2';
/** The isonim checkouts the JS phases stage under $ISONIM_STAGE (a shell variable of the phase, not a Nix value). */
const isonimPaths = ['isonim', 'isonim-tui', 'isonim-gpui', 'nim-everywhere', 'nim-termctl', 'nim-pty', 'nim-acp', 'nim-agent-harbor', 'nim-agents']
  .map((repo) => `--path:\${ISONIM_STAGE}/${repo}/src`);
const nixBinary = {
  ...packagedBinary,
  profile: 'debug',
  nim: NIX_NIM,
  bundles: ['packaged-entrypoint'],
  defines: ['codetracerPrefixConst=${runtimeDeps.outPath}/', 'libcPath=${pkgs.glibc.out}'],
};

/*
 * reprobuild (repro.nim) runs nim itself; its actions take every switch from the generated Nim
 * module for the target, the `debug` profile and the platform it builds on. The module carries the
 * model's flag set, so what reprobuild kept by hand differs from it, setting by setting, as declared.
 */
const reproBase = { profile: 'debug' };
const paths = (dirs: string[]) => dirs.map((d) => `--path:${d}`).join(' ');
type Change = { setting: string; from?: string; to?: string; reason: string };
/** What every reprobuild action differs in from the model's flag set. */
const reproCommon: Change[] = [
  { setting: '-d:asyncBackend', to: '-d:asyncBackend=asyncdispatch', reason: 'reprobuild never set the async backend every other surface builds with; the module gives asyncdispatch, as Tup, Nix and packaging do.' },
  { setting: '-d:nimOldCaseObjects', to: '-d:nimOldCaseObjects', reason: 'reprobuild left out -d:nimOldCaseObjects of the Tup flag set (NIM_COMMON_FLAGS); the module keeps the Tup set the code is built and tested with.' },
  {
    setting: '--path',
    from: paths(REPRO_PATH_DIRS),
    to: paths([...REPO_LIBS.map((l) => `libs/${l}`), ...SIBLINGS.map((r) => `../${r}/src`)]),
    reason: 'reprobuild kept its own 22 search paths; the module gives the Tup set (NIM_REPO_PATH_FLAGS): the sibling isonim checkouts are added, libs/karax/karax is dropped as in Tup, and src/frontend, which the Tup build of the same bundles does without, is left out.',
  },
];
/** The three bundles reprobuild built with nim's hot code reloading, which the Tup build does not use. */
const reproNoHcr: Change[] = [
  { setting: '--hotCodeReloading', from: '--hotCodeReloading:on', reason: "nim's hot code reloading is off in the Tup build of this bundle; Codetracer's own reload (-d:ctHmr, in both) is what the bundle uses." },
  { setting: '-d:hotcodereloading', from: '-d:hotcodereloading', reason: 'Defined by --hotCodeReloading:on, which the Tup build does not pass.' },
  { setting: '-d:useNimRtl', from: '-d:useNimRtl', reason: 'Defined by --hotCodeReloading:on, which the Tup build does not pass.' },
];
const reproPosixNative: Change[] = [{
  setting: '--dynlibOverride',
  from: '--dynlibOverride:libzip --dynlibOverride:pcre --dynlibOverride:sqlite3',
  to: '--dynlibOverride:libcrypto --dynlibOverride:libssl --dynlibOverride:libzip --dynlibOverride:pcre --dynlibOverride:sqlite3',
  reason: 'The model links OpenSSL at build time as Tup does (DYNLIB_OVERRIDE_FLAGS); reprobuild kept it dynamic for Nim 2.2, whose static OpenSSL wrapper it could not compile. Both link -lssl -lcrypto.',
}];
const reproWindowsNative: Change[] = [
  {
    setting: '--passC',
    from: [`-I${WINDOWS_ZLIB}/include`, `-I${WINDOWS_ZSTD}/include`, '-Wno-implicit-function-declaration', '-Wno-error=implicit-function-declaration'].map((c) => `--passC:${c}`).join(' '),
    to: [`-I${WINDOWS_ZLIB}/include`, '-Wno-implicit-function-declaration', '-Wno-error=implicit-function-declaration'].map((c) => `--passC:${c}`).join(' '),
    reason: 'The model takes the Windows C switches of Tup (NIM_WINDOWS_CFLAGS), which do not add the zstd headers reprobuild added.',
  },
  {
    setting: '--passL',
    from: [`-L${WINDOWS_ZLIB}/lib`, `-L${WINDOWS_ZSTD}/dll`, '-lz', '-lzstd'].map((l) => `--passL:${l}`).join(' '),
    to: [`-L${WINDOWS_ZLIB}/lib`, '-lz', '-lz'].map((l) => `--passL:${l}`).join(' '),
    reason: 'The model takes the Windows link switches of Tup (NIM_WINDOWS_CFLAGS and DYNLIB_OVERRIDE_FLAGS, -lz twice), which do not link zstd as reprobuild did.',
  },
];

export const surfaces: z.input<typeof SurfacesSchema> = {
  invocations: [
    { legacy: 'just:build-ui-js', unit: 'build-ui-js', target: 'js:ui-extension', ...nimDefaults, output: '${output}' },
    { legacy: 'just:build-ui-js-hmr', unit: 'build-ui-js-hmr', target: 'js:ui-extension', ...nimDefaults, bundles: ['hmr'], output: '${output}' },
    { legacy: 'just:build-hmr-fixture', unit: 'build-hmr-fixture', target: 'js:hmr-fixture', ...nimDefaults, output: 'src/tests/hmr_fixture/main.js' },
    { legacy: 'just:build-storybook-components', unit: 'build-storybook-components', target: 'js:storybook-components', ...nimDefaults, output: 'storybook/dist/components.js' },
    {
      legacy: 'just:demo-request-panel', alsoReplaces: ['just:demo-request-panel-live'], unit: 'build-demo-request-session',
      target: 'demo-request-session', ...nimDefaults, output: '${work}/demo_request_session',
    },

    { legacy: 'extension:ui', unit: 'extension', target: 'js:ui-extension', ...nimDefaults, output: '${1}' },
    { legacy: 'extension:middleware', unit: 'extension', target: 'js:middleware', ...nimDefaults, output: '${2}' },

    { legacy: 'macos:ct', unit: 'binaries', target: 'ct', platform: 'macos', ...macosBinary, output: '${DIST_DIR}/bin/ct' },
    { legacy: 'macos:db-backend-record', unit: 'binaries', target: 'db-backend-record', platform: 'macos', ...macosBinary, output: '${DIST_DIR}/bin/db-backend-record' },
    {
      legacy: 'macos:index.js', unit: 'javascript', target: 'js:index', platform: 'macos', ...packagedIndex,
      defines: ['chronicles_sinks=json', 'ctmacos'], flags: ['--hints:on', '--warnings:off'],
      output: '${DIST_DIR}/index.js', alsoCopyTo: ['${DIST_DIR}/src/index.js'], declaredChanges: [macosNim],
    },
    {
      legacy: 'macos:ui.js', unit: 'javascript', target: 'js:ui', platform: 'macos', ...packagedRenderer,
      defines: ['ctmacos'], flags: ['--hints:off', '--warnings:off'],
      output: '${DIST_DIR}/ui.js', alsoCopyTo: ['${DIST_DIR}/src/ui.js'], declaredChanges: [macosNim],
    },
    {
      legacy: 'macos:subwindow.js', unit: 'javascript', target: 'js:subwindow', platform: 'macos', ...packagedSubwindow,
      defines: ['ctmacos'], flags: ['--hints:off', '--warnings:off'],
      output: '${DIST_DIR}/subwindow.js', alsoCopyTo: ['${DIST_DIR}/src/subwindow.js'], declaredChanges: [macosNim],
    },

    {
      legacy: 'appimage:ct', unit: 'binaries', target: 'ct', platform: 'linux', ...packagedBinary, profile: 'release',
      bundles: ['packaged-entrypoint'],
      defines: ['staticStd', 'useOpenssl3', 'libcPath=libc', 'pathToNodeModules=../node_modules'],
      flags: [
        '--hints:on',
        ...['std', 'sqlite3', 'pcre', 'libzip', 'libcrypto', 'libssl'].map((lib) => `--dynlibOverride:${lib}`),
        ...appImageLibs,
        ...['libcrypto.so', 'libcrypto.so.3', 'libssl.so'].map((lib) => `--passL:\${APP_DIR}/lib/${lib}`),
      ],
      output: '${APP_DIR}/bin/ct_unwrapped',
    },
    {
      legacy: 'appimage:db-backend-record', unit: 'binaries', target: 'db-backend-record', platform: 'linux', ...packagedBinary, profile: 'release',
      bundles: ['packaged-entrypoint', 'traces'],
      defines: ['libcPath=libc'],
      flags: ['--hints:off', ...['libsqlite3', 'sqlite3', 'pcre', 'libzip'].map((lib) => `--dynlibOverride:${lib}`), ...appImageLibs],
      output: '${APP_DIR}/bin/db-backend-record',
    },
    {
      legacy: 'appimage:index.js', unit: 'javascript', target: 'js:index', platform: 'linux', ...packagedIndex,
      defines: ['nimNoLentIterators', 'chronicles_sinks=json'], flags: ['--hints:on', '--warnings:off'],
      output: '${APP_DIR}/index.js', alsoCopyTo: ['${APP_DIR}/src/index.js'],
    },
    {
      legacy: 'appimage:server_index.js', unit: 'javascript', target: 'js:server-index', platform: 'linux', ...packagedIndex,
      defines: ['nimNoLentIterators', 'chronicles_sinks=json'], flags: ['--hints:on', '--warnings:off'],
      output: '${APP_DIR}/server_index.js', alsoCopyTo: ['${APP_DIR}/src/server_index.js'],
    },
    {
      legacy: 'appimage:ui.js', unit: 'javascript', target: 'js:ui', platform: 'linux', ...packagedRenderer,
      defines: ['nimNoLentIterators'], flags: ['--hints:off', '--warnings:off'],
      output: '${APP_DIR}/ui.js', alsoCopyTo: ['${APP_DIR}/src/ui.js'],
    },
    {
      legacy: 'appimage:subwindow.js', unit: 'javascript', target: 'js:subwindow', platform: 'linux', ...packagedSubwindow,
      defines: ['nimNoLentIterators'], flags: ['--hints:off', '--warnings:off'],
      output: '${APP_DIR}/subwindow.js', alsoCopyTo: ['${APP_DIR}/src/subwindow.js'],
    },

    // The Python wheel job of the CI workflow: one section per runner OS.
    { legacy: 'python-wheel:ct-linux', unit: 'linux', target: 'ct', platform: 'linux', ...wheelBinary, ...wheelCt, flags: [...wheelCt.flags, linuxStatic[0]!, ...wheelStatic, linuxStatic[1]!] },
    {
      legacy: 'python-wheel:db-backend-record-linux', unit: 'linux', target: 'db-backend-record', platform: 'linux', ...wheelBinary, ...wheelRecord,
      flags: [...wheelRecord.flags, linuxStatic[0]!, ...wheelStatic, linuxStatic[1]!], output: '${TARGET_DIR}/db-backend-record',
    },
    {
      legacy: 'python-wheel:ct-macos', unit: 'macos', target: 'ct', platform: 'macos', ...wheelBinary, ...wheelCt,
      flags: [...wheelCt.flags, macosStatic[0]!, ...wheelStatic, macosStatic[1]!], declaredChanges: pwdChanges,
    },
    {
      legacy: 'python-wheel:db-backend-record-macos', unit: 'macos', target: 'db-backend-record', platform: 'macos', ...wheelBinary, ...wheelRecord,
      flags: [...wheelRecord.flags, macosStatic[0]!, ...wheelStatic, macosStatic[1]!], output: '${TARGET_DIR}/db-backend-record', declaredChanges: pwdChanges,
    },

    // Nix derivations: Nim 2.2 from nim-codetracer for the whole file.
    {
      legacy: 'nix:index.js', unit: 'indexJavascript', target: 'js:index', ...nimDefaults, nim: NIX_NIM,
      defines: ['chronicles_sinks=json'], flags: ['--warnings:off', ...isonimPaths], output: './index.js',
    },
    {
      legacy: 'nix:server_index.js', unit: 'indexJavascript', target: 'js:server-index', ...nimDefaults, nim: NIX_NIM,
      defines: ['chronicles_sinks=json'], flags: ['--warnings:off', ...isonimPaths], output: './server_index.js',
    },
    {
      legacy: 'nix:subwindow.js', unit: 'subwindowJavascript', target: 'js:subwindow', ...packagedSubwindow, nim: NIX_NIM,
      flags: ['--hints:off', '--warnings:off', ...isonimPaths], output: './subwindow.js',
      declaredChanges: [{
        setting: 'nim',
        from: '${nim-codetracer}/bin/nim2',
        to: NIX_NIM,
        reason:
          'The Nix phases export one pinned nim for every derivation; the legacy subwindow phase alone wrote it without .out. ' +
          'nim-codetracer is a symlinkJoin (the single output out), so both name the same store path.',
      }],
    },
    { legacy: 'nix:ui.js', unit: 'uiJavascript', target: 'js:ui', ...packagedRenderer, nim: NIX_NIM, flags: ['--hints:off', '--warnings:off', ...isonimPaths], output: './ui.js' },
    {
      legacy: 'nix:ct', unit: 'codetracer', target: 'ct', ...nixBinary,
      defines: [...nixBinary.defines, 'pathToNodeModules=${node-modules-derivation.outPath}/bin/node_modules'],
      flags: ['--hints:off', '--passL:${pkgs.sqlite.out}/lib/libsqlite3.so.0'],
      output: 'ct',
    },
    {
      legacy: 'nix:db-backend-record', unit: 'codetracer', target: 'db-backend-record', ...nixBinary,
      flags: ['--hints:off', '--passL:${pkgs.sqlite.out}/lib/libsqlite3.so.0', '--passL:${pkgs.openssl.out}/lib/libssl.so', '--passL:${pkgs.openssl.out}/lib/libcrypto.so'],
      output: 'db-backend-record',
    },

    { legacy: 'repro:nim-js-ipc-registry-test', unit: 'nim-js-ipc-registry-test', target: 'js:ipc-registry-test', ...reproBase, platform: 'linux', output: 'src/build-debug-repro/tests/ipc_registry_test.js', declaredChanges: [...reproCommon, ...reproNoHcr] },
    { legacy: 'repro:nim-js-reload-reconnect-test', unit: 'nim-js-reload-reconnect-test', target: 'js:reload-reconnect-test', ...reproBase, platform: 'linux', output: 'src/build-debug-repro/tests/reload_reconnect.js', declaredChanges: [...reproCommon, ...reproNoHcr] },
    { legacy: 'repro:frontend-ui-js', unit: 'frontend-ui-js', target: 'js:ui', ...reproBase, platform: 'linux', output: 'src/build-debug-repro/ui.js', declaredChanges: [...reproCommon, ...reproNoHcr] },
    { legacy: 'repro:frontend-index-js', unit: 'frontend-index-js', target: 'js:index', ...reproBase, platform: 'linux', output: 'src/build-debug-repro/index.js', declaredChanges: reproCommon },
    { legacy: 'repro:frontend-server-index-js', unit: 'frontend-server-index-js', target: 'js:server-index', ...reproBase, platform: 'linux', output: 'src/build-debug-repro/server_index.js', declaredChanges: reproCommon },
    { legacy: 'repro:frontend-subwindow-js', unit: 'frontend-subwindow-js', target: 'js:subwindow', ...reproBase, platform: 'linux', output: 'src/build-debug-repro/subwindow.js', declaredChanges: reproCommon },
    { legacy: 'repro:db-backend-record', unit: 'db-backend-record', target: 'db-backend-record', ...reproBase, platform: 'linux', output: 'src/build-debug-repro/bin/db-backend-record', nimcache: '/tmp/ct-nim-cache/db_backend_record_codetracer_binary', declaredChanges: [...reproCommon, ...reproPosixNative] },
    { legacy: 'repro:ct', unit: 'ct', target: 'ct', ...reproBase, platform: 'linux', output: 'src/build-debug-repro/bin/ct', nimcache: '/tmp/ct-nim-cache/codetracer_codetracer_binary', declaredChanges: [...reproCommon, ...reproPosixNative] },
    { legacy: 'repro:db-backend-record.exe', unit: 'db-backend-record', target: 'db-backend-record', ...reproBase, platform: 'windows', output: 'src/build-debug-repro/bin/db-backend-record', nimcache: '${TEMP}/ct-nim-cache/db_backend_record_codetracer_binary', declaredChanges: [...reproCommon, ...reproWindowsNative] },
    { legacy: 'repro:ct.exe', unit: 'ct', target: 'ct', ...reproBase, platform: 'windows', output: 'src/build-debug-repro/bin/ct', nimcache: '${TEMP}/ct-nim-cache/codetracer_codetracer_binary', declaredChanges: [...reproCommon, ...reproWindowsNative] },
  ],
  ci: { ctGenDir: 'tools/ct-gen', nodeVersion: '20' },
};
