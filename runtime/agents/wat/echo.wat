;; An agent in plain WebAssembly text: echoes its input and counts its steps in the state
;; under the key "n" (a little-endian u64). No toolchain beyond a wat assembler is needed.
(module
  (import "padmesh" "input_size" (func $input_size (result i32)))
  (import "padmesh" "input_read" (func $input_read (param i32 i32 i32) (result i32)))
  (import "padmesh" "output_write" (func $output_write (param i32 i32)))
  (import "padmesh" "state_get" (func $state_get (param i32 i32 i32 i32) (result i32)))
  (import "padmesh" "state_set" (func $state_set (param i32 i32 i32 i32)))
  (memory 1 4)
  (data (i32.const 0) "n")
  ;; memory: [0] key "n", [8..16) counter, [64..) input copy
  (func (export "step") (result i32)
    (local $len i32)
    (local.set $len (call $input_size))
    ;; inputs larger than the memory after offset 64 are refused (non-zero return = agent error)
    (if (i32.gt_u (local.get $len) (i32.const 262080)) (then (return (i32.const 1))))
    (drop (call $input_read (i32.const 64) (i32.const 0) (local.get $len)))
    (call $output_write (i32.const 64) (local.get $len))
    (drop (call $state_get (i32.const 0) (i32.const 1) (i32.const 8) (i32.const 8)))
    (i64.store (i32.const 8) (i64.add (i64.load (i32.const 8)) (i64.const 1)))
    (call $state_set (i32.const 0) (i32.const 1) (i32.const 8) (i32.const 8))
    (i32.const 0)))
