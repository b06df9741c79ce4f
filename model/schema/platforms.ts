import { z } from 'zod';
import { NameSchema } from './flags.js';
import { fitsOnDisk, SCRATCH_PATH } from './names.js';

/**
 * A platform the build targets: `linux`, `macos`, `windows`. Bundles can be limited to some
 * platforms; the driver takes `--platform` (default: the host's), Tup derives it from
 * `@(TUP_PLATFORM)`.
 */
export const BuildPlatformSchema = z.strictObject({
  /** The driver's `--platform` value. */
  name: NameSchema,
  /** What builds for it, shown in the driver's help. */
  description: z.string().min(1),
  /** The value of Tup's `@(TUP_PLATFORM)` on this platform: `linux`, `macosx`, `win32`. */
  tupPlatform: z.string().regex(/^[a-z0-9]+$/, 'must be a TUP_PLATFORM value such as linux, macosx or win32'),
  /**
   * `uname -s` patterns (shell globs) of hosts that are this platform, so the driver picks it
   * when no `--platform` is given, e.g. `Linux`, `MINGW*`. Default: none.
   */
  uname: z.array(z.string().regex(/^[A-Za-z0-9_*?-]+$/, 'must be a uname -s glob of letters, digits, _ - * ?')).default([]),
  /** Appended to native executables (nim `c` targets, cargo binaries): `.exe` on Windows. Default: none. */
  exeSuffix: z.string().regex(/^(\.[A-Za-z0-9]+)?$/, 'must be empty or a dot and letters, like .exe').default(''),
  /** Directory for build scratch outside the tree (cargo target directories): `/tmp`, `C:/tmp`. Default: `/tmp`. */
  scratch: fitsOnDisk(z.string().regex(SCRATCH_PATH, 'must be an absolute path of letters, digits and _ . / -')).default('/tmp'),
  /** How Tup runs stylus here. Default: `stylus IN -o OUT`. */
  stylus: z
    .strictObject({
      /** The command: `stylus.cmd` on Windows. Default: `stylus`. */
      command: z.string().regex(/^[A-Za-z0-9_.-]+$/, 'must be a command name').default('stylus'),
      /** `-o` writes with `stylus IN -o OUT`; `stdout` with `stylus -p IN > OUT`. Default: `-o`. */
      output: z.enum(['-o', 'stdout']).default('-o'),
    })
    .prefault({}),
});

export type BuildPlatform = z.infer<typeof BuildPlatformSchema>;
