import { join } from 'node:path';
import { Node, Project, SyntaxKind } from 'ts-morph';
import { describe, expect, it } from 'vitest';

/**
 * The model is documented where it is defined: every field of every zod object schema carries
 * JSDoc, and a field with a default says what it is.
 */
describe('model schema documentation', () => {
  const project = new Project({ skipAddingFilesFromTsConfig: true });
  const files = project.addSourceFilesAtPaths(join(import.meta.dirname, '..', 'model', 'schema', '*.ts'));

  it('finds the schema files', () => expect(files.length).toBeGreaterThan(5));

  for (const file of files) {
    it(file.getBaseName(), () => {
      const problems: string[] = [];
      for (const call of file.getDescendantsOfKind(SyntaxKind.CallExpression)) {
        // `z.object(`, `z.strictObject(` and the same split over lines (`z\n  .strictObject(`).
        if (!/^z\.(object|strictObject)$/.test(call.getExpression().getText().replace(/\s+/g, ''))) continue;
        const shape = call.getArguments()[0];
        if (!shape || !Node.isObjectLiteralExpression(shape)) continue;
        for (const property of shape.getProperties()) {
          if (!Node.isPropertyAssignment(property)) continue;
          const name = property.getName();
          if (name === 'kind' || name === 'policy') continue; // discriminants name themselves
          const docs = property.getLeadingCommentRanges().map((c) => c.getText()).filter((t) => t.startsWith('/**'));
          const line = `${file.getBaseName()}:${property.getStartLineNumber()} ${name}`;
          if (docs.length === 0) problems.push(`${line}: no JSDoc`);
          else if (/\.(default|prefault)\([^()]*\)\s*$/.test(property.getInitializer()?.getText() ?? '') && !/default/i.test(docs.join(' '))) {
            problems.push(`${line}: has a default but its JSDoc does not state it`);
          }
        }
      }
      expect(problems).toEqual([]);
    });
  }
});
