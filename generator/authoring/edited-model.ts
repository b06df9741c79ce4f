import { cpSync, mkdtempSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
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
 * An edit of the built-in model, checked before any file is written: a scratch copy of model/
 * with the edited files is type-checked with the project's compiler options, compiled and run,
 * and what it exports is validated. Problems are printed at the place they will have in the
 * real files (same relative paths), so the report reads as if the edit had been made.
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

export async function loadEditedModel(files: readonly EditedFile[], entry: ModelEntry, paths: PropertyKey[][], cwd = process.cwd()): Promise<EditedModel> {
  const scratch = mkdtempSync(join(tmpdir(), 'ct-gen-edited-model-'));
  // A file of the scratch copy as the user knows it: the same path in the package.
  const shown = (file: string) => shownFile(join(packageRoot, relative(scratch, file)), cwd);
  try {
    cpSync(join(packageRoot, 'model'), join(scratch, 'model'), { recursive: true });
    for (const f of files) writeFileSync(join(scratch, relative(packageRoot, f.file)), f.after);
    writeFileSync(join(scratch, 'package.json'), '{ "type": "module" }\n');
    symlinkSync(join(packageRoot, 'node_modules'), join(scratch, 'node_modules'));
    const scratchEntry = join(scratch, relative(packageRoot, entry.file));

    await compile(scratch, files.map((f) => join(scratch, relative(packageRoot, f.file))), shown);
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
    return { model, where };
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
}

/**
 * Type-check model/ of the scratch copy with the package's compiler options and emit JavaScript
 * beside it; type errors as tsc prints them. Only the edited files and those that import them,
 * directly or not, are checked: the others are the package's, which compiled without errors
 * (bin/ct-gen.js runs no build that has any), and an edit reaches another file only through the
 * modules that file names (moduleSpecifiers).
 */
async function compile(scratch: string, edited: readonly string[], shown: (file: string) => string): Promise<void> {
  // CommonJS, so required: an ES import would first scan its 9 MB for export names (0.69 s against 0.26 s here).
  // The package's own compiler, typed with the declarations of the one ts-morph bundles (the same
  // API): typescript's would be another 0.6 MB that every compile of the package parses.
  const ts = createRequire(import.meta.url)('typescript') as typeof import('ts-morph').ts;
  const config = ts.readConfigFile(join(packageRoot, 'tsconfig.json'), ts.sys.readFile);
  const parsed = ts.parseJsonConfigFileContent(config.config, ts.sys, scratch);
  const options = { ...parsed.options, noEmit: false, incremental: false, tsBuildInfoFile: undefined, outDir: undefined, rootDir: scratch, sourceMap: false, declaration: false };
  const program = ts.createProgram(parsed.fileNames, options);
  const checked = withImporters(ts, program, options, edited);
  const errors = [
    ...program.getOptionsDiagnostics(),
    ...program.getGlobalDiagnostics(),
    ...checked.flatMap((file) => [...program.getSyntacticDiagnostics(file), ...program.getSemanticDiagnostics(file)]),
  ].filter((d) => d.category === ts.DiagnosticCategory.Error);
  if (errors.length > 0) {
    const lines = errors.map((d) => {
      const text = ts.flattenDiagnosticMessageText(d.messageText, '\n');
      if (!d.file || d.start === undefined) return `error TS${d.code}: ${text}\n`;
      const { line, character } = d.file.getLineAndCharacterOfPosition(d.start);
      return `${shown(d.file.fileName)}(${line + 1},${character + 1}): error TS${d.code}: ${text}\n`;
    });
    throw new EditedModelError(lines.join(''));
  }
  // From dist/, the package's own JavaScript of the other files is what they compile to (bin/ct-gen.js
  // built it from the sources on disk); only the checked files are emitted, which is a small part
  // of emitting all of them: an emit asks the checker about every file it writes.
  const compiled = join(packageRoot, 'dist', 'model');
  const fromDist = fileURLToPath(import.meta.url).startsWith(join(packageRoot, 'dist') + sep);
  if (fromDist) cpSync(compiled, join(scratch, 'model'), { recursive: true, filter: (path) => path.endsWith('.js') || statSync(path).isDirectory() });
  for (const file of fromDist ? checked : [undefined]) {
    if (program.emit(file).emitSkipped) throw new EditedModelError('ct-gen: the edited model could not be compiled\n');
  }
}

type Ts = typeof import('ts-morph').ts;

/** The source files of `edited`, and every source file of the program that imports one of them, directly or not, in program order. */
function withImporters(ts: Ts, program: import('ts-morph').ts.Program, options: import('ts-morph').ts.CompilerOptions, edited: readonly string[]): import('ts-morph').ts.SourceFile[] {
  const own = program.getSourceFiles().filter((file) => !program.isSourceFileFromExternalLibrary(file) && !program.isSourceFileDefaultLibrary(file) && !file.isDeclarationFile);
  const importers = new Map<string, string[]>();
  for (const file of own) {
    // A file that is no module shares its declarations with every file: then all are checked.
    if (!ts.isExternalModule(file)) return own;
    for (const specifier of moduleSpecifiers(ts, file)) {
      const target = ts.resolveModuleName(specifier, file.fileName, options, ts.sys).resolvedModule?.resolvedFileName;
      if (target !== undefined) importers.set(target, [...(importers.get(target) ?? []), file.fileName]);
    }
    for (const { fileName } of file.referencedFiles) {
      const target = resolve(dirname(file.fileName), fileName);
      importers.set(target, [...(importers.get(target) ?? []), file.fileName]);
    }
  }
  const reached = new Set<string>();
  const visit = (name: string) => {
    if (reached.has(name)) return;
    reached.add(name);
    for (const importer of importers.get(name) ?? []) visit(importer);
  };
  for (const name of edited) visit(program.getSourceFile(name)?.fileName ?? name);
  return own.filter((file) => reached.has(file.fileName));
}

/** Every module a file names: imports, exports from, `import x = require(…)`, `import(…)` calls and `import(…)` types. */
export function moduleSpecifiers(ts: Ts, file: import('ts-morph').ts.SourceFile): string[] {
  const found: string[] = [];
  const visit = (node: import('ts-morph').ts.Node): void => {
    if ((ts.isImportDeclaration(node) || ts.isExportDeclaration(node)) && node.moduleSpecifier !== undefined && ts.isStringLiteral(node.moduleSpecifier)) found.push(node.moduleSpecifier.text);
    else if (ts.isImportEqualsDeclaration(node) && ts.isExternalModuleReference(node.moduleReference) && ts.isStringLiteral(node.moduleReference.expression)) found.push(node.moduleReference.expression.text);
    else if (ts.isImportTypeNode(node) && ts.isLiteralTypeNode(node.argument) && ts.isStringLiteral(node.argument.literal)) found.push(node.argument.literal.text);
    else if (ts.isCallExpression(node) && node.expression.kind === ts.SyntaxKind.ImportKeyword && node.arguments[0] !== undefined && ts.isStringLiteralLike(node.arguments[0])) found.push(node.arguments[0].text);
    ts.forEachChild(node, visit);
  };
  visit(file);
  return found;
}
