import type { SurfaceInvocationInput, SurfacesSchema } from '../schema/index.js';
import type { z } from 'zod';

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
const packagedRenderer = { ...nimDefaults, withoutBundles: ['renderer', 'hmr'], bundles: ['renderer-defines'] };

/** The packaged subwindow bundle also leaves out the dev build's hot code reloading and source map. */
const packagedSubwindow = { ...packagedRenderer, withoutBundles: ['renderer', 'dev-reload'] };

const macosBinary = {
  ...packagedBinary,
  profile: 'release',
  bundles: ['packaged-entrypoint', 'traces'],
  defines: ['libcPath=libc', 'useLibzipSrc', 'ctmacos'],
  flags: ['--hints:on', '--passL:-headerpad_max_install_names'],
};

const appImageLibs = ['--passL:-Wl,-Bstatic -lsqlite3 -Wl,-Bdynamic', '--passL:${APP_DIR}/lib/libpcre.so.1', '--passL:${APP_DIR}/lib/libzip.so.5'];

const NIX_NIM = '${upstream-nim-codetracer.out}/bin/nim';
const nixBinary = {
  ...packagedBinary,
  profile: 'debug',
  nim: NIX_NIM,
  bundles: ['packaged-entrypoint'],
  defines: ['linksPathConst=${runtimeDeps.outPath}/', 'libcPath=${pkgs.glibc.out}'],
};

export const surfaces: z.input<typeof SurfacesSchema> = {
  invocations: [
    { legacy: 'just:build-ui-js', unit: 'build-ui-js', target: 'js:ui-extension', ...nimDefaults, output: '${output}' },

    { legacy: 'extension:ui', unit: 'extension', target: 'js:ui-extension', ...nimDefaults, output: '${1}' },
    { legacy: 'extension:middleware', unit: 'extension', target: 'js:middleware', ...nimDefaults, output: '${2}' },

    { legacy: 'macos:ct', unit: 'binaries', target: 'ct', ...macosBinary, output: '${DIST_DIR}/bin/ct' },
    { legacy: 'macos:db-backend-record', unit: 'binaries', target: 'db-backend-record', ...macosBinary, output: '${DIST_DIR}/bin/db-backend-record' },
    {
      legacy: 'macos:index.js', unit: 'javascript', target: 'js:index', ...nimDefaults,
      defines: ['chronicles_sinks=json', 'ctmacos'], flags: ['--hints:on', '--warnings:off'],
      output: '${DIST_DIR}/index.js', alsoCopyTo: ['${DIST_DIR}/src/index.js'],
    },
    {
      legacy: 'macos:ui.js', unit: 'javascript', target: 'js:ui', ...packagedRenderer,
      defines: ['ctmacos'], flags: ['--hotCodeReloading:off'],
      output: '${DIST_DIR}/ui.js', alsoCopyTo: ['${DIST_DIR}/src/ui.js'],
    },
    {
      legacy: 'macos:subwindow.js', unit: 'javascript', target: 'js:subwindow', ...packagedSubwindow,
      defines: ['ctmacos'], flags: ['--hints:off', '--warnings:off'],
      output: '${DIST_DIR}/subwindow.js', alsoCopyTo: ['${DIST_DIR}/src/subwindow.js'],
    },

    {
      legacy: 'appimage:ct', unit: 'binaries', target: 'ct', ...packagedBinary, profile: 'release',
      bundles: ['packaged-entrypoint'],
      defines: ['staticStd', 'useOpenssl3', 'linksPathConst=..', 'libcPath=libc', 'pathToNodeModules=../node_modules'],
      flags: [
        '--hints:on',
        ...['std', 'sqlite3', 'pcre', 'libzip', 'libcrypto', 'libssl'].map((lib) => `--dynlibOverride:${lib}`),
        ...appImageLibs,
        ...['libcrypto.so', 'libcrypto.so.3', 'libssl.so'].map((lib) => `--passL:\${APP_DIR}/lib/${lib}`),
      ],
      output: '${APP_DIR}/bin/ct_unwrapped',
    },
    {
      legacy: 'appimage:db-backend-record', unit: 'binaries', target: 'db-backend-record', ...packagedBinary, profile: 'release',
      bundles: ['packaged-entrypoint', 'traces'],
      defines: ['linksPathConst=..', 'libcPath=libc'],
      flags: ['--hints:off', ...['libsqlite3', 'sqlite3', 'pcre', 'libzip'].map((lib) => `--dynlibOverride:${lib}`), ...appImageLibs],
      output: '${APP_DIR}/bin/db-backend-record',
    },
    {
      legacy: 'appimage:index.js', unit: 'javascript', target: 'js:index', ...nimDefaults,
      defines: ['chronicles_sinks=json'], flags: ['--hints:on', '--warnings:off'],
      output: '${APP_DIR}/index.js', alsoCopyTo: ['${APP_DIR}/src/index.js'],
    },
    {
      legacy: 'appimage:server_index.js', unit: 'javascript', target: 'js:server-index', ...nimDefaults,
      defines: ['chronicles_sinks=json'], flags: ['--hints:on', '--warnings:off'],
      output: '${APP_DIR}/server_index.js', alsoCopyTo: ['${APP_DIR}/src/server_index.js'],
    },
    {
      legacy: 'appimage:ui.js', unit: 'javascript', target: 'js:ui', ...packagedRenderer,
      flags: ['--hotCodeReloading:off'],
      output: '${APP_DIR}/ui.js', alsoCopyTo: ['${APP_DIR}/src/ui.js'],
    },
    {
      legacy: 'appimage:subwindow.js', unit: 'javascript', target: 'js:subwindow', ...packagedSubwindow,
      flags: ['--hints:off', '--warnings:off'],
      output: '${APP_DIR}/subwindow.js', alsoCopyTo: ['${APP_DIR}/src/subwindow.js'],
    },

    // Nix derivations: one pinned nim, `${upstream-nim-codetracer.out}/bin/nim`, for the whole file.
    {
      legacy: 'nix:index.js', unit: 'indexJavascript', target: 'js:index', ...nimDefaults, nim: NIX_NIM,
      defines: ['chronicles_sinks=json'], flags: ['--warnings:off'], output: './index.js',
    },
    {
      legacy: 'nix:server_index.js', unit: 'indexJavascript', target: 'js:server-index', ...nimDefaults, nim: NIX_NIM,
      defines: ['chronicles_sinks=json'], flags: ['--warnings:off'], output: './server_index.js',
    },
    {
      legacy: 'nix:subwindow.js', unit: 'subwindowJavascript', target: 'js:subwindow', ...packagedSubwindow, nim: NIX_NIM,
      flags: ['--hints:off', '--warnings:off', '--hotCodeReloading:on'], output: './subwindow.js',
      declaredChanges: [{
        setting: 'nim',
        from: '${upstream-nim-codetracer}/bin/nim',
        to: NIX_NIM,
        reason:
          'The Nix phases export one pinned nim for every derivation; the legacy subwindow phase alone wrote it without .out. ' +
          'upstream-nim-codetracer is nixpkgs nim1 (a wrapper derivation with the single output out) with only postInstallPhase overridden, so both name the same store path.',
      }],
    },
    { legacy: 'nix:ui.js', unit: 'uiJavascript', target: 'js:ui', ...packagedRenderer, nim: NIX_NIM, flags: ['--hotCodeReloading:on'], output: './ui.js' },
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
  ],
  ci: { ctGenDir: 'tools/ct-gen', nodeVersion: '20' },
};
