import { ModelError, validateModel } from '../../generator/model.js';
import type { Model, ModelInput } from '../../model/schema/index.js';
import { fixtureInput } from './fixture-model.js';

/**
 * The fixture model (fixture-model.ts) with a legacy build for parity: one recorded Tup compile
 * (`app`, debug variant), three legacy invocations of other surfaces and the surface calls that
 * replace them. Every row is `identical` or `equivalent`: the flag set is the fixture's own.
 *
 * | row | target, profile | applies `dbg` |
 * | --- | --- | --- |
 * | `tup/debug/bin/app` | app, debug | yes |
 * | `nix:app` | app, debug | yes |
 * | `just:page` | js:page, debug | yes (its `--sourcemap:on` turns `--lineDir` on again) |
 * | `appimage:app` | app, release | no |
 */
export const surfaceFixtureInput: ModelInput = {
  ...fixtureInput,
  packaging: {
    platforms: [{ name: 'appimage', description: 'The AppImage: the binary finds its libraries beside itself', rpathTool: 'patchelf', binaries: [{ target: 'app', rpaths: ['$ORIGIN/lib'] }] }],
  },
  baseline: {
    recordedWith: { tup: 'tup 0.7.11' },
    invocations: [
      {
        id: 'tup/debug/bin/app', surface: 'tup', variant: 'debug', profile: 'debug', file: 'src/app/Tupfile', line: 1, cwd: 'src/build-debug/app', nim: 'nim',
        argv: ['-d:ssl', '--mm:refc', '--path:../../../libs/a', '--path:../../../../sibling/src', '-d:debug', '--lineDir:on', '--dynlibOverride:ssl', '--passL:-lssl', '--hints:on', '--nimcache:/tmp/legacy', '--out:../bin/app', 'c', 'app.nim'],
        output: '../bin/app',
      },
    ],
  },
  legacy: {
    invocations: [
      {
        id: 'nix:app', surface: 'nix', file: 'nix/default.nix', line: 12, nim: '${nim}/bin/nim', output: 'app', target: 'app',
        argv: ['-d:ssl', '--mm:refc', '--path:libs/a', '--path:../sibling/src', '-d:debug', '--lineDir:on', '--dynlibOverride:ssl', '--passL:-lssl', '--hints:on', '--nimcache:/tmp/n', '--out:app', 'c', 'src/app/app.nim'],
      },
      {
        id: 'just:page', surface: 'just', file: 'justfile', line: 3, output: 'page.js', target: 'js:page',
        argv: ['-d:ssl', '--mm:refc', '--path:libs/a', '--path:../sibling/src', '-d:debug', '--lineDir:on', '-d:ui', '--sourcemap:on', '--out:page.js', 'js', 'src/web/page.nim'],
      },
      {
        id: 'appimage:app', surface: 'appimage', file: 'package.sh', line: 7, output: '${APP_DIR}/app', target: 'app',
        argv: ['-d:ssl', '--mm:refc', '--path:libs/a', '--path:../sibling/src', '-d:release', '--dynlibOverride:ssl', '--passL:-lssl', '--hints:on', '--nimcache:/tmp/a', '--out:${APP_DIR}/app', 'c', 'src/app/app.nim'],
      },
    ],
  },
  surfaces: {
    invocations: [
      { legacy: 'nix:app', unit: 'app', target: 'app', profile: 'debug', nim: '${nim}/bin/nim' },
      { legacy: 'just:page', unit: 'build-page', target: 'js:page', profile: 'debug' },
      { legacy: 'appimage:app', unit: 'binaries', target: 'app', profile: 'release', output: '${APP_DIR}/app' },
    ],
  },
};

/** An editable copy of the fixture input, typed loosely for edits. */
export type EditableFixture = ModelInput & {
  bundles: { name: string; args: string[]; declaredChanges?: object[] }[];
  profiles: { name: string; declaredChanges?: object[] }[];
  targets: { name: string; declaredChanges?: object[] }[];
  surfaces: { invocations: Record<string, unknown>[] };
  packaging: { platforms: { name: string; binaries: { target: string }[] }[] };
};

/** A copy of the fixture after `edit`. */
export function editedFixture(edit: (m: EditableFixture) => void): ModelInput {
  const copy = structuredClone(surfaceFixtureInput) as EditableFixture;
  edit(copy);
  return copy;
}

/** The fixture after `edit`, validated. */
export const surfaceFixture = (edit: (m: EditableFixture) => void = () => {}): Model => validateModel(editedFixture(edit));

/** Every validation issue of the fixture after `edit`, as `path: message` (none for a valid model). */
export function fixtureIssues(edit: (m: EditableFixture) => void): string[] {
  try {
    surfaceFixture(edit);
  } catch (error) {
    if (error instanceof ModelError) return error.issues.map((i) => `${i.path}: ${i.message}`);
    throw error;
  }
  return [];
}

/** The maintainer's edit: line directives off in the `dbg` bundle. */
export const lineDirOff = (m: EditableFixture) => {
  const dbg = m.bundles.find((b) => b.name === 'dbg')!;
  dbg.args = dbg.args.map((a) => (a === '--lineDir:on' ? '--lineDir:off' : a));
};
