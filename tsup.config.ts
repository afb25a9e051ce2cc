import { writeFileSync } from 'node:fs';
import { builtinModules } from 'node:module';
import type { Plugin } from 'esbuild';
import { defineConfig } from 'tsup';
import { PAGE_MODULE, pageModuleSource } from './src/sinks/html/build-assets.js';

/** Node modules that are big to load and that most runs never call: loaded on their first call. */
const ON_FIRST_CALL = new Set(['v8', 'crypto']);

/**
 * `import … from 'node:x'` in our code, as `process.getBuiltinModule('node:x')` (Node ≥ 20.16; else
 * require()). Node builds an ES module's view of a built-in by reading every export, getters
 * included: importing node:fs that way loads fs/promises, readline and streams (~2 ms of a
 * status-line call). Named exports that are getters (fs.promises, …) are left out, so that a build
 * importing one fails rather than loading it. For ON_FIRST_CALL modules, only functions are
 * exported, each loading the module when first called. require() calls in bundled CommonJS
 * dependencies are left alone.
 */
const builtinsOnDemand: Plugin = {
  name: 'builtins-on-demand',
  setup(build) {
    build.onResolve({ filter: /^node:/ }, (args) =>
      args.kind === 'import-statement' && builtinModules.includes(args.path.slice(5)) ? { path: args.path, namespace: 'builtin' } : undefined,
    );
    build.onLoad({ filter: /.*/, namespace: 'builtin' }, async (args) => {
      const id = args.path;
      const exports = (await import(id)).default as Record<string, unknown>;
      const names = Object.keys(exports).filter((k) => /^[A-Za-z_$][\w$]*$/.test(k) && k !== 'default');
      const get = `process.getBuiltinModule?.(${JSON.stringify(id)}) ?? require(${JSON.stringify(id)})`;
      if (ON_FIRST_CALL.has(id.slice(5))) {
        const calls = names.filter((k) => typeof exports[k] === 'function' && /^[a-z]/.test(k) && !Object.getOwnPropertyDescriptor(exports, k)?.get);
        return {
          loader: 'js',
          contents: [`let m;`, `const load = () => (m ??= ${get});`, ...calls.map((k) => `export function ${k}(...a) { return load().${k}(...a); }`)].join('\n'),
        };
      }
      const values = names.filter((k) => !Object.getOwnPropertyDescriptor(exports, k)?.get);
      // Read without running getters: a later Node may turn a value into one that warns when read
      // (Node 24's fs.F_OK prints a deprecation warning), and the export is then undefined.
      const own = `(k) => { const d = Object.getOwnPropertyDescriptor(m, k); return d !== undefined && 'value' in d ? d.value : undefined; }`;
      return {
        loader: 'js',
        contents: `const m = ${get};\nexport default m;\nconst own = ${own};\nexport const ${values.map((k) => `${k} = own(${JSON.stringify(k)})`).join(', ')};\n`,
      };
    });
  },
};

/** The HTML report's page (script and styles), built from src/sinks/html/page/ into the bundle. */
const htmlPage: Plugin = {
  name: 'html-page',
  setup(build) {
    build.onResolve({ filter: /^virtual:usage-html-page$/ }, () => ({ path: PAGE_MODULE, namespace: 'html-page' }));
    build.onLoad({ filter: /.*/, namespace: 'html-page' }, async () => ({ loader: 'js', contents: await pageModuleSource() }));
  },
};

const common = {
  target: 'node20',
  platform: 'node',
  sourcemap: false,
  noExternal: [/.*/],
  // tsup would take node: imports as external before the plugin below sees them.
  removeNodeProtocol: false,
  esbuildPlugins: [builtinsOnDemand, htmlPage],
  // The JSON scanner's WebAssembly (built by `npm run build:wasm`), inlined: no file to find at run time.
  loader: { '.wasm': 'binary' },
} as const;

// Everything, dependencies included, is bundled: resolving and compiling hundreds of small modules
// from node_modules cost more start-up time than the work of a status-line call.
export default defineConfig([
  {
    // Every command, as ES modules in chunks loaded on demand (dist/esm/, with its own package.json
    // saying so); the worker beside them, where pool.ts looks for it.
    ...common,
    entry: { cli: 'src/cli-esm.ts', worker: 'src/pipeline/worker.ts' },
    outDir: 'dist/esm',
    format: ['esm'],
    clean: true,
    splitting: true,
    banner: {
      // Bundled CommonJS dependencies call require() for Node built-ins. Made on first use: the first
      // createRequire of a process costs ~4 ms, and most chunks never call it.
      js: "import { createRequire as __createRequire } from 'node:module';\nlet __require_;\nconst require = (id) => (__require_ ??= __createRequire(import.meta.url))(id);",
    },
    onSuccess: async () => writeFileSync('dist/esm/package.json', '{"type":"module"}\n'),
  },
  {
    // The entry, and the status line's own bundle with its worker, in CommonJS (dist/, whose
    // package.json says so): Node loads a CommonJS file without setting up its ES module loader.
    ...common,
    entry: { cli: 'src/cli.ts', statusline: 'src/statusline-main.ts', worker: 'src/pipeline/worker.ts' },
    outDir: 'dist',
    format: ['cjs'],
    outExtension: () => ({ js: '.js' }),
    // Not dist/esm, which the build above writes at the same time.
    clean: ['*.js', '*.cjs'],
    splitting: false,
    shims: true,
    banner: { js: '#!/usr/bin/env node' },
    onSuccess: async () => writeFileSync('dist/package.json', '{"type":"commonjs"}\n'),
  },
]);
