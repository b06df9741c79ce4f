import { shellQuote } from '../../../generator/quote.js';
import type { ResolvedModel } from '../../../generator/resolve/view.js';
import type { EmittedFile } from '../../../generator/types.js';

/** A make rule line: a shell word with `$` doubled for make. */
const makeWord = (value: string) => shellQuote(value).replace(/\$/g, '$$$$');

/** `ct-<target>` rules, each running the driver with the profile from `PROFILE`. Syntax built by code. */
export function emitMake(view: ResolvedModel): EmittedFile[] {
  const rules = view.targets.map((t) => `ct-${t.name.replace(/[^A-Za-z0-9_-]/g, '-')}:\n\t${makeWord(view.layout.driver)} --target ${makeWord(t.name)} --profile "$(PROFILE)" --dry-run\n`);
  const names = view.targets.map((t) => `ct-${t.name.replace(/[^A-Za-z0-9_-]/g, '-')}`);
  const content = [`PROFILE ?= ${view.defaultProfile}`, `.PHONY: ${names.join(' ')}`, '', ...rules].join('\n');
  return [{ path: 'make/ct-gen.mk', format: 'make', content }];
}
