import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { emitDriver } from '../../generator/families/driver/emit.js';
import { resolveModel } from '../../generator/resolve/view.js';
import { withHeader } from '../../generator/header.js';
import { fixture } from '../support/fixture-model.js';
import { writeTree, tempDir } from '../support/tree.js';
import { run } from '../support/realnim.js';

/**
 * Real nim 1.6 reads a switch name ignoring case and underscores, so `--ou_t:` sets the output
 * and `--NIM_cache:` the cache. The driver owns both; it must refuse every spelling nim accepts.
 */
describe('switch names as nim reads them', () => {
  const dir = tempDir('switch-names');
  const env = { PATH: process.env.PATH!, HOME: dir };
  writeFileSync(join(dir, 'hello.nim'), 'echo "hello"\n');

  it('nim takes --ou_t: as --out and --NIM_cache: as --nimcache', async () => {
    const ran = await run('nim', ['c', '--hints:off', `--ou_t:${join(dir, 'renamed')}`, `--NIM_cache:${join(dir, 'cache')}`, 'hello.nim'], { cwd: dir, env });
    expect(ran.status, ran.stderr).toBe(0);
    expect(existsSync(join(dir, 'renamed'))).toBe(true);
    expect(existsSync(join(dir, 'cache'))).toBe(true);
  });

  it('the generated driver refuses those spellings in --extra-flag and runs nothing', async () => {
    writeTree(dir, emitDriver(resolveModel(fixture)).map(withHeader));
    for (const flag of ['--ou_t:x', '--NIM_cache:x', '--Out_Dir:x', '-O:x']) {
      const ran = await run('bash', [fixture.layout.driver, '--target', fixture.targets[0]!.name, '--extra-flag', flag], { cwd: dir, env });
      expect(ran.status, flag).toBe(2);
      expect(ran.stderr).toContain(`bad --extra-flag '${flag}'`);
    }
  });
});
