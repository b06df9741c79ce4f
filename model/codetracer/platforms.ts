import type { z } from 'zod';
import type { BuildPlatformSchema } from '../schema/index.js';

/** The platforms Codetracer builds for (src/Tuprules.tup at a387f8fa: the `ifeq (@(TUP_PLATFORM),win32)` branches). */
export const platforms: z.input<typeof BuildPlatformSchema>[] = [
  {
    name: 'linux',
    description: 'Linux: the Nix dev shell, Nix packages and the AppImage',
    tupPlatform: 'linux',
    uname: ['Linux'],
  },
  {
    name: 'macos',
    description: 'macOS: the non-Nix app bundle; builds like Linux (the non-win32 branches)',
    tupPlatform: 'macosx',
    uname: ['Darwin'],
  },
  {
    name: 'windows',
    description: 'Windows with MinGW UCRT: .exe binaries, zlib from the dev-deps tree instead of the dynlib overrides, cargo scratch on C:, .cmd tool shims',
    tupPlatform: 'win32',
    uname: ['MINGW*', 'MSYS*', 'CYGWIN*'],
    exeSuffix: '.exe',
    scratch: 'C:/tmp',
    stylus: { command: 'stylus.cmd', output: 'stdout' },
  },
];
