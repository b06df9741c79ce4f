import { spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { Model } from '../../model/schema/index.js';
import { ModelError, validateModel } from '../model.js';
import { packageRoot, shownFile } from '../paths.js';
import type { EditedFile, ModelEntry } from './add-target.js';
import { formatModelError } from './diagnostics.js';
import { ModelSourceMap } from './ts-source.js';

/**
 * An edit of the built-in model, checked before any file is written, in a scratch copy of model/
 * with the edited files: compiled to JavaScript and run, and what it exports validated; then, on
 * request, type-checked with the project's compiler and its options. Problems are printed at the
 * place they will have in the real files (same relative paths), so the report reads as if the
 * edit had been made. The type-check is the expensive step (a compiler run of about a second), so a caller
 * asks for it last, once nothing else refuses the edit.
 */

/** The edit does not compile or does not validate; `report` is what to print. */
export class EditedModelError extends Error {
  constructor(readonly report: string) {
    super(report);
  }
}

export interface EditedModel {
  model: Model;
  /** `file:line:col` of each path asked for, in the edited files. */
  where: (string | undefined)[];
}

export interface UncheckedEditedModel extends EditedModel {
  /** The package's compiler's check of the edited model/; type errors as tsc prints them, in an EditedModelError. */
  typeCheck(): void;
}

/** The edited model, validated and type-checked. */
export async function loadEditedModel(files: readonly EditedFile[], entry: ModelEntry, paths: PropertyKey[][], cwd = process.cwd()): Promise<EditedModel> {
  return withEditedModel(files, entry, paths, async ({ model, where, typeCheck }) => {
    typeCheck();
    return { model, where };
  }, cwd);
}

/**
 * `use` of the edited model, run and validated but not yet type-checked, in a scratch copy that
 * is removed when `use` settles. A model that does not validate is an EditedModelError before
 * `use` runs.
 */
export async function withEditedModel<T>(
  files: readonly EditedFile[],
  entry: ModelEntry,
  paths: PropertyKey[][],
  use: (edited: UncheckedEditedModel) => Promise<T>,
  cwd = process.cwd(),
): Promise<T> {
  const scratch = mkdtempSync(join(tmpdir(), 'ct-gen-edited-model-'));
  // A file of the scratch copy as the user knows it: the same path in the package.
  const shown = (file: string) => shownFile(join(packageRoot, relative(scratch, file)), cwd);
  try {
    cpSync(join(packageRoot, 'model'), join(scratch, 'model'), { recursive: true });
    for (const f of files) writeFileSync(join(scratch, relative(packageRoot, f.file)), f.after);
    writeFileSync(join(scratch, 'package.json'), '{ "type": "module" }\n');
    symlinkSync(join(packageRoot, 'node_modules'), join(scratch, 'node_modules'));
    const scratchEntry = join(scratch, relative(packageRoot, entry.file));
    const edited = files.map((f) => join(scratch, relative(packageRoot, f.file)));

    const ts = typescript();
    transpile(ts, compilerOptions(ts, scratch), scratch, edited, shown);
    const module = (await import(pathToFileURL(scratchEntry.replace(/\.ts$/, '.js')).href)) as Record<string, unknown>;
    let model: Model;
    try {
      model = validateModel(module[entry.exportName], 'model/codetracer', { kind: 'module', file: scratchEntry, exportName: entry.exportName });
    } catch (error) {
      if (!(error instanceof ModelError)) throw error;
      // Located in the scratch copy, shown at the package's paths.
      const report = (await formatModelError(error, scratch)).replace(/^model\/[^:\n]+(?=:\d)/gm, (file) => shown(join(scratch, file)));
      throw new EditedModelError(report);
    }
    const map = new ModelSourceMap(scratchEntry, entry.exportName);
    const where = paths.map((path) => {
      const trace = map.locate(path);
      return trace && `${shown(trace.file)}:${trace.position.line}:${trace.position.column}`;
    });
    return await use({ model, where, typeCheck: () => typeCheck(scratch, shown) });
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
}

/**
 * The TypeScript API ts-morph bundles (5.9), for `transpileModule`: the package's compiler,
 * TypeScript 7, offers none. add-target, which edits the model with ts-morph, has it loaded
 * already; a second copy of the compiler, the typescript package, cost each run another 0.35 s of
 * CPU. CommonJS, so required: an ES import would first scan its 9 MB for export names.
 */
const typescript = () => (createRequire(import.meta.url)('ts-morph') as typeof import('ts-morph')).ts;

/** The package's compiler options (tsconfig.json) for the scratch copy, writing nothing. */
function compilerOptions(ts: Ts, scratch: string): import('ts-morph').ts.CompilerOptions {
  const config = ts.readConfigFile(join(packageRoot, 'tsconfig.json'), ts.sys.readFile);
  const parsed = ts.parseJsonConfigFileContent(config.config, ts.sys, scratch);
  return { ...parsed.options, noEmit: true, incremental: false, tsBuildInfoFile: undefined, outDir: undefined, rootDir: scratch, sourceMap: false, declaration: false };
}

/**
 * JavaScript beside each TypeScript file of the scratch model/, file by file without the
 * checker; a syntax error as tsc prints it. The package is ES modules throughout (its package.json says `"type": "module"`), so
 * each file is what NodeNext emits for it with module ESNext; tests/authoring/edited-model.test.ts
 * holds every model file to the package's own compile. From dist/, the package's JavaScript of
 * the files not edited is what they compile to (bin/ct-gen.js built it from the sources on disk),
 * so only the edited files are transpiled.
 */
function transpile(ts: Ts, options: import('ts-morph').ts.CompilerOptions, scratch: string, edited: readonly string[], shown: (file: string) => string): void {
  const fromDist = fileURLToPath(import.meta.url).startsWith(join(packageRoot, 'dist') + sep);
  if (fromDist) cpSync(join(packageRoot, 'dist', 'model'), join(scratch, 'model'), { recursive: true, filter: (path) => path.endsWith('.js') || statSync(path).isDirectory() });
  const files = fromDist ? edited : readdirSync(join(scratch, 'model'), { recursive: true, encoding: 'utf8' }).filter((f) => f.endsWith('.ts')).map((f) => join(scratch, 'model', f));
  const errors: import('ts-morph').ts.Diagnostic[] = [];
  for (const file of files) {
    const { outputText, diagnostics } = transpiled(ts, options, file, readFileSync(file, 'utf8'));
    errors.push(...diagnostics);
    writeFileSync(file.replace(/\.ts$/, '.js'), outputText);
  }
  if (errors.length > 0) throw new EditedModelError(tscReport(ts, errors, shown));
}

/** What the package's compiler emits for one model file of source `text`, without type information, and its syntax errors. */
export function transpiled(ts: Ts, options: import('ts-morph').ts.CompilerOptions, file: string, text: string): { outputText: string; diagnostics: import('ts-morph').ts.Diagnostic[] } {
  const { outputText, diagnostics = [] } = ts.transpileModule(text, {
    compilerOptions: { ...options, noEmit: false, module: ts.ModuleKind.ESNext, moduleResolution: ts.ModuleResolutionKind.Bundler, sourceMap: false, declaration: false },
    fileName: file,
    reportDiagnostics: true,
  });
  return { outputText, diagnostics: diagnostics.filter((d) => d.category === ts.DiagnosticCategory.Error) };
}

/** Errors as tsc prints them, at the package's paths. */
function tscReport(ts: Ts, errors: readonly import('ts-morph').ts.Diagnostic[], shown: (file: string) => string): string {
  return errors
    .map((d) => {
      const text = ts.flattenDiagnosticMessageText(d.messageText, '\n');
      if (!d.file || d.start === undefined) return `error TS${d.code}: ${text}\n`;
      const { line, character } = d.file.getLineAndCharacterOfPosition(d.start);
      return `${shown(d.file.fileName)}(${line + 1},${character + 1}): error TS${d.code}: ${text}\n`;
    })
    .join('');
}

/**
 * Type-check model/ of the scratch copy with the package's compiler (TypeScript 7, as
 * bin/ct-gen.js compiles the package) and its compiler options, writing nothing; type errors as
 * tsc prints them, at the package's paths. Every model file is checked, so an edit that breaks a
 * file importing it, or that declares into the global scope, is reported where tsc reports it.
 */
function typeCheck(scratch: string, shown: (file: string) => string): void {
  const config = { extends: join(packageRoot, 'tsconfig.json'), compilerOptions: { noEmit: true, incremental: false, declaration: false, sourceMap: false, rootDir: '.' }, include: ['model/**/*.ts'] };
  writeFileSync(join(scratch, 'tsconfig.json'), `${JSON.stringify(config)}\n`);
  const tsc = join(dirname(createRequire(import.meta.url).resolve('typescript-native/package.json')), 'bin', 'tsc');
  const result = spawnSync(process.execPath, [tsc, '-p', join(scratch, 'tsconfig.json'), '--pretty', 'false'], { cwd: scratch, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  if (result.error) throw new Error(`cannot run the compiler (${tsc}): ${result.error.message}`);
  if (result.status === 0) return;
  // tsc names each file relative to the directory it ran in, the scratch copy.
  const report = `${result.stdout}${result.stderr}`.replace(/^([^\s(][^(\n]*)(?=\(\d+,\d+\): )/gm, (file) => shown(resolve(scratch, file)));
  throw new EditedModelError(report === '' ? `the compiler exited with ${result.status ?? result.signal} and printed nothing\n` : report);
}

type Ts = typeof import('ts-morph').ts;
