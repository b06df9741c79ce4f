import { posix } from 'node:path';
import { extractDockerfile } from './extract/dockerfile.js';
import type { Extractor } from './extract/extraction.js';
import { extractJustfile } from './extract/justfile.js';
import { extractMakefile } from './extract/makefile.js';
import { extractMarkdown } from './extract/markdown.js';
import { extractNim, nimHeadGate } from './extract/nim.js';
import { extractNix } from './extract/nix.js';
import { extractTup } from './extract/tup.js';
import { extractWorkflow } from './extract/workflow.js';
import { sliceSnippet } from './source.js';

export type FileKind = 'shell' | 'just' | 'nix' | 'tup' | 'make' | 'docker' | 'workflow' | 'markdown' | 'nim';

export const EXTRACTORS: Record<FileKind, Extractor> = {
  shell: (source) => ({ snippets: [sliceSnippet(source, 0, source.text.length)] }),
  just: extractJustfile,
  nix: extractNix,
  tup: extractTup,
  make: extractMakefile,
  docker: extractDockerfile,
  workflow: extractWorkflow,
  markdown: extractMarkdown,
  nim: extractNim,
};

/**
 * Kinds most of whose files cannot hold a finding: the lint reads the first `bytes` of such a
 * file and the rest only when `wanted(head)` says so; `always(path)` files are read whole.
 */
export interface HeadGate {
  bytes: number;
  always(path: string): boolean;
  wanted(head: string): boolean;
}

export const HEAD_GATES: Partial<Record<FileKind, HeadGate>> = { nim: nimHeadGate };

const BY_NAME: Record<string, FileKind> = {
  justfile: 'just',
  Justfile: 'just',
  '.justfile': 'just',
  Tupfile: 'tup',
  Makefile: 'make',
  makefile: 'make',
  GNUmakefile: 'make',
  Dockerfile: 'docker',
  Containerfile: 'docker',
  '.envrc': 'shell',
};

const BY_EXTENSION: Record<string, FileKind> = {
  '.sh': 'shell',
  '.bash': 'shell',
  '.zsh': 'shell',
  '.ksh': 'shell',
  '.bats': 'shell',
  '.just': 'just',
  '.nix': 'nix',
  '.tup': 'tup',
  '.mk': 'make',
  '.dockerfile': 'docker',
  '.yml': 'workflow',
  '.yaml': 'workflow',
  '.md': 'markdown',
  '.markdown': 'markdown',
  '.nim': 'nim',
  '.nims': 'nim',
  '.nimble': 'nim',
};

const SHELL_SHEBANG = /^#!\s*\S*\/(?:env\s+(?:-\S+\s+)*)?(?:ba|da|z|k|a|mk)?sh\b|^#!\s*\S*\/(?:env\s+)?nix-shell\b/;

/**
 * The kind of a file by its name; `script` for a file without an extension, whose shebang
 * decides (see `kindByShebang`); undefined for files the lint never reads (images, anything
 * else). Most `.nim` files are read only as far as their `HEAD_GATES` head.
 */
export function kindByName(path: string): FileKind | 'script' | undefined {
  const name = posix.basename(path);
  const known = BY_NAME[name] ?? BY_EXTENSION[posix.extname(name).toLowerCase()];
  if (known) return known;
  if (/^(?:Dockerfile|Containerfile)\./.test(name)) return 'docker';
  return name.includes('.') ? undefined : 'script';
}

export function kindByShebang(text: string): FileKind | undefined {
  return SHELL_SHEBANG.test(text.slice(0, 200)) ? 'shell' : undefined;
}
