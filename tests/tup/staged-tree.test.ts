import { execFileSync, spawnSync } from 'node:child_process';
import { appendFileSync, lstatSync, readdirSync, readFileSync, realpathSync } from 'node:fs';
import { join, posix, relative } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { resolveArgv, extraOutputs } from '../../generator/resolve/argv.js';
import { copyTree, sampleFor, writeCodetracerTree } from '../support/codetracer-tree.js';
import { readLog, writeCargoStub, writeStub } from '../support/stubs.js';
import { tempDir } from '../support/tree.js';
import { model } from '../support/model.js';
import { fixture, fixtureInput } from '../support/fixture-model.js';
import { validateModel } from '../../generator/model.js';
import type { Model } from '../../model/schema/index.js';

/** Every file and symlink under dir (skipping tup's own database) with a fingerprint of its state. */
function fingerprint(dir: string): Map<string, string> {
  const out = new Map<string, string>();
  const walk = (d: string) => {
    for (const entry of readdirSync(d, { withFileTypes: true })) {
      const path = join(d, entry.name);
      const rel = relative(dir, path);
      if (rel === 'src/.tup' || rel === 'stubs' || rel === 'scratch' || rel.endsWith('.log')) continue;
      const info = lstatSync(path);
      if (entry.isDirectory()) walk(path);
      else out.set(rel, `${info.mtimeMs}:${info.size}:${entry.isSymbolicLink() ? 'link' : 'file'}`);
    }
  };
  walk(dir);
  return out;
}

function changed(before: Map<string, string>, after: Map<string, string>): string[] {
  return [...after].filter(([path, state]) => before.get(path) !== state).map(([path]) => path).sort();
}


/** The executable suffix of a variant's platform (the host's, Linux here, when the variant names none). */
const exeSuffix = (platform: string | undefined) => model.platforms.find((p) => p.name === (platform ?? 'linux'))!.exeSuffix;

/** The files the staged rules must produce, below `stagedRoot` (src/build or a variant's build/). */
function expectedOutputs(stagedRoot: string, platform?: string): string[] {
  const suffix = exeSuffix(platform);
  const files: string[] = [];
  for (const node of model.tup.nodes) {
    const here = posix.join(stagedRoot, node.dir);
    for (const rule of node.rules) {
      switch (rule.kind) {
        case 'nim': {
          const target = model.targets.find((t) => t.name === rule.target)!;
          const output = posix.relative(node.dir, rule.output);
          files.push(posix.join(stagedRoot, rule.output) + (target.kind === 'nim-c' ? suffix : ''), ...extraOutputs(target, output).map((x) => posix.join(here, x)));
          break;
        }
        case 'cargo':
          files.push(posix.join(stagedRoot, rule.output) + suffix);
          break;
        case 'stylus':
          files.push(...rule.inputs.map((i) => posix.join(here, i.replace(/\.styl$/, '.css'))));
          break;
        case 'copy':
          files.push(posix.join(stagedRoot, rule.output ?? posix.join(node.dir, rule.input)));
          break;
        case 'copy-glob':
          files.push(posix.join(here, sampleFor(rule.glob)));
          break;
      }
    }
  }
  return files.map((f) => posix.normalize(f)).sort();
}

function stubs(root: string) {
  const bin = join(root, 'stubs');
  writeStub(bin, 'nim', join(root, 'nim.log'), { createsOut: true, extraBySource: { tester: ['macro_sourcemap_tester.json'] } });
  writeStub(bin, 'stylus', join(root, 'stylus.log'), { outputFromArg: 'dash-o' });
  // Windows variants run the .cmd shim and redirect its standard output.
  writeStub(bin, 'stylus.cmd', join(root, 'stylus.log'));
  writeCargoStub(bin, join(root, 'cargo.log'));
  return { PATH: `${bin}:${process.env.PATH}`, HOME: process.env.HOME ?? root };
}

/** The recorded nim argv must be exactly the resolver's for the rule's target and profile. */
function expectResolverArgv(root: string, profile: string, stagedRoot: string, platform = 'linux') {
  const records = readLog(join(root, 'nim.log'));
  const nimRules = model.tup.nodes.flatMap((node) => node.rules.flatMap((rule) => (rule.kind === 'nim' ? [{ node, rule }] : [])));
  expect(records).toHaveLength(nimRules.length);
  for (const { node, rule } of nimRules) {
    const target = model.targets.find((t) => t.name === rule.target)!;
    const output = posix.relative(node.dir, rule.output) + (target.kind === 'nim-c' ? exeSuffix(platform) : '');
    const cwd = join(realpathSync(root), 'src', stagedRoot, node.dir);
    const record = records.find((r) => r.cwd === cwd && r.argv.includes(`--out:${output}`));
    expect(record, `no nim run for ${rule.target} in ${cwd}`).toBeDefined();
    const want = resolveArgv(model, rule.target, profile, { output, sourceRoot: realpathSync(root), platform }).map((a) => a.value);
    expect(record!.argv).toEqual(want);
  }
}

let pristine: string;

beforeAll(() => {
  pristine = tempDir('tup-tree');
  writeCodetracerTree(pristine, model);
});

describe('staged Tup tree, built by real tup', () => {
  it('generated script (tup generate) writes only the expected files, all under src/build', () => {
    const root = tempDir('tup-generate');
    copyTree(pristine, root);
    const env = stubs(root);
    const src = join(root, 'src');
    execFileSync('tup', ['generate', '--config', 'build-debug/tup.config', 'build/tup.sh'], { cwd: src, env, stdio: 'pipe' });
    const before = fingerprint(root);
    const run = spawnSync('sh', ['build/tup.sh'], { cwd: src, env, encoding: 'utf8' });
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
    const touched = changed(before, fingerprint(root));
    expect(touched.filter((p) => !p.startsWith('src/build/'))).toEqual([]);
    expect(touched).toEqual(expectedOutputs('src/build'));
    expectResolverArgv(root, 'debug', 'build');
  });

  for (const { dir: variant, profile, platform } of model.tup.variants) {
    it(`FUSE build of ${variant} succeeds, writes only under src/${variant}/build, with the ${profile} argv${platform ? ` for ${platform}` : ''}`, () => {
      const root = tempDir(`tup-${variant}`);
      copyTree(pristine, root);
      const env = stubs(root);
      const src = join(root, 'src');
      // A drive-letter scratch directory (C:/tmp) is relative on Linux: point it outside the tree.
      const scratch = model.platforms.find((p) => p.name === platform)?.scratch ?? '/';
      if (!scratch.startsWith('/')) appendFileSync(join(src, variant, 'tup.config'), `CONFIG_SCRATCH=${join(root, 'scratch')}\n`);
      execFileSync('tup', ['init'], { cwd: src, env, stdio: 'pipe' });
      const before = fingerprint(root);
      // The staging ADR: tup runs from the staged tree; the variant directory is its sibling.
      const build = spawnSync('tup', [`../${variant}`], { cwd: join(src, 'build'), env, encoding: 'utf8' });
      if (build.status !== 0 && /fuse|FUSE|mount/.test(build.stdout + build.stderr)) {
        throw new Error(`tup could not use FUSE here (is fuse3 installed and /dev/fuse usable?):\n${build.stderr}`);
      }
      expect(build.status, build.stdout + build.stderr).toBe(0);
      const touched = changed(before, fingerprint(root));
      expect(touched.filter((p) => !p.startsWith(`src/${variant}/build/`))).toEqual([]);
      expect(touched).toEqual(expectedOutputs(`src/${variant}/build`, platform));
      expectResolverArgv(root, profile, `${variant}/build`, platform);
    });
  }

  it('the committed Tup files run nim only through the driver', () => {
    const root = pristine;
    const tupFiles = execFileSync('find', ['src/build', '-name', 'Tupfile', '-o', '-name', 'Tuprules.tup'], { cwd: root, encoding: 'utf8' }).split('\n').filter(Boolean);
    expect(tupFiles.length).toBe(model.tup.nodes.length + 1);
    for (const file of tupFiles) {
      const text = readFileSync(join(root, file), 'utf8')
        .split('\n')
        .filter((line) => !line.startsWith('#'))
        .join('\n');
      expect(text, file).not.toMatch(/(^|[\s;&|(])nim\s/m);
      for (const bundle of model.bundles) for (const arg of bundle.args) expect(text.includes(` ${arg} `), `${file} holds ${arg}`).toBe(false);
    }
  });
});

describe('model digests in the staged tree, read by real tup (the fixture model)', () => {
  /** What `tup generate` writes for each variant of the tree `model` generates: the commands Tup would run. */
  function commands(m: Model): Record<string, string> {
    const root = tempDir('tup-digests');
    writeCodetracerTree(root, m);
    const src = join(root, 'src');
    return Object.fromEntries(
      m.tup.variants.map((v) => {
        execFileSync('tup', ['generate', '--config', `${v.dir}/tup.config`, 'build/tup.sh'], { cwd: src, stdio: 'pipe' });
        return [v.dir, readFileSync(join(src, 'build', 'tup.sh'), 'utf8').replaceAll(root, '<root>')];
      }),
    );
  }

  it("a change of one profile's switches changes the commands of that profile's variants only", () => {
    const before = commands(fixture);
    // A switch added to a bundle only the first profile applies.
    const [first, ...others] = fixture.profiles;
    const only = first!.bundles.find((b) => !others.some((o) => o.bundles.includes(b)))!;
    const edited = validateModel({ ...fixtureInput, bundles: fixtureInput.bundles.map((b) => (b.name === only ? { ...b, args: [...b.args, '--threads:on'] } : b)) });
    const after = commands(edited);
    for (const v of fixture.tup.variants) {
      if (v.profile === first!.name) expect(after[v.dir], v.dir).not.toBe(before[v.dir]);
      else expect(after[v.dir], v.dir).toBe(before[v.dir]);
    }
    expect(fixture.tup.variants.some((v) => v.profile !== first!.name)).toBe(true);
  });
});
