import { spawnSync } from 'node:child_process';
import { chmodSync, existsSync, lstatSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { basename, dirname, join, relative } from 'node:path';
import { JOURNAL_PATH, MANIFEST_PATH, journalContent, manifestFile, manifestText, sha256 } from '../../generator/manifest.js';
import type { GeneratedFile } from '../../generator/types.js';
import { applyChanges, lockDestination, planChanges, type ApplyOptions, type Plan } from '../../generator/write.js';

/** Small destinations for the write tests: what is on disk, and generate / check done through the library. */

/** A file on disk: its text, or its text and mode. */
export type OnDisk = string | { content: string; mode: number };

/** Everything under `dir`: each file's text and permission bits, and every folder (an empty one too). */
export function state(dir: string): { files: Record<string, { content: string; mode: number }>; folders: string[] } {
  const files: Record<string, { content: string; mode: number }> = {};
  const folders: string[] = [];
  const walk = (d: string) => {
    for (const e of readdirSync(d, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : 1))) {
      const p = join(d, e.name);
      if (e.isDirectory()) {
        folders.push(relative(dir, p));
        walk(p);
      } else {
        files[relative(dir, p)] = { content: readFileSync(p, 'utf8'), mode: lstatSync(p).mode & 0o777 };
      }
    }
  };
  if (existsSync(dir)) walk(dir);
  return { files, folders };
}

/** Put files on disk under `dir`, creating their folders. */
export function put(dir: string, files: Record<string, OnDisk>): void {
  for (const [path, file] of Object.entries(files)) {
    const target = join(dir, path);
    mkdirSync(dirname(target), { recursive: true });
    const { content, mode } = typeof file === 'string' ? { content: file, mode: 0o644 } : file;
    writeFileSync(target, content);
    chmodSync(target, mode);
  }
}

/** A manifest on disk recording that ct-gen wrote each of `files` (path → the content it wrote). */
export function putManifest(dir: string, files: Record<string, string>): void {
  put(dir, { [MANIFEST_PATH]: manifestText(Object.fromEntries(Object.entries(files).map(([path, content]) => [path, sha256(content)]))) });
}

/** A journal on disk left by process `pid` (path → every content it may have put there). */
export function putJournal(dir: string, pid: number, files: Record<string, string[]>): void {
  put(dir, { [JOURNAL_PATH]: journalContent(pid, Object.fromEntries(Object.entries(files).map(([path, contents]) => [path, contents.map(sha256)]))) });
}

/** What the pipeline hands to write: the files and, last, their manifest. */
export function withManifest(files: GeneratedFile[]): GeneratedFile[] {
  return [...files, manifestFile(files)];
}

/** A PID that no process has any more. */
export const deadPid = () => spawnSync(process.execPath, ['-e', '']).pid!;

/** The temp file a ct-gen process `pid` writes for the generated `path` (random part `random`), as generator/write.ts names it. */
export const tempName = (path: string, pid: number, random = '0123456789ab') => join(dirname(path), `.${basename(path)}.ct-gen-${pid}-${random}.tmp`);

/** generate as a library caller does it: lock, plan, apply, release; returns the plan it applied. */
export async function generate(dest: string, files: GeneratedFile[], options: Partial<ApplyOptions> = {}): Promise<Plan> {
  const lock = await lockDestination(dest);
  try {
    const plan = await planChanges(dest, files, { locked: true });
    await applyChanges(dest, plan, { force: false, adopt: false, ...options });
    return plan;
  } finally {
    await lock.release();
  }
}

/** Kinds and paths of a plan's changes, in its order. */
export const kinds = (plan: Plan) => plan.changes.map((c) => `${c.kind} ${c.path}`);
