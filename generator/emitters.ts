import type { ResolvedModel } from './resolve/view.js';
import type { GeneratedFile } from './types.js';
import { emitDriver } from './emit/driver.js';
import { emitTup } from './emit/tup.js';

export type Emitter = (view: ResolvedModel) => GeneratedFile[];

/** Every output family, by name; the name appears in errors an emitter throws. */
export const emitters: Record<string, Emitter> = {
  driver: emitDriver,
  tup: emitTup,
};
