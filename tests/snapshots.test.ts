import { describe, expect, it } from 'vitest';
import { generateFiles } from '../generator/pipeline.js';
import { model } from './support/tree.js';

/**
 * Every generated file against its committed copy in snapshots/out/: a changed flag, path or
 * script line shows up as a reviewed snapshot diff, never silently.
 */
describe('generated files match their committed snapshots', () => {
  for (const file of generateFiles(model)) {
    it(file.path, async () => {
      await expect(file.content).toMatchFileSnapshot(`../snapshots/out/${file.path}`);
    });
  }
});
