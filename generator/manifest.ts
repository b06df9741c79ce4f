import { createHash } from 'node:crypto';
import type { GeneratedFile } from './types.js';

/** Where ct-gen records what it wrote, relative to the destination. */
export const MANIFEST_PATH = '.ct-gen/manifest.json';

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
  const manifest: Manifest = { generator: 'ct-gen', files: Object.fromEntries(files.map((f) => [f.path, sha256(f.content)])) };
  return { path: MANIFEST_PATH, content: `${JSON.stringify(manifest, null, 2)}\n` };
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
  if ((parsed as Partial<Manifest>)?.generator !== 'ct-gen' || !files || typeof files !== 'object') {
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
