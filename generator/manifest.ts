import { createHash } from 'node:crypto';
import type { GeneratedFile } from './types.js';

/** Where ct-gen records what it wrote, relative to the destination. */
export const MANIFEST_PATH = '.ct-gen/manifest.json';

/** Held (created exclusively, holding the writer's PID) while a generate reads and writes the destination. */
export const LOCK_PATH = '.ct-gen/lock';

/**
 * Present only while a generate moves files into place, from before its first temp file until
 * after its manifest: see Journal.
 */
export const JOURNAL_PATH = '.ct-gen/journal.json';

export interface Manifest {
  generator: 'ct-gen';
  /** path → sha256 of the content ct-gen wrote. */
  files: Record<string, string>;
}

export const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');

/** A path that stays inside the destination: relative, POSIX, no `.`/`..`/empty segment. */
export function isSafeRelative(path: string): boolean {
  return path !== '' && !path.startsWith('/') && !path.includes('\\') && !path.split('/').some((part) => part === '..' || part === '.' || part === '');
}

export function manifestFile(files: readonly GeneratedFile[]): GeneratedFile {
  return { path: MANIFEST_PATH, content: manifestText(Object.fromEntries(files.map((f) => [f.path, sha256(f.content)]))) };
}

/** The manifest recording `files` (path → sha256), as it is written. */
export function manifestText(files: Record<string, string>): string {
  const manifest: Manifest = { generator: 'ct-gen', files };
  return `${JSON.stringify(manifest, null, 2)}\n`;
}

/**
 * Read a manifest found on disk. It is data anyone could have edited: entries whose path is
 * not a safe relative path or whose hash is not a sha256 are dropped and reported.
 */
export function parseManifest(text: string | undefined): { manifest: Manifest; warnings: string[] } {
  const empty: Manifest = { generator: 'ct-gen', files: {} };
  if (text === undefined) return { manifest: empty, warnings: [] };
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    return { manifest: empty, warnings: [`${MANIFEST_PATH} is not valid JSON; every existing file is treated as not written by ct-gen`] };
  }
  const files = (parsed as Partial<Manifest>)?.files;
  if ((parsed as Partial<Manifest>)?.generator !== 'ct-gen' || !isRecord(files)) {
    return { manifest: empty, warnings: [`${MANIFEST_PATH} is not a ct-gen manifest; every existing file is treated as not written by ct-gen`] };
  }
  const warnings: string[] = [];
  const kept: Record<string, string> = {};
  for (const [path, hash] of Object.entries(files)) {
    if (isSafeRelative(path) && path !== MANIFEST_PATH && typeof hash === 'string' && /^[0-9a-f]{64}$/.test(hash)) kept[path] = hash;
    else warnings.push(`${MANIFEST_PATH}: ignoring entry ${JSON.stringify(path)} (not a file inside the destination)`);
  }
  return { manifest: { generator: 'ct-gen', files: kept }, warnings };
}

/**
 * What a generate that is killed between its first rename and its manifest leaves for the
 * next run: path → every content hash ct-gen may have put there (the new manifest's, and
 * those of an earlier run that was interrupted too). The next run counts a file holding one
 * of them as written by ct-gen, as it does one the manifest on disk records, so neither the
 * same model nor the previous one finds it "edited by hand"; it also names the folders where
 * the killed run's temp files may lie.
 */
export interface Journal {
  generator: 'ct-gen';
  /** The process that wrote it. */
  pid: number;
  files: Record<string, string[]>;
}

export function journalContent(pid: number, files: Record<string, readonly string[]>): string {
  return `${JSON.stringify({ generator: 'ct-gen', pid, files }, null, 2)}\n`;
}

/** A journal read from disk is as untrusted as a manifest: unsafe paths and malformed hashes are dropped. */
export function parseJournal(text: string): { journal: Journal | undefined; warnings: string[] } {
  let parsed: Partial<Journal> | undefined;
  try {
    parsed = JSON.parse(text) as Partial<Journal>;
  } catch {
    parsed = undefined;
  }
  if (parsed?.generator !== 'ct-gen' || !Number.isInteger(parsed.pid) || !isRecord(parsed.files)) {
    return { journal: undefined, warnings: [`${JOURNAL_PATH} is not a ct-gen journal; ignored`] };
  }
  const warnings: string[] = [];
  const files: Record<string, string[]> = {};
  for (const [path, hashes] of Object.entries(parsed.files)) {
    if (isSafeRelative(path) && path !== MANIFEST_PATH && Array.isArray(hashes) && hashes.every((h) => typeof h === 'string' && /^[0-9a-f]{64}$/.test(h))) files[path] = hashes;
    else warnings.push(`${JOURNAL_PATH}: ignoring entry ${JSON.stringify(path)} (not a file inside the destination)`);
  }
  return { journal: { generator: 'ct-gen', pid: parsed.pid as number, files }, warnings };
}

/** A JSON object (an array's indices are no paths). */
const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);
