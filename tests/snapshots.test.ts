import { readdirSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { generateFiles } from '../generator/pipeline.js';
import { model } from './support/model.js';

/** The committed generated output is the golden copy: `out/`, which `ct-gen check` also compares. */
const snapshotRoot = join(import.meta.dirname, '..', 'out');
const files = generateFiles(model);

function committed(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? committed(join(dir, e.name)) : [relative(snapshotRoot, join(dir, e.name))]));
}

/**
 * Every generated file against its committed copy in out/: a changed flag, path or script line
 * shows up as a reviewed diff of out/, never silently. `npm run snapshots:update` rewrites out/
 * and the other snapshots after a deliberate change. (CI runs with CI=true, so a missing file
 * fails there instead of being written.)
 */
describe('generated files match their committed snapshots', () => {
  for (const file of files) {
    it(file.path, async () => {
      await expect(file.content).toMatchFileSnapshot(`../out/${file.path}`);
    });
  }

  it('has no snapshot of a file the model no longer generates', () => {
    const generated = new Set(files.map((f) => f.path));
    expect(committed(snapshotRoot).filter((path) => !generated.has(path))).toEqual([]);
  });
});
