import { z } from 'zod';

export const PackagedBinarySchema = z.strictObject({
  /** A target name; its artefact is patched after the driver builds it. */
  target: z.string(),
  /**
   * Run-path entries added to this binary, in order, as the loader reads them: `$ORIGIN/../lib`,
   * `${ORIGIN}`, `@loader_path`. Written literally (a `$` here is the loader's, not the shell's).
   * Default: none.
   */
  rpaths: z.array(z.string().min(1)).default([]),
});

export const PlatformSchema = z.strictObject({
  /** `macos`, `appimage`. */
  name: z.string().regex(/^[a-z][a-z0-9-]*$/, 'must be lower-case letters, digits and dashes'),
  /** What the package is and why its binaries need these run paths. */
  description: z.string().min(1),
  /** How run paths are added: `install_name_tool -add_rpath` (macOS) or `patchelf --add-rpath` (Linux). */
  rpathTool: z.enum(['install_name_tool', 'patchelf']),
  /** Ad-hoc `codesign -s - --force --deep` after patching. Default: false. */
  codesign: z.boolean().default(false),
  /** The binaries this platform ships and their run paths. */
  binaries: z.array(PackagedBinarySchema),
});

export type Platform = z.infer<typeof PlatformSchema>;
