import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createRequire } from 'node:module';
import { EditedModelError, loadEditedModel, transpiled, withEditedModel } from '../../generator/authoring/edited-model.js';
import { model } from '../support/model.js';
import { pkg, positionOf } from './model-copy.js';

/**
 * An edit of the built-in model is compiled, run and validated in a scratch copy before
 * add-target writes it, then type-checked; the package's own files are only read.
 */
const entry = { file: join(pkg, 'model', 'codetracer', 'index.ts'), exportName: 'codetracer' };
const targets = join(pkg, 'model', 'codetracer', 'targets.ts');
const before = readFileSync(targets, 'utf8');
/** The package's targets.ts edited to `after`. */
const edited = (after: string) => [{ file: targets, before, after }];

describe('loadEditedModel', () => {
  it('gives the edited model and where a path of it is written', async () => {
    const after = before.replace("description: 'The codetracer entry point", "description: 'Edited: the codetracer entry point");
    const ct = model.targets.findIndex((t) => t.name === 'ct');
    const result = await loadEditedModel(edited(after), entry, [['targets', ct, 'description']], pkg);
    expect(result.model.targets[ct]!.description).toMatch(/^Edited: /);
    expect(result.model.targets.filter((_, i) => i !== ct)).toEqual(model.targets.filter((_, i) => i !== ct));
    const { line, column } = positionOf(after, after.indexOf("'Edited: "));
    expect(result.where).toEqual([`model/codetracer/targets.ts:${line}:${column}`]);
    expect(readFileSync(targets, 'utf8')).toBe(before);
  });

  it('a type error: as tsc prints it, at the path of the package file', async () => {
    const after = `${before}export const broken: number = 'text';\n`;
    const error = await loadEditedModel(edited(after), entry, [], pkg).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(EditedModelError);
    const line = after.split('\n').length - 1;
    expect((error as EditedModelError).report).toBe(`model/codetracer/targets.ts(${line},14): error TS2322: Type 'string' is not assignable to type 'number'.\n`);
  });

  it('an edit that breaks a file importing it: the error is reported in that file, as tsc prints it', async () => {
    const after = before.replace('export const targets: Target[] = [', 'export const targets: number[] = [');
    expect(after).not.toBe(before);
    const error = await loadEditedModel(edited(after), entry, [], pkg).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(EditedModelError);
    const report = (error as EditedModelError).report;
    // The array's elements no longer fit, and index.ts, which imports it, no longer gets Target[].
    expect(report).toMatch(/^model\/codetracer\/targets\.ts\(\d+,\d+\): error TS\d+: /m);
    const index = readFileSync(entry.file, 'utf8');
    const { line, column } = positionOf(index, index.indexOf('  targets,\n') + 2);
    expect(report).toMatch(new RegExp(`^model/codetracer/index\\.ts\\(${line},${column}\\): error TS2322: `, 'm'));
  });

  it('a model that does not validate: every problem at its place, as ct-gen prints them', async () => {
    const after = before.replace("source: 'src/ct/db_backend_record.nim'", "source: 'src/ct/db_backend_record.nims'");
    const error = await loadEditedModel(edited(after), entry, [], pkg).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(EditedModelError);
    const { line, column } = positionOf(after, after.indexOf("'src/ct/db_backend_record.nims'"));
    expect((error as EditedModelError).report).toBe(
      `model/codetracer/targets.ts:${line}:${column}: targets["db-backend-record"].source: must end with .nim (got "src/ct/db_backend_record.nims")\n` +
        'ct-gen: invalid model (model/codetracer): 1 problem\n',
    );
  });
});

describe('withEditedModel: validated first, type-checked on request', () => {
  it('gives the model of an edit with a type error, and typeCheck reports the error', async () => {
    const after = before.replace("description: 'The codetracer entry point", "description: 'Edited: the codetracer entry point") + "export const broken: number = 'text';\n";
    const ct = model.targets.findIndex((t) => t.name === 'ct');
    let error: unknown;
    await withEditedModel(edited(after), entry, [], async ({ model: loaded, typeCheck }) => {
      expect(loaded.targets[ct]!.description).toMatch(/^Edited: /);
      try {
        typeCheck();
      } catch (e) {
        error = e;
      }
    });
    expect(error).toBeInstanceOf(EditedModelError);
    expect((error as EditedModelError).report).toMatch(/^model\/codetracer\/targets\.ts\(\d+,14\): error TS2322: /);
  });

  it('an edit that does not validate is refused with the problem before any type-check, and before the caller runs', async () => {
    const after = `${before.replace("source: 'src/ct/db_backend_record.nim'", "source: 'src/ct/db_backend_record.nims'")}export const broken: number = 'text';\n`;
    let used = false;
    const error = await withEditedModel(edited(after), entry, [], async () => {
      used = true;
    }).catch((e: unknown) => e);
    expect(used).toBe(false);
    expect((error as EditedModelError).report).toMatch(/^model\/codetracer\/targets\.ts:\d+:\d+: targets\["db-backend-record"\]\.source: must end with \.nim/);
    expect((error as EditedModelError).report).not.toContain('TS2322');
  });

  it('a syntax error: as tsc prints it, at the path of the package file, before anything runs', async () => {
    const broken = "export const broken = 'unterminated;";
    const after = `${before}${broken}\n`;
    let used = false;
    const error = await withEditedModel(edited(after), entry, [], async () => {
      used = true;
    }).catch((e: unknown) => e);
    expect(used).toBe(false);
    const line = after.split('\n').length - 1;
    // tsc places it at the end of the line.
    expect((error as EditedModelError).report).toBe(`model/codetracer/targets.ts(${line},${broken.length + 1}): error TS1002: Unterminated string literal.\n`);
  });

  it("runs each model file as the package's compile does: transpiled alone, it is dist/'s JavaScript", () => {
    const { ts } = createRequire(import.meta.url)('ts-morph') as typeof import('ts-morph');
    const { options } = ts.parseJsonConfigFileContent(ts.readConfigFile(join(pkg, 'tsconfig.json'), ts.sys.readFile).config, ts.sys, pkg);
    const files = readdirSync(join(pkg, 'model'), { recursive: true, encoding: 'utf8' }).filter((f) => f.endsWith('.ts'));
    expect(files.length).toBeGreaterThan(0);
    for (const file of files) {
      const compiled = readFileSync(join(pkg, 'dist', 'model', file.replace(/\.ts$/, '.js')), 'utf8').replace(/\/\/# sourceMappingURL=\S+\n?$/, '');
      expect(transpiled(ts, options, join(pkg, 'model', file), readFileSync(join(pkg, 'model', file), 'utf8')), file).toEqual({ outputText: compiled, diagnostics: [] });
    }
  });
});
