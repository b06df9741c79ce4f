import { existsSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { Project, type Node, type SourceFile } from './ts-morph.js';

const MAX_DEPTH = 200;

/**
 * The model's modules as syntax: what a name stands for in a file (a top-level constant, or an
 * import from a relative module) and what a module exports, through re-exports. Files are parsed,
 * never type-checked or run; a name from a package (`zod`) is not followed.
 */
export class ModelModules {
  private readonly project = new Project({
    skipAddingFilesFromTsConfig: true,
    skipFileDependencyResolution: true,
    skipLoadingLibFiles: true,
    compilerOptions: { allowJs: true },
  });

  /** A source file of the model, parsed once. */
  file(path: string): SourceFile | undefined {
    return this.project.getSourceFile(path) ?? (existsSync(path) ? this.project.addSourceFileAtPath(path) : undefined);
  }

  /** The value a name has in a file: a top-level constant, or an import from a relative module. */
  binding(file: SourceFile, name: string, guard = 0): Node | undefined {
    const variable = file.getVariableDeclaration(name);
    if (variable) return variable.getInitializer();
    if (guard > MAX_DEPTH) return undefined;
    for (const declaration of file.getImportDeclarations()) {
      const target = this.module(file, declaration.getModuleSpecifierValue());
      if (!target) continue;
      if (declaration.getDefaultImport()?.getText() === name) return this.exported(target, 'default', guard + 1);
      for (const specifier of declaration.getNamedImports()) {
        if ((specifier.getAliasNode()?.getText() ?? specifier.getName()) === name) return this.exported(target, specifier.getName(), guard + 1);
      }
    }
    return undefined;
  }

  /** What a module exports under `name`: `export const`, `export default`, `export { a as name }`, `export * from`. */
  exported(file: SourceFile, name: string, guard = 0): Node | undefined {
    if (guard > MAX_DEPTH) return undefined;
    if (name === 'default') {
      const assignment = file.getExportAssignments().find((a) => !a.isExportEquals());
      if (assignment) return assignment.getExpression();
    } else {
      const variable = file.getVariableDeclaration(name);
      if (variable?.isExported()) return variable.getInitializer();
    }
    for (const declaration of file.getExportDeclarations()) {
      const specifier = declaration.getModuleSpecifierValue();
      const target = specifier === undefined ? undefined : this.module(file, specifier);
      if (!declaration.hasNamedExports()) {
        const found = target && name !== 'default' ? this.exported(target, name, guard + 1) : undefined;
        if (found) return found;
        continue;
      }
      for (const named of declaration.getNamedExports()) {
        if ((named.getAliasNode()?.getText() ?? named.getName()) !== name) continue;
        return target ? this.exported(target, named.getName(), guard + 1) : this.binding(file, named.getName(), guard + 1);
      }
    }
    return undefined;
  }

  /** A relative import's source file: `./bundles.js` is `./bundles.ts` in the sources. */
  private module(from: SourceFile, specifier: string): SourceFile | undefined {
    if (!specifier.startsWith('.')) return undefined;
    const base = resolve(dirname(from.getFilePath()), specifier);
    const candidates = [base.replace(/\.js$/, '.ts'), base.replace(/\.mjs$/, '.mts'), base.replace(/\.cjs$/, '.cts'), base, `${base}.ts`, `${base}/index.ts`];
    for (const candidate of candidates) {
      if (/\.json$/.test(candidate)) return undefined;
      const file = this.file(candidate);
      if (file) return file;
    }
    return undefined;
  }
}
