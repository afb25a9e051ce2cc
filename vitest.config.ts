import { readFileSync } from 'node:fs';
import { defineConfig } from 'vitest/config';
import { PAGE_MODULE, pageModuleSource } from './src/sinks/html/build-assets.js';

export default defineConfig({
  plugins: [
    {
      // `import bytes from '….wasm'` gives the module's bytes, as tsup's binary loader does in the build.
      name: 'wasm-bytes',
      enforce: 'pre',
      load(id) {
        if (!id.endsWith('.wasm')) return undefined;
        return `export default new Uint8Array(Buffer.from(${JSON.stringify(readFileSync(id).toString('base64'))}, 'base64'));`;
      },
    },
    {
      // The HTML report's page, built as tsup's build does.
      name: 'html-page',
      resolveId: (id) => (id === PAGE_MODULE ? `\0${PAGE_MODULE}` : undefined),
      load: (id) => (id === `\0${PAGE_MODULE}` ? pageModuleSource() : undefined),
    },
  ],
  test: {
    include: ['tests/**/*.test.ts'],
    reporters: ['default', './tests/summary-reporter.ts'],
    // Several tests run the built CLI as a user would; a cold machine needs more than the default.
    testTimeout: 30_000,
    hookTimeout: 60_000,
  },
});
