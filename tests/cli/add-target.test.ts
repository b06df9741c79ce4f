import { execa } from 'execa';
import { appendFileSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { format } from 'prettier';
import { beforeAll, describe, expect, it } from 'vitest';
import { MODEL_STYLE } from '../../generator/authoring/array-edit.js';
import { declaredSources } from '../support/codetracer-tree.js';
import { copyPackage, ctGenIn, pkg } from '../support/package-copy.js';
import { readLog, writeStub } from '../support/stubs.js';
import { readTree, tempDir } from '../support/tree.js';
import { model } from '../support/model.js';

const TARGETS = 'model/codetracer/targets.ts';
const TUP = 'model/codetracer/tup.ts';
const tracer = join(import.meta.dirname, '..', 'support', 'loaded-modules.mjs');

/** `text` with `lines` inserted after its line `after` (0-based): the edit must add exactly these lines and change no other byte. */
function withLinesAfter(text: string, after: number, lines: readonly string[]): string {
  const all = text.split('\n');
  return [...all.slice(0, after + 1), ...lines, ...all.slice(after + 1)].join('\n');
}

/** The 0-based index of the first line from `from` that is exactly `line`. */
function lineIndex(text: string, line: string, from = 0): number {
  const at = text.split('\n').findIndex((l, i) => i >= from && l === line);
  expect(at, line).toBeGreaterThanOrEqual(0);
  return at;
}

/** ct's argv, renamed as a target like it called ct-selfcheck: its source, output and nimcache. */
const asSelfcheck = (argv: string[]) =>
  argv.map((a) => a.replace(/^--nimcache:(.*)\/ct$/, '--nimcache:$1/ct-selfcheck').replace(/^--out:(.*)\bct$/, '--out:$1ct-selfcheck').replace(/src\/ct\/codetracer\.nim$/, 'src/ct/selfcheck.nim'));

/** The 1-based line of the `{` that opens the element holding the line with `mark`. */
function elementLine(text: string, mark: string): number {
  const lines = text.split('\n');
  let at = lines.findIndex((l) => l.includes(mark));
  while (at > 0 && lines[at]!.trim() !== '{') at--;
  return at + 1;
}

/**
 * `ct-gen add-target` in a copy of the package: it edits the copy's model/codetracer/*.ts, and the
 * copy's bin/ct-gen.js compiles them before generate runs. A new target must reach the driver,
 * the staged Tup tree and explain; a refused request leaves every file as it was.
 */
describe('ct-gen add-target', () => {
  let root: string;
  let dest: string;
  const ctGen = (...args: string[]) => ctGenIn(root, args);
  const read = (path: string) => readFileSync(join(root, path), 'utf8');

  beforeAll(async () => {
    root = copyPackage('add-target');
    dest = join(tempDir('add-target-dest'), 'out');
    const list = await ctGen('list');
    expect(list.exitCode, list.stderr).toBe(0);
    // The copy starts from this package's compile (copyCompiled): nothing to compile.
    expect(list.stderr).toBe('');
  });

  describe('refuses, naming the argument, and writes nothing', () => {
    const known = (names: string[]) => names.join(', ');
    const nodes = model.tup.nodes.map((n) => (n.dir === '' ? '.' : n.dir));
    const cases: [string, string[], string][] = [
      [
        'a name that exists, with what it says differently',
        ['ct', '--source', 'src/ct/other.nim'],
        `ct-gen: <name>: target "ct" already exists (${TARGETS}:${elementLine(readFileSync(join(pkg, TARGETS), 'utf8'), "name: 'ct',")}:3), with source "src/ct/codetracer.nim" (not "src/ct/other.nim"); choose another name (nothing was written)`,
      ],
      ['a name the model would reject', ['Doctor', '--source', 'src/ct/selfcheck.nim'], 'ct-gen: <name>: "Doctor" must be lower-case letters, digits and dashes, optionally prefixed like js:index (nothing was written)'],
      [
        'a name that becomes the same identifier as another',
        ['js-index', '--source', 'src/frontend/other.nim'],
        'ct-gen: <name>: "js-index" and the target "js:index" both become JS_INDEX in generated files; choose another name (nothing was written)',
      ],
      [
        'a source outside src/',
        ['ct-selfcheck', '--source', 'tools/selfcheck.nim'],
        'ct-gen: --source: "tools/selfcheck.nim" is outside src/: a target\'s source is a path under src/ relative to the checkout root, e.g. src/ct/doctor.nim (nothing was written)',
      ],
      [
        'a source that climbs out of src/',
        ['ct-selfcheck', '--source', 'src/../selfcheck.nim'],
        'ct-gen: --source: "src/../selfcheck.nim" is outside src/: a target\'s source is a path under src/ relative to the checkout root, e.g. src/ct/doctor.nim (nothing was written)',
      ],
      [
        'an absolute source',
        ['ct-selfcheck', '--source', '/src/ct/selfcheck.nim'],
        'ct-gen: --source: "/src/ct/selfcheck.nim" is outside src/: a target\'s source is a path under src/ relative to the checkout root, e.g. src/ct/doctor.nim (nothing was written)',
      ],
      ['a js: name with a native kind', ['js:selfcheck', '--source', 'src/frontend/selfcheck.nim', '--kind', 'c'], 'ct-gen: --kind: --kind c makes a native executable, but "js:selfcheck" names a JS bundle (js:); name it without js:, or use --kind js (nothing was written)'],
      ['the kind as ct-gen list names it', ['js:selfcheck', '--source', 'src/frontend/selfcheck.nim', '--kind', 'nim-c'], 'ct-gen: --kind: --kind c makes a native executable, but "js:selfcheck" names a JS bundle (js:); name it without js:, or use --kind js (nothing was written)'],
      [
        'a JS bundle followed, without a js: name',
        ['selfcheck', '--source', 'src/frontend/selfcheck.nim', '--like', 'js:ui'],
        'ct-gen: --like: --like js:ui (a JS bundle) makes a JS bundle, whose name starts with js: (js:selfcheck); or use --kind c (nothing was written)',
      ],
      ['a source that is no nim module', ['ct-selfcheck', '--source', 'src/ct/selfcheck.nims'], 'ct-gen: --source: "src/ct/selfcheck.nims" must end with .nim (nothing was written)'],
      ['a misspelled --like', ['ct-selfcheck', '--source', 'src/ct/selfcheck.nim', '--like', 'db-backend-recrd'], 'ct-gen: --like: unknown target "db-backend-recrd"; did you mean "db-backend-record"? (nothing was written)'],
      [
        'an unknown --like',
        ['ct-selfcheck', '--source', 'src/ct/selfcheck.nim', '--like', 'nothing-like-it'],
        `ct-gen: --like: unknown target "nothing-like-it"; known: ${known(model.targets.map((t) => t.name))} (nothing was written)`,
      ],
      [
        'a misspelled --tup-dir',
        ['ct-selfcheck', '--source', 'src/ct/selfcheck.nim', '--tup-dir', 'tiu'],
        'ct-gen: --tup-dir: unknown Tup node "tiu"; did you mean "tui"? (a new node is made only for a directory that holds --source) (nothing was written)',
      ],
      [
        'a --tup-dir that is no node and does not hold the source',
        ['ct-selfcheck', '--source', 'src/ct/selfcheck.nim', '--tup-dir', 'somewhere/else'],
        `ct-gen: --tup-dir: unknown Tup node "somewhere/else"; known: ${known(nodes)} (a new node is made only for a directory that holds --source) (nothing was written)`,
      ],
      ['a --tup-dir outside src/', ['ct-selfcheck', '--source', 'src/ct/selfcheck.nim', '--tup-dir', '../ct'], 'ct-gen: --tup-dir: "../ct" must be a directory relative to src/ (e.g. ct, or . for src/ itself) (nothing was written)'],
      [
        'a --tup-dir where Tup writes',
        ['ct-selfcheck', '--source', 'src/build/selfcheck.nim', '--tup-dir', 'build'],
        'ct-gen: --tup-dir: "build" is where Tup builds (src/build or a variant directory), not a source directory with a Tup node (nothing was written)',
      ],
      [
        'an output another target has',
        ['ct-selfcheck', '--source', 'src/ct/selfcheck.nim', '--output', 'ct'],
        'ct-gen: --output: "ct" is already the output of target "ct"; name another with --output (nothing was written)',
      ],
      [
        'an output that is no file name',
        ['ct-selfcheck', '--source', 'src/ct/selfcheck.nim', '--output', 'bin/ct-selfcheck'],
        `ct-gen: --output: "bin/ct-selfcheck" must be a plain file name (the artefact's name; the Tup rule says where it is staged) (nothing was written)`,
      ],
      [
        'a model given with --model',
        ['ct-selfcheck', '--source', 'src/ct/selfcheck.nim', '--model', 'model.json'],
        'ct-gen: --model: add-target edits the built-in model (model/codetracer/*.ts), not model.json; add the target to its targets (and its rule to tup.nodes) by hand (nothing was written)',
      ],
      ['no --source', ['ct-selfcheck'], "ct-gen: Missing required argument: source\nRun 'ct-gen --help' for usage."],
      ['an unknown --kind', ['ct-selfcheck', '--source', 'src/ct/selfcheck.nim', '--kind', 'rust'], 'ct-gen: --kind "rust" is not one of c, js, nim-c, nim-js\nRun \'ct-gen --help\' for usage.'],
      ['--tup-output without --tup-dir', ['ct-selfcheck', '--source', 'src/ct/selfcheck.nim', '--tup-output', 'bin/x'], "ct-gen: Implications failed:\n tup-output -> tup-dir\nRun 'ct-gen --help' for usage."],
    ];
    it.each(cases)('%s', async (_name, args, want) => {
      const before = readTree(join(root, 'model'));
      const result = await ctGen('add-target', ...args, '--dest', dest);
      expect(result.stderr).toBe(want);
      expect(result.exitCode).toBe(2);
      expect(result.stdout).toBe('');
      expect(readTree(join(root, 'model'))).toEqual(before);
      expect(existsSync(dest)).toBe(false);
    });

    it('a Tup node whose rules the model computes', async () => {
      const computed = model.tup.nodes.find((n) => n.dir === 'public/resources')!;
      const result = await ctGen('add-target', 'ct-selfcheck', '--source', `src/${computed.dir}/selfcheck.nim`, '--tup-dir', computed.dir, '--dest', dest);
      expect(result.exitCode).toBe(2);
      expect(result.stderr).toMatch(new RegExp(`^ct-gen: --tup-dir: the rules of tup\\.nodes\\["public/resources"\\] \\(${TUP}:\\d+:\\d+\\) are computed, not written as a list; add the rule there by hand \\(nothing was written\\)$`));
      expect(existsSync(dest)).toBe(false);
    });

    it('a value the model rejects in the rule or target added: the argument that gave it, not a line the edit would write', async () => {
      const before = read(TUP);
      const result = await ctGen('add-target', 'ct-selfcheck', '--source', 'src/ct/selfcheck.nim', '--tup-dir', 'ct', '--tup-output', 'bin/ct', '--dest', dest);
      expect(result.exitCode).toBe(2);
      const ct = model.tup.nodes.find((n) => n.dir === 'ct')!;
      expect(result.stderr).toBe(`ct-gen: --tup-output: "bin/ct" is already produced by tup.nodes["ct"].rules[${ct.rules.findIndex((r) => r.kind === 'nim' && r.output === 'bin/ct')}] (nothing was written)`);
      const described = await ctGen('add-target', 'ct-selfcheck', '--source', 'src/ct/selfcheck.nim', '--description', 'two\nlines', '--dest', dest);
      expect(described.exitCode).toBe(2);
      expect(described.stderr).toMatch(/^ct-gen: --description: .*\(got "two\\nlines"\) \(nothing was written\)$/);
      expect(read(TUP)).toBe(before);
      expect(existsSync(dest)).toBe(false);
    });

    it('a checkout that lacks the new source', async () => {
      const checkout = tempDir('add-target-checkout');
      const files = new Map(declaredSources(model));
      for (const t of model.targets) if (!files.has(t.source)) files.set(t.source, '');
      for (const [path, content] of files) {
        mkdirSync(dirname(join(checkout, path)), { recursive: true });
        writeFileSync(join(checkout, path), content);
      }
      const before = readTree(checkout);
      const result = await ctGen('add-target', 'ct-selfcheck', '--source', 'src/ct/selfcheck.nim', '--dest', checkout);
      expect(result.stderr).toBe(`ct-gen: --source: src/ct/selfcheck.nim does not exist in the checkout ${checkout}; create it first (nothing was written)`);
      expect(result.exitCode).toBe(2);
      expect(readTree(checkout)).toEqual(before);
    });
    it('a destination where generate would refuse a file edited by hand: exit 1 and the command that overwrites it', async () => {
      const edited = join(tempDir('add-target-edited'), 'out');
      expect((await ctGen('generate', '--dest', edited)).exitCode).toBe(0);
      appendFileSync(join(edited, 'tools', 'build', 'build_codetracer.sh'), '# edited by hand\n');
      const [models, output] = [readTree(join(root, 'model')), readTree(edited)];
      const result = await ctGen('add-target', 'ct-selfcheck', '--source', 'src/ct/selfcheck.nim', '--dest', edited);
      expect(result.exitCode).toBe(1);
      expect(result.stderr.split('\n').slice(0, 2)).toEqual([
        `ct-gen: generate would refuse tools/build/build_codetracer.sh in ${edited} (ct-gen check shows why), so nothing was written; to write them first, run:`,
        `  npx ct-gen generate --dest ${edited} --force`,
      ]);
      expect(readTree(join(root, 'model'))).toEqual(models);
      expect(readTree(edited)).toEqual(output);
    });
  });

  describe('a native target like ct, built by the ct Tup node', () => {
    const command = ['add-target', 'ct-selfcheck', '--source', 'src/ct/selfcheck.nim', '--like', 'ct', '--tup-dir', 'ct'];
    let before: Record<string, string>;
    let result: Awaited<ReturnType<typeof ctGen>>;

    /** The modules the run loaded (tests/support/loaded-modules.mjs), one URL a line. */
    let loaded: string[];

    beforeAll(async () => {
      before = { [TARGETS]: read(TARGETS), [TUP]: read(TUP) };
      const list = join(tempDir('add-target-modules'), 'modules.txt');
      result = await execa('node', ['--import', tracer, join(root, 'bin', 'ct-gen.js'), ...command, '--dest', dest], { cwd: root, reject: false, env: { CT_GEN_LOADED_MODULES: list } });
      loaded = readFileSync(list, 'utf8').split('\n').filter(Boolean);
    }, 600_000);

    it('loads one TypeScript compiler, the one ts-morph bundles, to edit and to transpile the model', () => {
      expect(result.exitCode, result.stderr).toBe(0);
      const compilers = [...new Set(loaded.filter((url) => /\/typescript\.js$/.test(url)))];
      expect(compilers).toHaveLength(1);
      expect(compilers[0]).toMatch(/\/node_modules\/@ts-morph\/common\//);
    });

    it("inserts the target after ct and the rule after ct's, adding lines and changing nothing else, formatted as prettier does", async () => {
      expect(result.exitCode, result.stderr).toBe(0);
      const targets = before[TARGETS]!;
      // ct's element ends at the first `  },` after its name.
      const ctEnd = lineIndex(targets, '  },', lineIndex(targets, "    name: 'ct',"));
      expect(read(TARGETS)).toBe(
        withLinesAfter(targets, ctEnd, [
          '  {',
          "    name: 'ct-selfcheck',",
          "    description: 'Native executable built from src/ct/selfcheck.nim',",
          "    kind: 'nim-c',",
          "    source: 'src/ct/selfcheck.nim',",
          "    output: 'ct-selfcheck',",
          '    bundles: entrypointBundles,',
          '    args: [],',
          "    nimcache: { policy: 'fixed', path: '/tmp/ct-nim-cache/{profile}/ct-selfcheck' },",
          '    extraOutputs: [],',
          '  },',
        ]),
      );
      const ctRule = lineIndex(before[TUP]!, "        { kind: 'nim', target: 'ct', output: 'bin/ct' },");
      expect(read(TUP)).toBe(withLinesAfter(before[TUP]!, ctRule, ["        { kind: 'nim', target: 'ct-selfcheck', output: 'bin/ct-selfcheck' },"]));
      // A file in prettier's layout stays in it.
      if ((await format(targets, MODEL_STYLE)) === targets) expect(await format(read(TARGETS), MODEL_STYLE)).toBe(read(TARGETS));

      expect(result.stdout.split('\n').slice(0, 3)).toEqual([
        'ct-gen: added target "ct-selfcheck" (nim-c, src/ct/selfcheck.nim -> ct-selfcheck; bundles, args, nimcache and extra outputs as "ct"):',
        `  ${TARGETS}:${ctEnd + 2}:3: targets["ct-selfcheck"]`,
        `  ${TUP}:${ctRule + 2}:9: tup.nodes["ct"]: a rule staging bin/ct-selfcheck`,
      ]);
      // Then generate's summary and what it changed.
      expect(result.stdout).toMatch(/^ct-gen: \d+ files in .*: \d+ created, 0 updated, 0 deleted, 0 unchanged$/m);
      expect(result.stdout).toMatch(/^ {2}created {2}tools\/build\/build_codetracer\.sh$/m);
    });

    it('the edited model type-checks, validates, and the output is what it generates', async () => {
      // The copy's sources with the package's compiler options (the copy has no tests to add) and
      // its compiler (bin's), on the build info generate's compile left.
      const tsc = await execa('node', [join(root, 'node_modules', 'typescript-native', 'bin', 'tsc'), '-p', 'tsconfig.json', '--noEmit'], { cwd: root, reject: false });
      expect(tsc.exitCode, tsc.stdout).toBe(0);
      const check = await ctGen('check', '--dest', dest);
      expect(check.exitCode, check.stderr).toBe(0);
      // dist/ was compiled from the edited sources by generate's run: nothing compiles again.
      expect(check.stderr).toBe('');
      expect(check.stdout).toBe('ct-gen check: up to date');
    });

    it('the driver lists it and runs nim like ct, with its own source, output and nimcache', async () => {
      const driver = join(dest, 'tools', 'build', 'build_codetracer.sh');
      const list = await execa('bash', [driver, '--list-targets']);
      expect(list.stdout.split('\n')).toContain('ct-selfcheck');
      const log = join(tempDir('add-target-nim'), 'nim.log');
      const nim = writeStub(join(dirname(log), 'bin'), 'nim', log);
      for (const target of ['ct', 'ct-selfcheck']) {
        const run = await execa('bash', [driver, '--target', target], { env: { NIM: nim }, reject: false });
        expect(run.exitCode, run.stderr).toBe(0);
      }
      const [ct, selfcheck] = readLog(log).map((r) => r.argv);
      expect(selfcheck).toEqual(asSelfcheck(ct!));
    });

    it('the ct Tupfile builds it through its own driver macro', () => {
      const tupfile = readFileSync(join(dest, 'src', 'build', 'ct', 'Tupfile'), 'utf8');
      expect(tupfile).toContain(': $(SRC_DIR)/selfcheck.nim |> !ct_nim_ct_selfcheck |> ../bin/ct-selfcheck$(EXE_SUFFIX)\n');
      const rules = readFileSync(join(dest, 'src', 'build', 'Tuprules.tup'), 'utf8');
      expect(rules).toMatch(/^!ct_nim_ct_selfcheck = \|> \^ BUILD ct-selfcheck %o\^ \$\(CT_DRIVER\) --target ct-selfcheck --profile \$\(CT_PROFILE\) /m);
    });

    it('explain gives the argv of ct with its own source, output and nimcache', async () => {
      const explain = async (target: string) => {
        const run = await ctGen('explain', target, '--format', 'json');
        expect(run.exitCode, run.stderr).toBe(0);
        return (JSON.parse(run.stdout) as { argv: { value: string }[] }).argv.map((a) => a.value);
      };
      const ct = await explain('ct');
      expect(await explain('ct-selfcheck')).toEqual(asSelfcheck(ct));
    });

    it('the same command again changes nothing: exit 0, every file as it was', async () => {
      const model = readTree(join(root, 'model'));
      const output = readTree(dest);
      const again = await ctGen(...command, '--dest', dest);
      expect(again.stderr).toBe('');
      expect(again.exitCode).toBe(0);
      const at = elementLine(read(TARGETS), "name: 'ct-selfcheck',");
      expect(again.stdout).toBe(`ct-gen: target "ct-selfcheck" already exists as given (${TARGETS}:${at}:3); nothing changed`);
      expect(readTree(join(root, 'model'))).toEqual(model);
      expect(readTree(dest)).toEqual(output);
    });
  });

  it('a JS bundle in a new Tup node: kind from the js: name, output from the source, last in targets', async () => {
    const before = { [TARGETS]: read(TARGETS), [TUP]: read(TUP) };
    const result = await ctGen('add-target', 'js:doctor-page', '--source', 'src/frontend/doctor_page.nim', '--tup-dir', 'frontend', '--dest', dest);
    expect(result.exitCode, result.stderr).toBe(0);
    // Last in targets, and a new node last in tup.nodes.
    expect(read(TARGETS)).toBe(
      withLinesAfter(before[TARGETS]!, lineIndex(before[TARGETS]!, '];') - 1, [
        '  {',
        "    name: 'js:doctor-page',",
        "    description: 'JavaScript bundle built from src/frontend/doctor_page.nim',",
        "    kind: 'nim-js',",
        "    source: 'src/frontend/doctor_page.nim',",
        "    output: 'doctor_page.js',",
        '    bundles: [],',
        '    args: [],',
        "    nimcache: { policy: 'nim-default' },",
        '    extraOutputs: [],',
        '  },',
      ]),
    );
    const nodesEnd = lineIndex(before[TUP]!, '  ],', lineIndex(before[TUP]!, '  nodes: ['));
    expect(read(TUP)).toBe(withLinesAfter(before[TUP]!, nodesEnd - 1, ["    { dir: 'frontend', rules: [{ kind: 'nim', target: 'js:doctor-page', output: 'frontend/doctor_page.js' }], omitted: [] },"]));
    expect(result.stdout).toMatch(/^ {2}created {2}src\/build\/frontend\/Tupfile$/m);
    expect(readFileSync(join(dest, 'src', 'build', 'frontend', 'Tupfile'), 'utf8')).toContain(': $(SRC_DIR)/doctor_page.nim |> !ct_nim_js_doctor_page |> doctor_page.js\n');
    const list = await execa('bash', [join(dest, 'tools', 'build', 'build_codetracer.sh'), '--list-targets']);
    expect(list.stdout.split('\n').pop()).toBe('js:doctor-page');
  }, 600_000);
});
