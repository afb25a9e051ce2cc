import { defineConfig } from 'tsup';

// One bundled ESM file per entry: a single module graph keeps the status-line start-up short.
export default defineConfig({
  entry: { cli: 'src/cli.ts' },
  format: ['esm'],
  target: 'node20',
  platform: 'node',
  clean: true,
  splitting: true,
  sourcemap: false,
  banner: { js: '#!/usr/bin/env node' },
});
