//! The split on small modules built here: what moves, what stays, what the two modules
//! share and how they name it.

use kubeplay_split::{parse_roots, split};
use walrus::ir::{LoadKind, MemArg};
use walrus::{ConstExpr, ExportItem, FunctionBuilder, FunctionId, FunctionKind, ImportKind, Module, ValType};

/// One function returning an i32: `calls` first, then a constant, summed.
fn add(m: &mut Module, name: &str, calls: &[FunctionId], sp: walrus::GlobalId) -> FunctionId {
    let memory = m.memories.iter().next().expect("a memory").id();
    let mut b = FunctionBuilder::new(&mut m.types, &[], &[ValType::I32]);
    b.name(name.to_string());
    let mut body = b.func_body();
    // Touches the stack pointer as Rust code does.
    body.global_get(sp).global_set(sp);
    // And reads memory.
    body.i32_const(0).load(memory, LoadKind::I32 { atomic: false }, MemArg { align: 4, offset: 0 }).drop();
    body.i32_const(1);
    for f in calls {
        body.call(*f).binop(walrus::ir::BinaryOp::I32Add);
    }
    b.finish(vec![], &mut m.funcs)
}

/// main → change (a root) → parse, shared; main → shared; main → helper named like a
/// kubectl closure (as wasm-opt's merging of identical functions leaves it).
fn module() -> Vec<u8> {
    let mut m = Module::default();
    let memory = m.memories.add_local(false, false, 1, None, None);
    m.exports.add("memory", memory);
    let sp = m.globals.add_local(ValType::I32, true, false, ConstExpr::Value(walrus::ir::Value::I32(1024)));
    let shared = add(&mut m, "core::fmt::write::h0123456789abcdef", &[], sp);
    let parse = add(&mut m, "engine::kubectl::args::parse::h0123456789abcdef", &[shared], sp);
    let change = add(&mut m, "engine::kubectl::change::h0123456789abcdef", &[parse, shared], sp);
    let merged = add(&mut m, "engine::kubectl::get::list::{{closure}}::h0123456789abcdef", &[], sp);
    let main = add(&mut m, "kubeplay_web::main::h0123456789abcdef", &[change, shared, merged], sp);
    m.exports.add("main", main);
    m.emit_wasm()
}

fn names(m: &Module, f: impl Fn(&walrus::Import) -> bool) -> Vec<String> {
    m.imports.iter().filter(|i| f(i)).map(|i| format!("{}.{}", i.module, i.name)).collect()
}

fn locals(m: &Module) -> usize {
    m.funcs.iter().filter(|f| matches!(f.kind, FunctionKind::Local(_))).count()
}

#[test]
fn a_root_and_what_only_it_reaches_move_the_rest_stays() {
    let roots = parse_roots("# kubectl\nengine::kubectl::change\nengine::kubectl::*\n");
    let s = split(&module(), &roots).unwrap();
    assert_eq!(s.boundary_names, ["engine::kubectl::change"]);
    assert_eq!((s.cold_functions, s.functions), (2, 5), "change and parse move");
    assert!(s.unmatched.is_empty());

    let primary = Module::from_buffer(&s.primary).unwrap();
    assert_eq!(names(&primary, |_| true), ["cold.c0"]);
    // main, the shared function and the merged helper (a prefix never cuts a call).
    assert_eq!(locals(&primary), 3);
    let exported: Vec<&str> = primary.exports.iter().map(|e| e.name.as_str()).collect();
    for name in ["main", "memory", "__split_memory0", "__split_global0"] {
        assert!(exported.contains(&name), "{exported:?}");
    }
    // The warm function the cold code calls, by its position in the original module.
    assert!(exported.iter().any(|e| e.starts_with("__split_f")), "{exported:?}");

    let cold = Module::from_buffer(&s.cold).unwrap();
    let cold_exports: Vec<(&str, bool)> =
        cold.exports.iter().map(|e| (e.name.as_str(), matches!(e.item, ExportItem::Function(_)))).collect();
    assert_eq!(cold_exports, [("c0", true)]);
    assert_eq!(locals(&cold), 2, "change and parse, and no copy of the shared function");
    let imports = names(&cold, |_| true);
    assert!(imports.contains(&"__primary.__split_memory0".to_string()), "{imports:?}");
    assert!(imports.contains(&"__primary.__split_global0".to_string()), "{imports:?}");
    assert!(imports.iter().any(|i| i.starts_with("__primary.__split_f")), "{imports:?}");
    // Every name the cold module asks the primary for, the primary exports.
    for i in cold.imports.iter() {
        assert!(exported.contains(&i.name.as_str()), "{} is not exported by the primary", i.name);
    }
    assert!(cold.data.iter().next().is_none() && cold.start.is_none());
    assert!(cold.imports.iter().any(|i| matches!(i.kind, ImportKind::Global(_))));
}

#[test]
fn nothing_to_move_is_refused_and_an_unknown_root_is_reported() {
    let none = split(&module(), &parse_roots("engine::no_such::function\n"));
    assert!(none.is_err());
    let roots = parse_roots("engine::kubectl::change\nengine::renamed\n");
    assert_eq!(split(&module(), &roots).unwrap().unmatched, ["engine::renamed"]);
}

#[test]
fn names_lose_their_hash_and_mangling() {
    assert_eq!(kubeplay_split::clean_name("_ZN6engine7kubectl6change17h432b34c3aeb97c62E"), "engine::kubectl::change");
    assert_eq!(kubeplay_split::clean_name("engine::kubectl::read::h8a7fdaa7fcc1ada4"), "engine::kubectl::read");
    assert_eq!(kubeplay_split::clean_name("memcpy"), "memcpy");
}
