import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { compileTemplate, render } from '../generator/render.js';
import { tempDir } from './support/tree.js';

describe('templates compiled once and kept by content', () => {
  it('stores the precompiled template under the hash of its source and renders from it', () => {
    const cache = tempDir('templates');
    const template = compileTemplate('run {{sh word}}\n', cache);
    expect(template({ word: "it's" })).toBe("run 'it'\\''s'\n");
    const [entry, ...more] = readdirSync(cache);
    expect(more).toEqual([]);
    expect(entry).toMatch(/^[0-9a-f]{64}\.js$/);

    // A second compile of the same source reads the entry (here replaced by another template's).
    writeFileSync(join(cache, entry!), readFileSync(join(cache, entry!), 'utf8').replace('"run "', '"from the cache: "'));
    expect(compileTemplate('run {{sh word}}\n', cache)({ word: 'x' })).toBe('from the cache: x\n');
    // Another source is another entry: an edited template is never answered from an old one.
    expect(compileTemplate('run {{sh word}} now\n', cache)({ word: 'x' })).toBe('run x now\n');
    expect(readdirSync(cache)).toHaveLength(2);
  });

  it('compiles again over an entry that does not evaluate', () => {
    const cache = tempDir('templates-damaged');
    compileTemplate('{{json value}}', cache);
    const [entry] = readdirSync(cache);
    writeFileSync(join(cache, entry!), '{ "main": function (');
    expect(compileTemplate('{{json value}}', cache)({ value: [1, 'a'] })).toBe('[1,"a"]');
    expect(readFileSync(join(cache, entry!), 'utf8')).toContain('"main":function');
  });

  it('keeps the template strict and unescaped', () => {
    const cache = tempDir('templates-strict');
    expect(compileTemplate('{{value}}', cache)({ value: '<a & "b">' })).toBe('<a & "b">');
    expect(() => compileTemplate('{{missing}}', cache)({})).toThrow(/"missing" not defined/);
  });

  it('names the template in a render error', () => {
    expect(() => render('tup/Tupfile.hbs', {})).toThrow(/^template tup\/Tupfile\.hbs: "srcDir" not defined in \[object Object\] - 4:12$/);
  });

  it('works without a writable cache, compiling in memory', () => {
    const file = join(tempDir('templates-file'), 'not-a-directory');
    writeFileSync(file, '');
    expect(compileTemplate('{{json word}}', join(file, 'cache'))({ word: 'a b' })).toBe('"a b"');
  });
});
