import { cpSync, mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { dirname, join, posix } from 'node:path';
import type { Model } from '../../model/schema/index.js';
import { generateFiles } from '../../generator/pipeline.js';
import { writeTree } from './tree.js';

/** A file a glob is sure to match: `*` becomes `sample`, `?` becomes `x`. */
/** The file a test tree writes for a copy-glob rule to match (`*` → sample, `?` and `[…]` → x). */
export const sampleFor = (glob: string) => glob.replace(/\*/g, 'sample').replace(/\?/g, 'x').replace(/\[[^\]]*\]/g, 'x');

/**
 * Every source file the model's Tup tree reads, relative to the repository root, with the
 * content a stub build needs (Cargo manifests name their package).
 */
export function declaredSources(model: Model): Map<string, string> {
  const files = new Map<string, string>();
  for (const node of model.tup.nodes) {
    const at = (p: string) => posix.join('src', node.dir, p);
    for (const rule of node.rules) {
      switch (rule.kind) {
        case 'nim':
          files.set(model.targets.find((t) => t.name === rule.target)!.source, '');
          break;
        case 'cargo':
          files.set(at('Cargo.toml'), `[package]\nname = "${rule.binary}"\nversion = "0.1.0"\n`);
          for (const input of rule.inputs) files.set(at(input), '');
          break;
        case 'stylus':
          for (const input of rule.inputs) files.set(at(input), 'body\n  color red\n');
          break;
        case 'copy':
          if (!rule.fromBuild) files.set(at(rule.input), `${rule.input}\n`);
          break;
        case 'copy-glob':
          files.set(at(sampleFor(rule.glob)), `${rule.glob}\n`);
          break;
      }
    }
  }
  return files;
}

/**
 * A Codetracer-shaped repository: the declared sources (links/bash as a real symlink, as the
 * dev shell makes it), src/Tupfile.ini, and everything ct-gen generates. No legacy Tupfiles.
 */
export function writeCodetracerTree(root: string, model: Model): void {
  for (const [path, content] of declaredSources(model)) {
    const full = join(root, path);
    mkdirSync(dirname(full), { recursive: true });
    if (path === 'src/links/bash') symlinkSync('/bin/bash', full);
    else writeFileSync(full, content);
  }
  writeFileSync(join(root, 'src/Tupfile.ini'), '');
  writeTree(root, generateFiles(model));
}

export function copyTree(from: string, to: string): void {
  cpSync(from, to, { recursive: true, verbatimSymlinks: true });
}
