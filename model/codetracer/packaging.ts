import type { Platform } from '../schema/index.js';

/** Post-build steps of the packaging scripts (legacy non-nix-build/ and appimage-scripts/ build_with_nim.sh, the CI workflow's Python wheel job). */
export const packaging: { platforms: Platform[] } = { platforms: [
  {
    name: 'macos',
    description: 'The non-Nix macOS app bundle: binaries find their dylibs in the bundle Frameworks and beside themselves',
    rpathTool: 'install_name_tool',
    codesign: true,
    binaries: [
      { target: 'ct', rpaths: ['@executable_path/../../Frameworks', '@loader_path'] },
      { target: 'db-backend-record', rpaths: ['@executable_path/../../Frameworks'] },
    ],
  },
  {
    name: 'appimage',
    description: 'The AppImage: libraries are linked by path with --passL, so no run path is added (as legacy)',
    rpathTool: 'patchelf',
    codesign: false,
    binaries: [
      { target: 'ct', rpaths: [] },
      { target: 'db-backend-record', rpaths: [] },
    ],
  },
  {
    name: 'python-wheel',
    description: 'The binaries of the Python wheel: OpenSSL, zlib and SQLite linked statically, so no run path is added (as legacy)',
    rpathTool: 'patchelf',
    codesign: false,
    binaries: [
      { target: 'ct', rpaths: [] },
      { target: 'db-backend-record', rpaths: [] },
    ],
  },
] };
