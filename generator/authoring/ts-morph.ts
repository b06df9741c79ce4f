import { createRequire } from 'node:module';

/**
 * ts-morph, loaded with `require`: it and the TypeScript compiler it bundles are CommonJS, and an
 * ES `import` of them first has Node scan their sources (about 10 MB) for their export names,
 * which costs more than loading them.
 */
const tsMorph = createRequire(import.meta.url)('ts-morph') as typeof import('ts-morph');

export const { Node, Project } = tsMorph;
export type Node = import('ts-morph').Node;
export type Project = import('ts-morph').Project;
export type SourceFile = import('ts-morph').SourceFile;
