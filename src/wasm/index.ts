// The one WebAssembly module (`npm run build:wasm`): every part reads the same memory, laid out by
// src/pipeline/json-scan.ts.
export * from './json-scan';
export * from './lines';
