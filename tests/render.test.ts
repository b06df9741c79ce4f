import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import Handlebars from 'handlebars';
import { describe, expect, it } from 'vitest';
import { familiesDir } from '../generator/paths.js';
import { applyHelper, Quoted, TEMPLATE_FORMATS, TEMPLATE_HELPERS } from '../generator/quote.js';
import { checkTemplate, compileTemplate, render, templateFormat, templatePath } from '../generator/render.js';
import { tempDir } from './support/tree.js';

const SH = '{{!-- format: sh --}}\n';

describe('templates compiled once and kept by content', () => {
  it('stores the precompiled template under the hash of its source and renders from it', () => {
    const cache = tempDir('templates');
    const template = compileTemplate(`${SH}run {{sh word}}\n`, cache);
    expect(template({ word: "it's" }, { data: { ctGenFormat: 'sh' } })).toBe("run 'it'\\''s'\n");
    const [entry, ...more] = readdirSync(cache);
    expect(more).toEqual([]);
    expect(entry).toMatch(/^[0-9a-f]{64}\.js$/);

    // A second compile of the same source reads the entry (here replaced by another template's).
    writeFileSync(join(cache, entry!), readFileSync(join(cache, entry!), 'utf8').replace('"run "', '"from the cache: "'));
    expect(compileTemplate(`${SH}run {{sh word}}\n`, cache)({ word: 'x' }, { data: { ctGenFormat: 'sh' } })).toBe('from the cache: x\n');
    // Another source is another entry: an edited template is never answered from an old one.
    expect(compileTemplate(`${SH}run {{sh word}} now\n`, cache)({ word: 'x' }, { data: { ctGenFormat: 'sh' } })).toBe('run x now\n');
    expect(readdirSync(cache)).toHaveLength(2);
  });

  it('compiles again over an entry that does not evaluate', () => {
    const cache = tempDir('templates-damaged');
    compileTemplate(`${SH}{{sh value}}`, cache);
    const [entry] = readdirSync(cache);
    writeFileSync(join(cache, entry!), '{ "main": function (');
    expect(compileTemplate(`${SH}{{sh value}}`, cache)({ value: ['a b', 'c'] }, { data: { ctGenFormat: 'sh' } })).toBe("'a b' c");
    expect(readFileSync(join(cache, entry!), 'utf8')).toContain('"main":function');
  });

  it('pastes values unescaped and refuses a missing one', () => {
    const cache = tempDir('templates-strict');
    expect(compileTemplate(`${SH}# {{text value}}`, cache)({ value: '<a & "b">' }, { data: { ctGenFormat: 'sh' } })).toBe('# <a & "b">');
    expect(() => compileTemplate(`${SH}{{sh missing}}`, cache)({}, { data: { ctGenFormat: 'sh' } })).toThrow('2:0: {{sh missing}}: {{sh}} takes strings, numbers or booleans, got undefined');
  });

  it('names the template in a render error', () => {
    const source = readFileSync(templatePath('tup/Tupfile.hbs'), 'utf8').split('\n');
    const line = source.findIndex((l) => l.startsWith('SRC_DIR = '));
    const where = `${line + 1}:${source[line]!.indexOf('{{')}`;
    expect(() => render('tup/Tupfile.hbs', {})).toThrow(`template tup/Tupfile.hbs: ${where}: {{tupValue srcDir}}: {{tupValue}} takes strings, numbers or booleans, got undefined`);
  });

  it('works without a writable cache, compiling in memory', () => {
    const file = join(tempDir('templates-file'), 'not-a-directory');
    writeFileSync(file, '');
    expect(compileTemplate(`${SH}{{sh word}}`, join(file, 'cache'))({ word: 'a b' }, { data: { ctGenFormat: 'sh' } })).toBe("'a b'");
  });
});

/** Every family's template, by its render name `<family>/<file>`. */
function templates(): string[] {
  const out: string[] = [];
  for (const family of readdirSync(familiesDir, { withFileTypes: true })) {
    if (!family.isDirectory()) continue;
    const dir = join(familiesDir, family.name, 'templates');
    const walk = (at: string) => {
      for (const entry of existsSync(at) ? readdirSync(at, { withFileTypes: true }) : []) {
        const path = join(at, entry.name);
        if (entry.isDirectory()) walk(path);
        else if (entry.name.endsWith('.hbs')) out.push(`${family.name}/${relative(dir, path)}`);
      }
    };
    walk(dir);
  }
  return out.sort();
}

/** Every mustache of a parsed template, inside blocks and their else branches too. */
function mustaches(node: hbs.AST.Node | undefined): hbs.AST.MustacheStatement[] {
  if (!node) return [];
  if (node.type === 'Program') return (node as hbs.AST.Program).body.flatMap(mustaches);
  if (node.type === 'MustacheStatement') return [node as hbs.AST.MustacheStatement];
  if (node.type === 'BlockStatement') return [...mustaches((node as hbs.AST.BlockStatement).program), ...mustaches((node as hbs.AST.BlockStatement).inverse)];
  return [];
}

const partialFormat = (name: string) => templateFormat(readFileSync(templatePath(name), 'utf8'));

describe('rendering contract', () => {
  it('covers every template', () => {
    expect(templates().length).toBeGreaterThan(20);
  });

  it.each(templates())('%s pastes every value through a quoting helper of its format', (name) => {
    const source = readFileSync(templatePath(name), 'utf8');
    const ast = Handlebars.parse(source);
    const format = templateFormat(source);
    for (const mustache of mustaches(ast)) {
      const helper = mustache.path.type === 'PathExpression' ? (mustache.path as hbs.AST.PathExpression).original : mustache.path.type;
      const where = `${name}:${mustache.loc.start.line}:${mustache.loc.start.column}`;
      expect(Object.keys(TEMPLATE_HELPERS), `${where}: {{${helper}}} is a bare value`).toContain(helper);
      expect(mustache.params.length, `${where}: {{${helper}}} without a value`).toBeGreaterThan(0);
      expect(TEMPLATE_FORMATS[format], `${where}: {{${helper}}} in a ${format} template`).toContain(TEMPLATE_HELPERS[helper]!.format);
    }
    expect(checkTemplate(ast, source, partialFormat)).toEqual([]);
  });

  const problems: [string, string, RegExp][] = [
    ['a bare value', `${SH}echo {{x}}\n`, /^2:5: \{\{x\}\} pastes a value without a quoting helper/],
    ['a bare value inside the else branch of a block in a loop', `${SH}{{#each xs}}\n{{#if a}}{{sh a}}{{else}}{{b}}{{/if}}\n{{/each}}\n`, /^3:25: \{\{b\}\} pastes a value without a quoting helper/],
    ['a value helper pasted as it is', `${SH}echo {{join xs ", "}}\n`, /^2:5: \{\{join\}\} pastes a value without a quoting helper/],
    ['a quoting helper without a value', `${SH}echo {{sh}}\n`, /^2:5: \{\{sh\}\} pastes a value without a quoting helper/],
    ['a helper of another syntax', `${SH}echo {{tupPath x}}\n`, /^2:5: \{\{tupPath\}\} writes tup, which a sh template does not hold/],
    ['text outside a comment', `${SH}echo {{text x}}\n`, /^2:5: \{\{text\}\} belongs in a comment/],
    ['text alone on a line of a here-document', `${SH}cat <<'END'\n{{text x}}\nEND\n`, /^3:0: \{\{text\}\} belongs in a comment/],
    ['a block helper that is not a loop or condition', `${SH}{{#with x}}{{sh y}}{{/with}}{{#lookup x}}{{/lookup}}\n`, /^2:28: \{\{#lookup\}\} is not one of/],
    ['an unknown subexpression', `${SH}{{sh (upper x)}}\n`, /^2:5: \(upper …\) is not a helper/],
    ['hash arguments', `${SH}{{sh x sep=","}}\n`, /^2:0: hash arguments are not part of the contract/],
    ['a partial of another format', `${SH}{{> "tup/platform.hbs"}}\n`, /^2:0: partial tup\/platform\.hbs is tup, this template sh/],
    ['a partial named by a path', `${SH}{{> tup/platform.hbs}}\n`, /^2:0: a partial is named by a string/],
    ['no declared format', 'echo {{sh x}}\n', /^1:0: must start with \{\{!-- format: F --\}\}/],
    ['an unknown format', '{{!-- format: make --}}\n', /^1:0: must start with .*\(got make\)/],
  ];

  it.each(problems)('finds %s', (_name, source, want) => {
    const found = checkTemplate(Handlebars.parse(source), source, partialFormat);
    expect(found).toHaveLength(1);
    expect(found[0]).toMatch(want);
  });

  it('accepts text in a comment and after other text in a quoted here-document', () => {
    const source = `${SH}# {{text a}}\ncat <<'END'\n  {{text b}}\nEND\necho {{sh c}} # {{text d}}\n`;
    expect(checkTemplate(Handlebars.parse(source), source, partialFormat)).toEqual([]);
  });

  it('refuses to compile a template that breaks it, and stores nothing', () => {
    const cache = tempDir('templates-contract');
    expect(() => compileTemplate(`${SH}run {{word}}\n`, cache)).toThrow(/breaks the rendering contract:\n {2}2:4: \{\{word\}\} pastes a value without a quoting helper/);
    expect(readdirSync(cache)).toEqual([]);
  });
});

describe('quoting helpers', () => {
  const nix = applyHelper('nixStr', ['a'], 'nix');
  const sh = applyHelper('sh', ['a b'], 'sh');

  it('paste a value quoted for their own syntax unchanged, and refuse one quoted for another', () => {
    expect(applyHelper('sh', [sh], 'sh')).toBe(sh);
    expect(() => applyHelper('sh', [nix], 'sh')).toThrow(/\{\{sh\}\} pastes sh, and got a value quoted for nix: "\\"a\\""/);
    expect(() => applyHelper('tup', [sh], 'tup')).toThrow(/\{\{tup\}\} pastes tup, and got a value quoted for sh/);
  });

  it('embed shell code where their syntax holds it as text', () => {
    expect(applyHelper('nixBody', [applyHelper('sh', ["it's"], 'sh')], 'nix').text).toBe(`\${"'"}it\${"'"}\\\${"'"}\${"'"}s\${"'"}`);
    expect(applyHelper('yaml', [sh], 'yaml').text).toBe(`"'a b'"`);
    expect(applyHelper('just', [applyHelper('sh', ['{{x}}'], 'sh')], 'just').text).toBe(`'{{"{{"}}x}}'`);
  });

  it('refuse what is not a plain value', () => {
    expect(() => applyHelper('sh', [undefined], 'sh')).toThrow(/\{\{sh\}\} takes strings, numbers or booleans, got undefined/);
    expect(() => applyHelper('shHost', [{ a: 1 }], 'sh')).toThrow(/\{\{shHost\}\} takes strings, numbers or booleans, got \{"a":1\}/);
    expect(() => applyHelper('sh', [[sh]], 'sh')).toThrow(/got a value quoted for sh/);
    expect(() => applyHelper('shHost', ['a', 'b'], 'sh')).toThrow(/\{\{shHost\}\} takes one value, got 2/);
  });

  it('quote each value by its syntax', () => {
    expect(applyHelper('sh', [['a', "b'c"], 3], 'sh').text).toBe(`a 'b'\\''c' 3`);
    expect(applyHelper('nim', [['a', 'b"']], 'nim').text).toBe('@["a", "b\\""]');
    expect(applyHelper('nim', [12], 'nim').text).toBe('12');
    expect(applyHelper('text', ['a', 'b'], 'sh').text).toBe('a b');
    expect(() => applyHelper('text', ['a\nrm -rf /'], 'sh')).toThrow(/is not one line of text/);
    expect(applyHelper('text', ['ends in \\'], 'sh').text).toBe('ends in \\');
    expect(() => applyHelper('text', ['ends in \\'], 'tup')).toThrow(/would continue a Tup line/);
  });

  it('are the only makers of quoted values', () => {
    expect(() => new Quoted(Symbol('quote.ts'), 'sh', '$(touch PWNED)')).toThrow(/made by the quoting helpers of generator\/quote\.ts only/);
  });
});
