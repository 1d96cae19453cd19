// The WebAssembly JS API as Node 24 provides it. TypeScript declares it only in lib.dom, which this
// project does not load; these are the parts the runtime uses (shapes from the WebAssembly JS API spec).
declare namespace WebAssembly {
  type ImportValue = ((...args: never[]) => unknown) | Global | Memory | Table | number | bigint;
  type Imports = Record<string, Record<string, ImportValue>>;
  type Exports = Record<string, ImportValue>;

  interface ModuleImportDescriptor {
    module: string;
    name: string;
    kind: "function" | "table" | "memory" | "global" | "tag";
  }
  interface ModuleExportDescriptor {
    name: string;
    kind: "function" | "table" | "memory" | "global" | "tag";
  }

  class Module {
    constructor(bytes: BufferSource);
    static imports(module: Module): ModuleImportDescriptor[];
    static exports(module: Module): ModuleExportDescriptor[];
  }

  class Instance {
    constructor(module: Module, imports?: Imports);
    readonly exports: Exports;
  }

  interface MemoryDescriptor {
    initial: number;
    maximum?: number;
    shared?: boolean;
  }
  class Memory {
    constructor(descriptor: MemoryDescriptor);
    readonly buffer: ArrayBuffer;
    grow(delta: number): number;
  }

  interface TableDescriptor {
    element: "anyfunc" | "externref";
    initial: number;
    maximum?: number;
  }
  class Table {
    constructor(descriptor: TableDescriptor);
    readonly length: number;
  }

  interface GlobalDescriptor {
    value: "i32" | "i64" | "f32" | "f64";
    mutable?: boolean;
  }
  class Global {
    constructor(descriptor: GlobalDescriptor, value?: number | bigint);
    value: number | bigint;
  }

  class CompileError extends Error {}
  class LinkError extends Error {}
  class RuntimeError extends Error {}

  function validate(bytes: BufferSource): boolean;
  function compile(bytes: BufferSource): Promise<Module>;
}
type BufferSource = ArrayBufferView | ArrayBuffer;
