import { describe, expect, it } from 'vitest';
import { JOURNAL_PATH, MANIFEST_PATH, journalContent, manifestFile, manifestText, parseJournal, parseManifest, sha256 } from '../../generator/manifest.js';

const hash = sha256('x');
const notJson = `${MANIFEST_PATH} is not valid JSON; every existing file is treated as not written by ct-gen`;
const notManifest = `${MANIFEST_PATH} is not a ct-gen manifest; every existing file is treated as not written by ct-gen`;
const ignoring = (path: string) => `${MANIFEST_PATH}: ignoring entry ${JSON.stringify(path)} (not a file inside the destination)`;

describe('manifestFile', () => {
  it('records every file by path and sha256, and reads back as written', () => {
    const written = manifestFile([
      { path: 'a.txt', content: 'a' },
      { path: 'bin/run.sh', content: 'x', mode: 0o755 },
    ]);
    expect(written.path).toBe(MANIFEST_PATH);
    expect(written.content).toBe(manifestText({ 'a.txt': sha256('a'), 'bin/run.sh': hash }));
    expect(JSON.parse(written.content)).toEqual({ generator: 'ct-gen', files: { 'a.txt': sha256('a'), 'bin/run.sh': hash } });
    expect(written.content.endsWith('}\n')).toBe(true);
    expect(parseManifest(written.content)).toEqual({ manifest: { generator: 'ct-gen', files: { 'a.txt': sha256('a'), 'bin/run.sh': hash } }, warnings: [] });
  });
});

describe('parseManifest: what a manifest on disk is trusted with', () => {
  const manifest = (files: unknown) => JSON.stringify({ generator: 'ct-gen', files });
  const cases: [string, string | undefined, Record<string, string>, string[]][] = [
    ['no manifest', undefined, {}, []],
    ['good entries', manifest({ 'a.txt': hash, 'src/build-debug/tup.config': hash, '.github/workflows/ct-gen.yml': hash }), { 'a.txt': hash, 'src/build-debug/tup.config': hash, '.github/workflows/ct-gen.yml': hash }, []],
    ['a parent segment', manifest({ '../victim': hash, 'a.txt': hash }), { 'a.txt': hash }, [ignoring('../victim')]],
    ['a parent segment inside', manifest({ 'a/../../victim': hash }), {}, [ignoring('a/../../victim')]],
    ['an absolute path', manifest({ '/etc/hostname': hash }), {}, [ignoring('/etc/hostname')]],
    ['a backslash', manifest({ 'a\\..\\..\\victim': hash }), {}, [ignoring('a\\..\\..\\victim')]],
    ['a `.` segment', manifest({ './a.txt': hash }), {}, [ignoring('./a.txt')]],
    ['an empty segment', manifest({ 'a//b': hash, 'a/': hash }), {}, [ignoring('a//b'), ignoring('a/')]],
    ['an empty path', manifest({ '': hash }), {}, [ignoring('')]],
    ['the manifest itself', manifest({ [MANIFEST_PATH]: hash }), {}, [ignoring(MANIFEST_PATH)]],
    ['a hash that is not a sha256', manifest({ 'a.txt': 'abc', 'b.txt': hash.toUpperCase(), 'c.txt': 1 }), {}, [ignoring('a.txt'), ignoring('b.txt'), ignoring('c.txt')]],
    ['malformed JSON', '{"generator": "ct-gen", "files": {', {}, [notJson]],
    ['empty', '', {}, [notJson]],
    ['another generator', JSON.stringify({ generator: 'other', files: { 'a.txt': hash } }), {}, [notManifest]],
    ['no files', JSON.stringify({ generator: 'ct-gen' }), {}, [notManifest]],
    ['files not an object', JSON.stringify({ generator: 'ct-gen', files: 'a.txt' }), {}, [notManifest]],
    ['files an array', JSON.stringify({ generator: 'ct-gen', files: [hash] }), {}, [notManifest]],
    ['JSON null', 'null', {}, [notManifest]],
    ['a JSON array', `[${JSON.stringify(hash)}]`, {}, [notManifest]],
  ];
  it.each(cases)('%s', (_name, text, files, warnings) => {
    expect(parseManifest(text)).toEqual({ manifest: { generator: 'ct-gen', files }, warnings });
  });
});

describe('parseJournal: as untrusted as a manifest', () => {
  const notJournal = `${JOURNAL_PATH} is not a ct-gen journal; ignored`;
  const cases: [string, string, { pid: number; files: Record<string, string[]> } | undefined, string[]][] = [
    ['as written', journalContent(42, { 'a.txt': [hash, sha256('y')] }), { pid: 42, files: { 'a.txt': [hash, sha256('y')] } }, []],
    [
      'unsafe paths and bad hashes dropped',
      journalContent(42, { '../x': [hash], 'a.txt': ['nope'], 'b.txt': [hash] }),
      { pid: 42, files: { 'b.txt': [hash] } },
      [`${JOURNAL_PATH}: ignoring entry "../x" (not a file inside the destination)`, `${JOURNAL_PATH}: ignoring entry "a.txt" (not a file inside the destination)`],
    ],
    ['malformed JSON', '{', undefined, [notJournal]],
    ['no pid', JSON.stringify({ generator: 'ct-gen', files: {} }), undefined, [notJournal]],
    ['files an array', JSON.stringify({ generator: 'ct-gen', pid: 1, files: [[hash]] }), undefined, [notJournal]],
  ];
  it.each(cases)('%s', (_name, text, journal, warnings) => {
    expect(parseJournal(text)).toEqual({ journal: journal && { generator: 'ct-gen', ...journal }, warnings });
  });
});
