import { appendFileSync, existsSync, mkdirSync, readdirSync, readFileSync, rmdirSync, rmSync, statSync, symlinkSync, utimesSync, writeFileSync } from 'node:fs';
import { execa } from 'execa';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
// @ts-expect-error: plain JavaScript, beside bin/ct-gen.js
import { BUILD_STATE, keepsReport, reportContext, unlocatedError } from '../../bin/build-state.js';
import { ctGenIn, miniAnswer, miniPackage } from '../support/package-copy.js';
import { tempDir, writeTree } from '../support/tree.js';

/**
 * bin/ct-gen.js compiles model/ and generator/ before it runs them. A model file that does not
 * compile must stop every command, not only the first: tsc emits JavaScript even for sources with
 * errors, and that must never run. In a miniature package (tests/support/package-copy.ts): this
 * bin and the real compiler, with two source files for it to compile, where the package's own
 * would take several times as long for each compile.
 */
describe('bin/ct-gen.js never runs a stale build', () => {
  it('refuses every run while the sources do not compile, and runs again once they do', async () => {
    const copy = await miniPackage('stale-build');
    const ctGen = (...args: string[]) => ctGenIn(copy, args, process.cwd());
    const dest = join(tempDir('stale-build-dest'), 'out');

    const first = await ctGen('generate', '--dest', dest);
    expect(first.exitCode, first.stderr).toBe(0);
    // The package holds the compile of its sources: nothing to compile yet.
    expect(first.stderr).toBe('');
    expect(first.stdout).toBe(miniAnswer(['generate', '--dest', dest]));

    const targets = join(copy, 'model/codetracer/targets.ts');
    const original = readFileSync(targets, 'utf8');
    for (const [what, line, error] of [
      ['a type error', "export const broken: number = 'not a number';\n", /targets\.ts\(\d+,\d+\): error TS2322: Type 'string' is not assignable to type 'number'/],
      ['an unterminated string', "export const broken = 'unterminated;\n", /targets\.ts\(\d+,\d+\): error TS1002: Unterminated string literal/],
    ] as const) {
      writeFileSync(targets, original + line);
      const first = await ctGen('check', '--dest', dest);
      // The second run, with nothing changed, shows the first one's errors without compiling again.
      const second = await ctGen('check', '--dest', dest);
      for (const [run, result] of [['first', first], ['second', second]] as const) {
        expect(result.exitCode, `${what}, ${run} run`).toBe(2);
        expect(result.stderr, `${what}, ${run} run`).toMatch(error);
        expect(result.stderr).toMatch(/\nct-gen: the model or generator does not compile; fix the errors above \(every command refuses to run until then\)$/);
        expect(result.stdout).toBe('');
      }
      expect(first.stderr.split('\n')[0]).toBe('ct-gen: model or generator changed; compiling…');
      expect(second.stderr).toBe(first.stderr.replace(/^.*\n/, 'ct-gen: the model or generator did not compile, and has not changed since:\n'));
    }
    const other = await ctGen('list');
    expect(other.exitCode, 'another command').toBe(2);
    expect(other.stdout).toBe('');
    // A compile that left no report of errors (the compiler crashed or was killed) runs again.
    const stateFile = join(copy, BUILD_STATE);
    const { report, ...crashed } = JSON.parse(readFileSync(stateFile, 'utf8')) as { report?: string };
    expect(report).toMatch(/error TS1002/);
    writeFileSync(stateFile, JSON.stringify(crashed));
    const rerun = await ctGen('list');
    expect(rerun.exitCode).toBe(2);
    expect(rerun.stderr.split('\n')[0]).toBe('ct-gen: the model or generator did not compile; compiling again…');
    expect(rerun.stderr).toContain(report);
    // The package's package.json edited since (what the compiler reads beside the sources): it runs again.
    const manifest = join(copy, 'package.json');
    const packageJson = readFileSync(manifest, 'utf8');
    writeFileSync(manifest, packageJson.replace(/"description": "/, '"description": "(edited) '));
    const edited = await ctGen('list');
    expect(edited.exitCode).toBe(2);
    expect(edited.stderr.split('\n')[0]).toBe('ct-gen: the model or generator did not compile; compiling again…');
    expect(edited.stderr).toContain(report);
    writeFileSync(manifest, packageJson);
    // On a terminal (script(1) gives the run one) the compiler colours its report, as tsc does
    // there itself: the report kept for a pipe is not shown; the one kept on a terminal is, in
    // colour; with NO_COLOR set, tsc's rule, it is compiled again without colour.
    const onTerminal = (env: Record<string, string> = {}) => execa('script', ['-qec', `node ${join(copy, 'bin', 'ct-gen.js')} list`, '/dev/null'], { reject: false, cwd: process.cwd(), env });
    const coloured = /\x1b\[\d+merror\x1b\[0m\x1b\[\d+m TS1002: /;
    const terminal = await onTerminal();
    expect(terminal.exitCode).toBe(2);
    expect(terminal.stdout.split('\r\n')[0]).toBe('ct-gen: the model or generator did not compile; compiling again…');
    expect(terminal.stdout).toMatch(coloured);
    const shown = await onTerminal();
    expect(shown.exitCode).toBe(2);
    expect(shown.stdout).toBe(terminal.stdout.replace(/^.*\r\n/, 'ct-gen: the model or generator did not compile, and has not changed since:\r\n'));
    const plain = await onTerminal({ NO_COLOR: '1' });
    expect(plain.exitCode).toBe(2);
    expect(plain.stdout.split('\r\n')[0]).toBe('ct-gen: the model or generator did not compile; compiling again…');
    expect(plain.stdout).not.toContain('\x1b[');
    expect(plain.stdout).toMatch(/targets\.ts\(\d+,\d+\): error TS1002: Unterminated string literal/);

    writeFileSync(targets, original.replace("['ct']", "['ct', 'ct-fixed']"));
    const fixed = await ctGen('check', '--dest', dest);
    expect(fixed.exitCode, fixed.stderr).toBe(0);
    expect(fixed.stdout).toBe(miniAnswer(['check', '--dest', dest], ['ct', 'ct-fixed']));
    const again = await ctGen('check', '--dest', dest);
    expect(again.exitCode).toBe(0);
    expect(again.stderr).toBe('');
    expect(again.stdout).toBe(fixed.stdout);
  }, 240_000);
  it('a deleted entry of dist/ is written again; npm run build compiles and writes the build state, so the next run compiles nothing', async () => {
    const copy = await miniPackage('stale-build-entry');
    const entry = join(copy, 'dist', 'generator', 'cli', 'main.js');
    const build = () => execa('npm', ['run', '--silent', 'build'], { cwd: copy, reject: false });
    // Deleted: the compiler's build info still lists it as written.
    rmSync(entry);
    const first = await build();
    expect(first.exitCode, first.stderr).toBe(0);
    expect(first.stderr).toBe('ct-gen: model or generator changed; compiling…');
    expect(existsSync(entry)).toBe(true);
    const list = await ctGenIn(copy, ['list'], process.cwd());
    expect(list.exitCode, list.stderr).toBe(0);
    expect(list.stderr).toBe('');
    expect(list.stdout).toBe(miniAnswer(['list']));
    // Built again with nothing changed: the compiler runs (it would notice a new TypeScript), and the state is written again.
    const again = await build();
    expect(again.exitCode, again.stderr).toBe(0);
    expect(again.stderr).toBe('ct-gen: model or generator changed; compiling…');
    expect((await ctGenIn(copy, ['list'], process.cwd())).stderr).toBe('');

    // A file the compiler cannot write (a directory in its place): refused, and once that is
    // gone the next run compiles and runs. (The compiler's build info keeps such an error and
    // reports it again on an incremental compile of unchanged sources, without trying.)
    const targets = join(copy, 'model', 'codetracer', 'targets.ts');
    appendFileSync(targets, '// edited\n');
    const output = join(copy, 'dist', 'model', 'codetracer', 'targets.js');
    rmSync(output);
    mkdirSync(output);
    const blocked = await ctGenIn(copy, ['list'], process.cwd());
    expect(blocked.exitCode).toBe(2);
    expect(blocked.stderr).toMatch(/^error TS5033: Could not write file '.*targets\.js'/m);
    rmdirSync(output);
    const unblocked = await ctGenIn(copy, ['list'], process.cwd());
    expect(unblocked.exitCode, unblocked.stderr).toBe(0);
    expect(unblocked.stderr).toBe('ct-gen: the model or generator did not compile; compiling again…');
    expect(unblocked.stdout).toBe(miniAnswer(['list']));
  }, 240_000);
});

describe('bin/ct-gen.js runs the bundle of a successful compile (bin/bundle.js)', () => {
  it('an entry of the bundle deleted is bundled again; a bundle the bundler warns about is refused, and tried again on the next run', async () => {
    const copy = await miniPackage('stale-build-bundle');
    const list = () => ctGenIn(copy, ['list'], process.cwd());
    const direct = join(copy, 'dist', 'bundle', 'direct.js');
    rmSync(direct);
    // What bundlings left when they were killed: a process that is gone (a PID above Linux's
    // largest), and one still running (this one), which may be bundling still.
    const gone = 2 ** 22 + 1;
    const leftovers = [`bundle.${gone}.tmp`, `bundle.${gone}.old`, `bundle.${process.pid}.tmp`];
    for (const name of leftovers) writeTree(join(copy, 'dist', name), [{ path: 'main.js', content: 'half\n' }]);
    const rebuilt = await list();
    expect(rebuilt.exitCode, rebuilt.stderr).toBe(0);
    expect(rebuilt.stderr).toBe('ct-gen: model or generator changed; compiling…');
    expect(rebuilt.stdout).toBe(miniAnswer(['list']));
    expect(existsSync(direct)).toBe(true);
    expect(readdirSync(join(copy, 'dist')).filter((name) => name.startsWith('bundle.'))).toEqual([`bundle.${process.pid}.tmp`]);
    rmSync(join(copy, 'dist', `bundle.${process.pid}.tmp`), { recursive: true });

    // An import the compiler lets through (its check turned off) and the bundler cannot resolve.
    const main = join(copy, 'generator', 'cli', 'main.ts');
    const original = readFileSync(main, 'utf8');
    writeFileSync(main, `// @ts-ignore\nimport 'ct-gen-no-such-package';\n${original}`);
    for (const [run, first] of [
      ['first', 'ct-gen: model or generator changed; compiling…'],
      ['second', 'ct-gen: the model or generator did not compile; compiling again…'],
    ] as const) {
      const refused = await list();
      expect(refused.exitCode, `${run}: ${refused.stderr}`).toBe(2);
      expect(refused.stdout, run).toBe('');
      const lines = refused.stderr.split('\n');
      expect(lines[0], run).toBe(first);
      expect(lines[1], run).toMatch(/^ct-gen: bundling the compiled JavaScript failed: \[UNRESOLVED_IMPORT\] Could not resolve 'ct-gen-no-such-package'/);
      // Plain text, not the bundler's colours.
      expect(refused.stderr, run).not.toMatch(/\x1b\[/);
    }
    // The last good bundle stayed in place, unused; the temp one is gone.
    expect(readFileSync(join(copy, 'dist', 'bundle', 'main.js'), 'utf8')).not.toContain('ct-gen-no-such-package');
    expect(readdirSync(join(copy, 'dist')).filter((name) => name.startsWith('bundle.'))).toEqual([]);
    writeFileSync(main, original);
    // Sources other than the failed build's: compiled and bundled.
    const fixed = await list();
    expect(fixed.exitCode, fixed.stderr).toBe(0);
    expect(fixed.stderr).toBe('ct-gen: model or generator changed; compiling…');
    expect(fixed.stdout).toBe(miniAnswer(['list']));
  }, 240_000);
});

describe('the compile goes by content, not by time', () => {
  it('a file changed without a newer time than the last compile is compiled: copied back with its old time, or saved while that compile ran', async () => {
    const copy = await miniPackage('stale-build-times');
    const list = () => ctGenIn(copy, ['list'], process.cwd());
    const targets = join(copy, 'model', 'codetracer', 'targets.ts');
    const main = join(copy, 'generator', 'cli', 'main.ts');
    const old = new Date('2020-01-01T00:00:00Z');

    // Copied back with an old time: a model file, then a generator file.
    writeFileSync(targets, "export const targets: string[] = ['ct', 'restored'];\n");
    utimesSync(targets, old, old);
    const model = await list();
    expect(model.stderr).toBe('ct-gen: model or generator changed; compiling…');
    expect(model.stdout).toBe(miniAnswer(['list'], ['ct', 'restored']));
    writeFileSync(main, readFileSync(main, 'utf8').replace('ran: ', 'ran (restored): '));
    utimesSync(main, old, old);
    const generator = await list();
    expect(generator.exitCode, generator.stderr).toBe(0);
    expect(generator.stdout).toMatch(/^ran \(restored\): list\n/);

    // Saved while the last compile ran: after it read the file, before it wrote its build info.
    const built = statSync(join(copy, 'dist', '.tsbuildinfo')).mtime;
    writeFileSync(targets, "export const targets: string[] = ['ct', 'saved'];\n");
    const during = new Date(built.getTime() - 1000);
    utimesSync(targets, during, during);
    const saved = await list();
    expect(saved.stderr).toBe('ct-gen: model or generator changed; compiling…');
    expect(saved.stdout).toMatch(/\ntargets: ct, saved$/);
    // Then nothing to compile.
    expect((await list()).stderr).toBe('');
  }, 120_000);

  it('a file written again with its old size and its old mtime put back is compiled', async () => {
    const copy = await miniPackage('stale-build-same-stamp');
    const list = () => ctGenIn(copy, ['list'], process.cwd());
    const targets = join(copy, 'model', 'codetracer', 'targets.ts');
    // A whole second, which utimes puts back exactly.
    const at = new Date('2024-05-06T07:08:09Z');
    writeFileSync(targets, "export const targets: string[] = ['ct', 'aaaa'];\n");
    utimesSync(targets, at, at);
    expect((await list()).stdout).toBe(miniAnswer(['list'], ['ct', 'aaaa']));
    writeFileSync(targets, "export const targets: string[] = ['ct', 'bbbb'];\n");
    utimesSync(targets, at, at);
    const again = await list();
    expect(again.stderr).toBe('ct-gen: model or generator changed; compiling…');
    expect(again.stdout).toBe(miniAnswer(['list'], ['ct', 'bbbb']));
  }, 120_000);

  it('a file in a folder linked into model/ is a source: its edit is compiled', async () => {
    const copy = await miniPackage('stale-build-linked');
    const list = () => ctGenIn(copy, ['list'], process.cwd());
    const outside = tempDir('stale-build-linked-folder');
    const extra = join(outside, 'extra.ts');
    writeFileSync(extra, "export const extra = 'one';\n");
    symlinkSync(outside, join(copy, 'model', 'codetracer', 'linked'));
    writeFileSync(join(copy, 'model', 'codetracer', 'targets.ts'), "import { extra } from './linked/extra.js';\n\nexport const targets: string[] = ['ct', extra];\n");
    const first = await list();
    expect(first.stdout, first.stderr).toBe(miniAnswer(['list'], ['ct', 'one']));
    writeFileSync(extra, "export const extra = 'two';\n");
    const edited = await list();
    expect(edited.stderr).toBe('ct-gen: model or generator changed; compiling…');
    expect(edited.stdout).toBe(miniAnswer(['list'], ['ct', 'two']));
    // A link back into the linked folder is walked once; a link that leads nowhere is no source.
    symlinkSync('.', join(outside, 'loop'));
    symlinkSync('self', join(outside, 'self'));
    symlinkSync('missing', join(outside, 'dangling.ts'));
    writeFileSync(extra, "export const extra = 'three';\n");
    const looped = await list();
    expect(looped.stdout, looped.stderr).toBe(miniAnswer(['list'], ['ct', 'three']));
  }, 120_000);
});

describe('a failed compile\'s report is kept while nothing it depends on changes (bin/build-state.js)', () => {
  it('reportContext changes with the directory, the terminal, and each file the compiler reads besides the sources', () => {
    const root = tempDir('report-context');
    const files = ['package.json', 'node_modules/.package-lock.json', 'node_modules/typescript-native/package.json', 'node_modules/@types/node/package.json'];
    for (const file of files) {
      mkdirSync(join(root, file, '..'), { recursive: true });
      writeFileSync(join(root, file), '{"name": "x", "version": "1.0.0"}\n');
    }
    const at = { cwd: '/somewhere', pretty: false };
    const base = reportContext(root, at);
    expect(reportContext(root, { ...at })).toBe(base);
    expect(reportContext(root, { ...at, cwd: '/elsewhere' })).not.toBe(base);
    expect(reportContext(root, { ...at, pretty: true })).not.toBe(base);
    // Each edit changes the size too: npm's record is taken by mtime and size (two writes may
    // share an mtime tick), the others by content.
    for (const file of files) {
      const before = reportContext(root, at);
      writeFileSync(join(root, file), `{"name": "x", "version": "1.0.0-${file.length}"}\n`);
      expect(reportContext(root, at), file).not.toBe(before);
    }
  });

  it('keepsReport: errors located in files, from a compile that ended on them; not a crash, nor an error with no file', () => {
    const located = "model/x.ts(3,14): error TS2322: Type 'string' is not assignable to type 'number'.\n";
    const pretty = "\x1b[96mmodel/x.ts\x1b[0m:\x1b[93m3\x1b[0m:\x1b[93m14\x1b[0m - \x1b[91merror\x1b[0m\x1b[90m TS2322: \x1b[0mType 'string' is not assignable to type 'number'.\n";
    expect(keepsReport(2, located)).toBe(true);
    expect(keepsReport(1, located)).toBe(true);
    expect(keepsReport(2, pretty)).toBe(true);
    expect(keepsReport(null, located)).toBe(false);
    expect(keepsReport(134, located)).toBe(false);
    expect(keepsReport(2, '')).toBe(false);
    const unwritable = "error TS5033: Could not write file '/p/dist/model/x.js': EISDIR: illegal operation on a directory, open '/p/dist/model/x.js'.\n";
    expect(keepsReport(2, located + unwritable)).toBe(false);
    expect(keepsReport(2, pretty + `\x1b[91merror\x1b[0m\x1b[90m TS5033: \x1b[0mCould not write file.\n`)).toBe(false);
    expect(unlocatedError(located + unwritable)).toBe(true);
    expect(unlocatedError(located + pretty)).toBe(false);
  });
});
