import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, truncateSync, utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { CACHE_KEY_ENV, CACHE_MODEL_ENV, loadKeyedModel, recordGeneration, storedGeneration } from '../../generator/gen-cache.js';
import { writeWhole } from '../../generator/cache-files.js';
import { generationOf, type Generation } from '../../generator/generation.js';
import { MANIFEST_PATH, manifestFile, sha256 } from '../../generator/manifest.js';
import { fixture, fixtureInput } from '../support/fixture-model.js';
import { tempDir } from '../support/tree.js';

const KEY_A = 'a'.repeat(64);
const KEY_B = 'b'.repeat(64);

/**
 * The generation cache's stored files (generator/gen-cache.ts): what check and generate plan from
 * for a key once a run recorded it. Read back, it must be exactly the generation the model gives;
 * anything missing, damaged or of another shape is no answer (the caller generates instead).
 */
describe('stored generations', () => {
  let generation: Generation;
  beforeAll(async () => {
    generation = await generationOf(fixture);
  });

  const fresh = () => join(tempDir('gen-cache'), '.gen-cache');
  /** `generation` with its files changed by `change` (the manifest left out) and its manifest made again, as the pipeline makes it. */
  const withFiles = (change: (files: Generation['files']) => Generation['files']): Generation => {
    const files = change(generation.files.filter((f) => f.path !== MANIFEST_PATH));
    return { ...generation, files: [...files, manifestFile(files)] };
  };
  const blobDir = (dir: string) => join(dir, 'blobs');
  const blobOf = (dir: string, path: string) => join(blobDir(dir), sha256(generation.files.find((f) => f.path === path)!.content));

  it('reads back exactly the generation recorded for the key, and nothing for another key', () => {
    const dir = fresh();
    recordGeneration(generation, KEY_A, dir);
    expect(storedGeneration(KEY_A, dir)).toEqual(generation);
    // Every file keeps its mode, format and family as the pipeline gave them.
    expect(generation.files.some((f) => f.mode === 0o755)).toBe(true);
    expect(generation.files.filter((f) => f.family === undefined).map((f) => f.path)).toEqual(['.ct-gen/manifest.json']);
    expect(storedGeneration(KEY_B, dir)).toBeUndefined();
    expect(storedGeneration(KEY_A, fresh())).toBeUndefined();
  });

  it('keeps each content once, shared by every key that generates it', () => {
    const dir = fresh();
    recordGeneration(generation, KEY_A, dir);
    const edited = withFiles((files) => files.map((f, i) => (i === 0 ? { ...f, content: `${f.content}# edited\n` } : f)));
    recordGeneration(edited, KEY_B, dir);
    const distinct = new Set([...generation.files, ...edited.files].map((f) => sha256(f.content)));
    expect(readdirSync(blobDir(dir)).sort()).toEqual([...distinct].sort());
    expect(storedGeneration(KEY_A, dir)).toEqual(generation);
    expect(storedGeneration(KEY_B, dir)).toEqual(edited);
  });

  it('a missing or damaged content is no answer; a damaged one (or a folder in its place) is removed, and the next record stores it again', () => {
    const dir = fresh();
    recordGeneration(generation, KEY_A, dir);
    const [first, second] = generation.files.map((f) => f.path);
    rmSync(blobOf(dir, first!));
    expect(storedGeneration(KEY_A, dir)).toBeUndefined();
    recordGeneration(generation, KEY_A, dir);
    expect(storedGeneration(KEY_A, dir)).toEqual(generation);

    // Two damaged at once: both are removed by one read, so one record mends both.
    truncateSync(blobOf(dir, first!), 1);
    writeFileSync(blobOf(dir, second!), 'not what was generated\n');
    expect(storedGeneration(KEY_A, dir)).toBeUndefined();
    expect(existsSync(blobOf(dir, first!))).toBe(false);
    expect(existsSync(blobOf(dir, second!))).toBe(false);
    recordGeneration(generation, KEY_A, dir);
    expect(storedGeneration(KEY_A, dir)).toEqual(generation);

    // A folder where a content belongs is removed too.
    rmSync(blobOf(dir, first!));
    mkdirSync(join(blobOf(dir, first!), 'inside'), { recursive: true });
    expect(storedGeneration(KEY_A, dir)).toBeUndefined();
    expect(existsSync(blobOf(dir, first!))).toBe(false);
    recordGeneration(generation, KEY_A, dir);
    expect(storedGeneration(KEY_A, dir)).toEqual(generation);
  });

  it('an entry of another shape is no answer', () => {
    const damages: [string, (entry: Record<string, unknown>) => unknown][] = [
      ['another format', (e) => ({ ...e, format: 1 })],
      ['another key', (e) => ({ ...e, key: KEY_B })],
      ['files not a list', (e) => ({ ...e, files: {} })],
      ['a path out of DEST', (e) => ({ ...e, files: [...(e.files as object[]), { path: '../x', sha256: KEY_A, executable: false }] })],
      ['a path twice', (e) => ({ ...e, files: [...(e.files as object[]), (e.files as object[])[0]] })],
      ['a mode that is no integer', (e) => ({ ...e, files: (e.files as object[]).map((f) => ({ ...f, mode: '755' })) })],
      ['a checkout input without what names it', (e) => ({ ...e, checkout: { sources: [], inputs: [{ path: 'src/x.nim' }] } })],
      ['concepts that are no lists', (e) => ({ ...e, concepts: { driver: 'targets' } })],
      // Well-formed, but its files disagree with its own manifest.
      ['a file left out of files', (e) => ({ ...e, files: (e.files as object[]).slice(1) })],
      ['a file with another hash', (e) => ({ ...e, files: (e.files as { sha256: string }[]).map((f, i) => (i === 0 ? { ...f, sha256: KEY_B } : f)) })],
      ['a manifest that lists another file', (e) => ({ ...e, manifest: (e.manifest as string).replace(/"files": \{/, '"files": {\n    "extra.sh": "' + KEY_B + '",') })],
      ['not an object', () => []],
    ];
    for (const [what, damage] of damages) {
      const dir = fresh();
      recordGeneration(generation, KEY_A, dir);
      const file = join(dir, `${KEY_A}.json`);
      writeFileSync(file, JSON.stringify(damage(JSON.parse(readFileSync(file, 'utf8')) as Record<string, unknown>)));
      expect(storedGeneration(KEY_A, dir), what).toBeUndefined();
    }
  });

  it('removes contents no entry names once they are an hour old, and keeps younger ones', () => {
    const dir = fresh();
    mkdirSync(blobDir(dir), { recursive: true });
    const [old, young] = ['0', '1'].map((c) => join(blobDir(dir), c.repeat(64)));
    writeFileSync(old!, 'old\n');
    writeFileSync(young!, 'young\n');
    const twoHoursAgo = new Date(Date.now() - 2 * 3_600_000);
    utimesSync(old!, twoHoursAgo, twoHoursAgo);
    // A content an entry names stays however old it is.
    recordGeneration(generation, KEY_A, dir);
    const named = blobOf(dir, generation.files[0]!.path);
    utimesSync(named, twoHoursAgo, twoHoursAgo);
    recordGeneration(withFiles((files) => files.slice(1)), KEY_B, dir);
    expect(existsSync(old!)).toBe(false);
    expect(existsSync(young!)).toBe(true);
    expect(existsSync(named)).toBe(true);
    expect(storedGeneration(KEY_A, dir)).toEqual(generation);
  });

  it('records nothing for text that would not survive a round trip through UTF-8 (a lone surrogate)', () => {
    const dir = fresh();
    const broken: Generation = { ...generation, files: generation.files.map((f, i) => (i === 0 ? { ...f, content: `${f.content}\ud800\n` } : f)) };
    recordGeneration(broken, KEY_A, dir);
    expect(storedGeneration(KEY_A, dir)).toBeUndefined();
    expect(existsSync(join(dir, `${KEY_A}.json`))).toBe(false);
  });

  it('a record touches the contents it reuses, so pruning by age cannot take them before its entry is written', () => {
    const dir = fresh();
    recordGeneration(generation, KEY_A, dir);
    const twoHoursAgo = new Date(Date.now() - 2 * 3_600_000);
    for (const name of readdirSync(blobDir(dir))) utimesSync(join(blobDir(dir), name), twoHoursAgo, twoHoursAgo);
    rmSync(join(dir, `${KEY_A}.json`));
    const before = Date.now() - 60_000;
    recordGeneration(generation, KEY_A, dir);
    for (const name of readdirSync(blobDir(dir))) expect(statSync(join(blobDir(dir), name)).mtimeMs, name).toBeGreaterThan(before);
  });

  it('records nothing without a key of 64 hex digits', () => {
    const dir = fresh();
    recordGeneration(generation, undefined, dir);
    recordGeneration(generation, '../escape', dir);
    expect(existsSync(dir)).toBe(false);
  });
});

/**
 * The key bin/ct-gen.js hands a command stands for the model file's bytes it hashed; a JSON model
 * the command reads must be those bytes for the key to be used.
 */
describe('the model a key stands for', () => {
  const saved = { key: process.env[CACHE_KEY_ENV], model: process.env[CACHE_MODEL_ENV] };
  afterEach(() => {
    for (const [name, value] of [[CACHE_KEY_ENV, saved.key], [CACHE_MODEL_ENV, saved.model]] as const) {
      if (value === undefined) delete process.env[name];
      else process.env[name] = value;
    }
  });

  it('keeps the key for the bytes bin hashed and drops it for a file changed since, even to the same size', async () => {
    const file = join(tempDir('keyed-model'), 'model.json');
    const v1 = JSON.stringify(fixtureInput);
    writeFileSync(file, v1);
    process.env[CACHE_KEY_ENV] = KEY_A;
    process.env[CACHE_MODEL_ENV] = sha256(v1);
    const same = await loadKeyedModel(file);
    expect(same.key).toBe(KEY_A);
    expect(same.model).toEqual(fixture);

    // Another description of the same length: what was loaded is not what the key stands for.
    const v2 = v1.replace(/"description":"(.)/, (_, c: string) => `"description":"${c === 'X' ? 'Y' : 'X'}`);
    expect(v2.length).toBe(v1.length);
    writeFileSync(file, v2);
    const changed = await loadKeyedModel(file);
    expect(changed.key).toBeUndefined();
    expect(changed.model).not.toEqual(fixture);

    // Without a key from bin: none.
    delete process.env[CACHE_KEY_ENV];
    writeFileSync(file, v1);
    expect((await loadKeyedModel(file)).key).toBeUndefined();
  });
});

describe('writeWhole (the caches, baseline --write)', () => {
  it('writes the file whole; a rename that fails leaves no temporary file and the target as it was', () => {
    const dir = tempDir('write-whole');
    const file = join(dir, 'a', 'entry.json');
    writeWhole(file, 'one');
    writeWhole(file, 'two');
    expect(readFileSync(file, 'utf8')).toBe('two');
    expect(readdirSync(join(dir, 'a'))).toEqual(['entry.json']);
    // A folder that is not empty where the file goes: the rename fails after the temporary file is written.
    const taken = join(dir, 'taken');
    mkdirSync(join(taken, 'inside'), { recursive: true });
    expect(() => writeWhole(taken, 'three')).toThrow(/EISDIR|ENOTEMPTY|EEXIST/);
    expect(readdirSync(dir).sort()).toEqual(['a', 'taken']);
    expect(readdirSync(taken)).toEqual(['inside']);
  });
});
