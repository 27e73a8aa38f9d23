"""Compiles the Node layer's built-in modules to QuickJS bytecode with the engine itself.

Bytecode is tied to the exact engine build, so the build compiles each module with the
engine it just linked (`exec_compile_module`, guest/ABI.md) rather than with any other
QuickJS. The engine runs in a plain wasmtime instance: no fuel, no host (its imports trap).
"""

from __future__ import annotations

from pathlib import Path

import msgpack
import wasmtime


class ModuleCompiler:
    """One compiled engine module; each `compile` runs in a fresh instance of it."""

    def __init__(self, engine_wasm: Path) -> None:
        self._engine = wasmtime.Engine()
        self._module = wasmtime.Module.from_file(self._engine, str(engine_wasm))
        self._linker = wasmtime.Linker(self._engine)
        self._linker.define_wasi()
        for name in ("host_call", "platform_call"):
            # A new FuncType per linker: wasmtime ties one to the first engine it meets and
            # aborts the process when another engine uses it.
            trap = wasmtime.FuncType([wasmtime.ValType.i32()] * 4, [wasmtime.ValType.i32()])
            self._linker.define_func("executor", name, trap, _refuse)

    def compile(self, name: str, source: str, *, script: bool = False) -> bytes:
        """The bytecode of `source` as the CommonJS module `name` (or, with `script`, as a
        plain script); raises ValueError with QuickJS's message when it does not compile.
        """
        store = wasmtime.Store(self._engine)
        store.set_wasi(wasmtime.WasiConfig())
        instance = self._linker.instantiate(store, self._module)
        exports = instance.exports(store)
        exports["_initialize"](store)  # type: ignore[operator]
        memory = exports["memory"]
        assert isinstance(memory, wasmtime.Memory)
        payload = msgpack.packb({"name": name, "source": source, "script": script},
                                use_bin_type=True)
        ptr = exports["exec_alloc"](store, len(payload))  # type: ignore[operator]
        memory.write(store, payload, ptr)
        packed = exports["exec_compile_module"](store, ptr, len(payload))  # type: ignore[operator]
        out_ptr, out_len = (packed >> 32) & 0xFFFFFFFF, packed & 0xFFFFFFFF
        outcome = msgpack.unpackb(memory.read(store, out_ptr, out_ptr + out_len), raw=False)
        if outcome.get("status") != "ok":
            error = outcome.get("error") or {}
            raise ValueError(f"module {name} does not compile: {error.get('name')}: "
                             f"{error.get('message')}\n{error.get('stack')}")
        return bytes(outcome["program"])


def _refuse(*_: int) -> int:
    raise RuntimeError("the engine called the host while compiling a module")
