/**
 * The slice of the WebAssembly JS API the kernels use (the TS lib in use does not declare it), one
 * compiled module per kernel, and memories that are replaced rather than grown: `memory.grow`
 * detaches the old ArrayBuffer, and once any ArrayBuffer in a thread is detached V8 checks every
 * later typed-array access in that thread (tree fits ran 25-50 % slower; see the detach test).
 */

/** A WebAssembly memory, as far as the kernels use it. */
export interface WasmMemory {
  readonly buffer: ArrayBuffer;
}
interface WasmApi {
  Module: new (bytes: Uint8Array) => object;
  Instance: new (module: object, imports: object) => { exports: object };
  Memory: new (descriptor: { initial: number }) => WasmMemory;
}
const wasmApi = (globalThis as unknown as { WebAssembly: WasmApi }).WebAssembly;

/** Bytes per WebAssembly page. */
export const PAGE = 65536;

/** Compiles a base64 kernel once and returns a function that instantiates it over a memory. */
export function kernelInstantiator<E>(base64: string): (memory: WasmMemory) => E {
  let compiled: object | undefined;
  return (memory) => {
    compiled ??= new wasmApi.Module(Buffer.from(base64, 'base64'));
    return new wasmApi.Instance(compiled, { env: { memory } }).exports as unknown as E;
  };
}

/** A fresh memory of at least `bytes` bytes. */
export function newMemory(bytes: number): WasmMemory {
  return new wasmApi.Memory({ initial: Math.max(1, Math.ceil(bytes / PAGE)) });
}

/** A larger memory holding a copy of the first `keep` bytes of `old` (instead of `old.grow`). */
export function replaceMemory(old: WasmMemory, bytes: number, keep: number): WasmMemory {
  const memory = newMemory(bytes);
  if (keep > 0) new Uint8Array(memory.buffer).set(new Uint8Array(old.buffer, 0, keep));
  return memory;
}
