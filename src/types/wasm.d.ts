/** A WebAssembly module's bytes, bundled into the code that imports it (tsup's and vitest's `.wasm` loaders). */
declare module '*.wasm' {
  const bytes: Uint8Array<ArrayBuffer>;
  export default bytes;
}
