import { defineConfig } from 'tsup';

// Everything, dependencies included, is bundled: resolving and compiling hundreds of small modules
// from node_modules cost more start-up time than the work of a status-line call.
export default defineConfig({
  entry: { cli: 'src/cli.ts', worker: 'src/pipeline/worker.ts' },
  format: ['esm'],
  target: 'node20',
  platform: 'node',
  clean: true,
  splitting: true,
  sourcemap: false,
  noExternal: [/.*/],
  // The JSON scanner's WebAssembly (built by `npm run build:wasm`), inlined: no file to find at run time.
  loader: { '.wasm': 'binary' },
  banner: {
    // Bundled CommonJS dependencies call require() for Node built-ins. Made on first use: the first
    // createRequire of a process costs ~4 ms, and most chunks never call it.
    js: "#!/usr/bin/env node\nimport { createRequire as __createRequire } from 'node:module';\nlet __require_;\nconst require = (id) => (__require_ ??= __createRequire(import.meta.url))(id);",
  },
});
