import { existsSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { mkdir, rmdir, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { makeDirectory } from '../../generator/make-dirs.js';
import { tempDir } from '../support/tree.js';

/** A missing folder below /proc: procfs answers mkdir with ENOENT though /proc is there, where Node's recursive mkdir retries forever. */
const PROC = '/proc/ct-gen-absent';

describe('makeDirectory', () => {
  const make = makeDirectory;
  it('creates the missing folders and returns them, outermost first; an existing one is no work', async () => {
    const root = tempDir('make-dirs');
    expect(await make(join(root, 'a', 'b', 'c'))).toEqual([join(root, 'a'), join(root, 'a', 'b'), join(root, 'a', 'b', 'c')]);
    expect(statSync(join(root, 'a', 'b', 'c')).isDirectory()).toBe(true);
    expect(await make(join(root, 'a', 'b', 'd'))).toEqual([join(root, 'a', 'b', 'd')]);
    expect(await make(join(root, 'a'))).toEqual([]);
    expect(await make(`${root}/a/./b/../b/e/`)).toEqual([join(root, 'a', 'b', 'e')]);
  });

  it('a file on the way or at the place is mkdir’s error naming it, and nothing below it is made', async () => {
    const root = tempDir('make-dirs-file');
    writeFileSync(join(root, 'file'), 'x');
    await expect(make(join(root, 'file', 'sub'))).rejects.toMatchObject({ code: 'ENOTDIR', syscall: 'mkdir', path: join(root, 'file', 'sub') });
    await expect(make(join(root, 'file'))).rejects.toMatchObject({ code: 'EEXIST', syscall: 'mkdir', path: join(root, 'file') });
    expect(existsSync(join(root, 'file', 'sub'))).toBe(false);
  });

  it.runIf(existsSync('/proc/self'))('a folder that cannot be made although its parent is there is mkdir’s error naming it', async () => {
    await expect(make(join(PROC, 'out'))).rejects.toMatchObject({ code: 'ENOENT', syscall: 'mkdir', path: PROC });
  });
});

it('a parent another process removes meanwhile (a failed run removing the folders it made) is made again; a folder that cannot be made still fails', async () => {
  const root = tempDir('make-dirs-removed');
  const [parent, child] = [join(root, 'a'), join(root, 'a', 'b')];
  // The other process removes `a` each time right after this one made it, `times` times.
  const removing = (times: number) => ({
    stat,
    mkdir: async (path: string) => {
      await mkdir(path);
      if (path === parent && times-- > 0) await rmdir(parent);
    },
  });
  expect(await makeDirectory(child, removing(3))).toEqual([parent, child]);
  expect(statSync(child).isDirectory()).toBe(true);
  rmSync(parent, { recursive: true });
  await expect(makeDirectory(child, removing(100))).rejects.toMatchObject({ code: 'ENOENT', syscall: 'mkdir', path: child });
});

it('two runs making the same folders at once both succeed; each folder is counted by the run that made it', async () => {
  const root = tempDir('make-dirs-race');
  const deep = join(root, 'a', 'b', 'c', 'd');
  for (let i = 0; i < 10; i++) {
    const target = join(deep, String(i));
    const [one, two] = await Promise.all([makeDirectory(target), makeDirectory(target)]);
    expect(statSync(target).isDirectory()).toBe(true);
    const all = [...one, ...two];
    expect(new Set(all).size, 'no folder counted twice').toBe(all.length);
    expect(all).toContain(target);
  }
});
