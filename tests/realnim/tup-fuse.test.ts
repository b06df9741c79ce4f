import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync } from 'node:fs';
import { join, posix } from 'node:path';
import { describe, expect, it } from 'vitest';
import { writeCodetracerTree } from '../support/codetracer-tree.js';
import { hostPlatform, hostVariant, nimcacheLock, runArtefact, standInLine, switchValue, underLocks, writeStandIns } from '../support/realnim.js';
import { writeCargoStub, writeStub } from '../support/stubs.js';
import { shlexSplitAll, tempDir } from '../support/tree.js';
import { model } from '../support/model.js';

/*
 * The staged Tup tree built by FUSE tup with real nim: every nim rule runs the generated driver,
 * which must produce an artefact that runs. Only cargo, stylus and tsc are stand-ins.
 */

const variant = hostVariant(model);
const nimRules = model.tup.nodes.flatMap((node) => node.rules.flatMap((rule) => (rule.kind === 'nim' ? [rule] : [])));

/** The fixed nimcaches the variant's nim rules build into, from the driver's --dry-run. */
function fixedNimcaches(root: string, env: Record<string, string>): string[] {
  const driver = join(root, model.layout.driver);
  const help = spawnSync('bash', [driver, '--help'], { encoding: 'utf8', env }).stdout;
  const platform = variant.platform ?? hostPlatform(model);
  const platformOptions = /^\s*--platform\b/m.test(help) && platform !== undefined ? ['--platform', platform] : [];
  const lines = nimRules.map((rule) => {
    const dry = spawnSync('bash', [driver, '--target', rule.target, '--profile', variant.profile, ...platformOptions, '--dry-run'], { encoding: 'utf8', env });
    if (dry.status !== 0) throw new Error(`dry run of ${rule.target} failed: ${dry.stderr}`);
    return dry.stdout;
  });
  return shlexSplitAll(lines).flatMap((argv) => switchValue(argv, 'nimcache') ?? []);
}

describe('staged Tup tree with real nim', () => {
  it(`FUSE tup builds ${variant.dir} (profile ${variant.profile}); every nim artefact runs`, async () => {
    const root = tempDir('realnim-tup');
    writeCodetracerTree(root, model);
    writeStandIns(root, model);
    const bin = join(root, 'stubs');
    writeStub(bin, 'stylus', join(root, 'stylus.log'), { outputFromArg: 'dash-o' });
    writeStub(bin, 'tsc', join(root, 'tsc.log'));
    writeCargoStub(bin, join(root, 'cargo.log'));
    const home = join(root, 'home');
    mkdirSync(home);
    // nim is the real one on PATH; HOME keeps nim's default nimcache (~/.cache/nim) in the temp dir.
    const env = { PATH: `${bin}:${process.env.PATH}`, HOME: home, XDG_CACHE_HOME: join(home, '.cache') };
    const src = join(root, 'src');
    execFileSync('tup', ['init'], { cwd: src, env, stdio: 'pipe' });
    // Targets with a fixed nimcache share it with tests/realnim/driver.test.ts.
    const [command, args] = underLocks(fixedNimcaches(root, env).map(nimcacheLock), 'tup', [`../${variant.dir}`]);
    // The staging ADR: tup runs from the staged tree; the variant directory is its sibling.
    const build = spawnSync(command, args, { cwd: join(src, 'build'), env, encoding: 'utf8' });
    if (build.status !== 0 && /fuse|FUSE|mount/.test(build.stdout + build.stderr)) {
      throw new Error(`tup could not use FUSE here (is fuse3 installed and /dev/fuse usable?):\n${build.stderr}`);
    }
    expect(build.status, build.stdout + build.stderr).toBe(0);

    expect(nimRules.length).toBeGreaterThan(0);
    for (const rule of nimRules) {
      const target = model.targets.find((t) => t.name === rule.target)!;
      const artefact = join(src, variant.dir, 'build', ...posix.normalize(rule.output).split('/'));
      expect(existsSync(artefact), `${rule.target}: ${artefact}`).toBe(true);
      const ran = await runArtefact(artefact, target.kind === 'nim-js' ? 'js' : 'native', root);
      expect(ran.stderr, rule.target).toBe('');
      expect(ran.status, rule.target).toBe(0);
      expect(ran.stdout, rule.target).toBe(`${standInLine(target.source)}\n`);
    }
  });
});
