import { cpSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { expect } from 'vitest';
import { formatModelError } from '../../generator/authoring/diagnostics.js';
import { ModelError, validateModel } from '../../generator/model.js';
import { tempDir } from '../support/tree.js';

export const pkg = join(import.meta.dirname, '..', '..');

/** A copy of model/ (schemas and the Codetracer instance, relative imports intact) with node_modules beside it. */
export function copyModel(): string {
  const root = tempDir('authoring-model');
  cpSync(join(pkg, 'model'), join(root, 'model'), { recursive: true });
  symlinkSync(join(pkg, 'node_modules'), join(root, 'node_modules'));
  return root;
}

/**
 * Replace `from` (which must occur exactly `count` times; the first occurrence is replaced) in a
 * file of the copy, and return the 1-based line and column where `mark` starts in the edited text.
 */
export function edit(root: string, file: string, from: string, to: string, mark = to): { line: number; column: number } {
  const path = join(root, file);
  const text = readFileSync(path, 'utf8');
  const at = text.indexOf(from);
  expect(at, `${from} in ${file}`).toBeGreaterThanOrEqual(0);
  const edited = text.slice(0, at) + to + text.slice(at + from.length);
  writeFileSync(path, edited);
  return positionOf(edited, at + to.indexOf(mark));
}

/** 1-based line and column of an offset. */
export function positionOf(text: string, offset: number): { line: number; column: number } {
  const before = text.slice(0, offset).split('\n');
  return { line: before.length, column: before[before.length - 1]!.length + 1 };
}

/** What ct-gen prints for the copy's model (vitest runs its TypeScript), file names relative to the copy. */
export async function reportOf(root: string): Promise<string> {
  const entry = join(root, 'model', 'codetracer', 'index.ts');
  const { codetracer } = (await import(pathToFileURL(entry).href)) as { codetracer: unknown };
  try {
    validateModel(codetracer, 'model/codetracer', { kind: 'module', file: entry, exportName: 'codetracer' });
  } catch (error) {
    if (error instanceof ModelError) return formatModelError(error, root);
    throw error;
  }
  return '';
}
