//! Splits the page's wasm in two: a primary module with everything the first view can
//! reach, and a cold module with the code only reachable through the entry points named
//! in a roots file (kubectl's interpreter, describe, explain, kustomize, …). Both modules
//! share one memory, table and stack pointer; each cold entry point becomes an import of
//! the primary (`cold.cN`) that the page's loader answers by calling the cold module's
//! export of the same name, fetching it first if it has not arrived yet.
//!
//! Why a splitter of our own: wasm-bindgen and trunk emit one module, and binaryen's
//! `wasm-split` is not in the npm build the page uses. The cut is static (by names and
//! direct calls), not profile-guided, so it needs no browser to build and is the same on
//! every machine.
//!
//! The cold module is the original module with memory, tables and mutable globals turned
//! into imports, its data and element segments dropped (the primary has already laid
//! them out) and everything not reachable from the cold entry points collected. A
//! function both sides call is therefore in both; each copy works on the same memory.

use std::collections::{BTreeMap, BTreeSet};

use anyhow::{bail, Context, Result};
use walrus::ir::Visitor;
use walrus::{
    ConstExpr, ElementItems, ExportItem, FunctionId, FunctionKind, GlobalKind, ImportKind, ImportedFunction, Module, ModuleConfig,
};

/// The import module under which the primary asks for cold functions.
pub const COLD_IMPORT: &str = "cold";
/// The import module under which the cold module asks for the primary's memory, tables
/// and mutable globals, exported by the primary as `__split_*` (the loader passes the
/// primary's exports).
pub const PRIMARY_IMPORT: &str = "__primary";

/// Which functions move, decided on one module.
#[derive(Debug)]
pub struct Plan {
    /// Cold entry points the primary refers to: each becomes an import `cold.c{index}`.
    pub boundary: Vec<FunctionId>,
    /// Every function only reachable through the boundary (the boundary included).
    pub cold: BTreeSet<FunctionId>,
    /// Patterns of the roots file that matched no function: a renamed entry point.
    pub unmatched: Vec<String>,
}

/// The two modules' bytes and what went where.
pub struct Split {
    pub primary: Vec<u8>,
    pub cold: Vec<u8>,
    pub boundary_names: Vec<String>,
    /// Root patterns that matched no function (renamed, or inlined by wasm-opt).
    pub unmatched: Vec<String>,
    pub cold_functions: usize,
    pub functions: usize,
}

/// A roots file: one pattern per line, `#` comments; `path::*` matches every function
/// whose demangled path starts with `path::`, anything else matches the path exactly.
pub fn parse_roots(text: &str) -> Vec<String> {
    text.lines().map(|l| l.split('#').next().unwrap_or("").trim()).filter(|l| !l.is_empty()).map(str::to_string).collect()
}

/// A function's Rust path without its hash (`engine::kubectl::change`), or its raw name.
pub fn clean_name(raw: &str) -> String {
    let demangled = format!("{:#}", rustc_demangle::demangle(raw));
    match demangled.rsplit_once("::h") {
        Some((path, hash)) if hash.len() == 16 && hash.bytes().all(|b| b.is_ascii_hexdigit()) => path.to_string(),
        _ => demangled,
    }
}

fn matches(pattern: &str, name: &str) -> bool {
    match pattern.strip_suffix('*') {
        Some(prefix) => name.starts_with(prefix),
        None => name == pattern,
    }
}

/// Every function a body names directly (calls, tail calls, `ref.func`).
fn referenced(m: &Module, f: FunctionId) -> Vec<FunctionId> {
    struct Refs(Vec<FunctionId>);
    impl<'i> Visitor<'i> for Refs {
        fn visit_function_id(&mut self, f: &FunctionId) {
            self.0.push(*f);
        }
    }
    let mut refs = Refs(Vec::new());
    if let FunctionKind::Local(local) = &m.funcs.get(f).kind {
        walrus::ir::dfs_in_order(&mut refs, local, local.entry_block());
    }
    refs.0
}

/// Functions the module's outside can reach without a call: exports, the start
/// function, table elements and `ref.func` in global initialisers.
fn entry_points(m: &Module) -> BTreeSet<FunctionId> {
    let mut out = BTreeSet::new();
    for e in m.exports.iter() {
        if let ExportItem::Function(f) = e.item {
            out.insert(f);
        }
    }
    out.extend(m.start);
    for e in m.elements.iter() {
        match &e.items {
            ElementItems::Functions(fs) => out.extend(fs.iter().copied()),
            ElementItems::Expressions(_, exprs) => out.extend(exprs.iter().filter_map(|x| match x {
                ConstExpr::RefFunc(f) => Some(*f),
                _ => None,
            })),
        }
    }
    for g in m.globals.iter() {
        if let GlobalKind::Local(ConstExpr::RefFunc(f)) = g.kind {
            out.insert(f);
        }
    }
    out
}

/// Decides the cut. A call to a function named exactly by a root is cut; a function a
/// pattern matches (exactly or by prefix) is not an entry point of its own. Warm is
/// everything reachable from the other entry points without a cut; cold is every other
/// local function; the boundary is the cold functions that warm code or an entry point
/// names.
///
/// Prefixes only remove entry points (closures and trait methods in the table) and never
/// cut a direct call, because wasm-opt merges identical functions under one of their
/// names: a helper the first view calls may carry the name of a kubectl closure.
pub fn plan(m: &Module, roots: &[String]) -> Plan {
    let names: BTreeMap<FunctionId, String> =
        m.funcs.iter().map(|f| (f.id(), f.name.as_deref().map(clean_name).unwrap_or_default())).collect();
    let matched = |exact_only: bool| -> BTreeSet<FunctionId> {
        names
            .iter()
            .filter(|(_, n)| roots.iter().filter(|p| !(exact_only && p.ends_with('*'))).any(|p| matches(p, n)))
            .map(|(id, _)| *id)
            .collect()
    };
    let (cut, not_entry) = (matched(true), matched(false));
    let unmatched = roots.iter().filter(|p| !names.values().any(|n| matches(p, n))).cloned().collect();

    let entries = entry_points(m);
    let mut warm = BTreeSet::new();
    let mut stack: Vec<FunctionId> = entries.iter().copied().filter(|f| !not_entry.contains(f)).collect();
    let mut named_by_warm = BTreeSet::new();
    while let Some(f) = stack.pop() {
        if !warm.insert(f) {
            continue;
        }
        for g in referenced(m, f) {
            if cut.contains(&g) {
                named_by_warm.insert(g);
            } else if !warm.contains(&g) {
                stack.push(g);
            }
        }
    }
    let cold: BTreeSet<FunctionId> =
        m.funcs.iter().filter(|f| matches!(f.kind, FunctionKind::Local(_)) && !warm.contains(&f.id())).map(|f| f.id()).collect();
    let boundary = cold.iter().copied().filter(|f| named_by_warm.contains(f) || entries.contains(f)).collect();
    Plan { boundary, cold, unmatched }
}

fn parse(wasm: &[u8]) -> Result<Module> {
    ModuleConfig::new()
        .generate_name_section(std::env::var_os("SPLIT_KEEP_NAMES").is_some())
        .generate_producers_section(false)
        .parse(wasm)
        .context("reading the wasm module")
}

fn export_name(i: usize) -> String {
    format!("c{i}")
}

fn warm_name(position: usize) -> String {
    format!("__split_f{position}")
}

/// What the cold module takes from the primary rather than having its own, each with the
/// name the primary exports it under.
struct Shared {
    memories: Vec<(walrus::MemoryId, String)>,
    tables: Vec<(walrus::TableId, String)>,
    globals: Vec<(walrus::GlobalId, String)>,
}

fn shared(m: &Module) -> Shared {
    let name = |what: &str, i: usize| format!("__split_{what}{i}");
    Shared {
        memories: m.memories.iter().enumerate().map(|(i, x)| (x.id(), name("memory", i))).collect(),
        tables: m.tables.iter().enumerate().map(|(i, x)| (x.id(), name("table", i))).collect(),
        // Immutable globals are constants: a copy is the same value.
        globals: m.globals.iter().filter(|g| g.mutable).enumerate().map(|(i, g)| (g.id(), name("global", i))).collect(),
    }
}

/// Splits `wasm` at the functions named by `roots`. Refuses when nothing would move.
pub fn split(wasm: &[u8], roots: &[String]) -> Result<Split> {
    let mut primary = parse(wasm)?;
    let plan = plan(&primary, roots);
    if plan.boundary.is_empty() {
        bail!("no cold entry point is reachable from the page: nothing to split");
    }
    let boundary_names = plan.boundary.iter().map(|f| primary.funcs.get(*f).name.as_deref().map(clean_name).unwrap_or_default()).collect();
    let functions = primary.funcs.iter().count();

    // The cold module: the same module, parsed again so that ids line up, sharing the
    // primary's state and exporting the boundary.
    let mut cold = parse(wasm)?;
    let Shared { memories, tables, globals } = shared(&cold);
    for (id, name) in memories {
        let import = cold.imports.add(PRIMARY_IMPORT, &name, ImportKind::Memory(id));
        let mem = cold.memories.get_mut(id);
        mem.import = Some(import);
        mem.data_segments = Default::default();
    }
    for (id, name) in tables {
        let import = cold.imports.add(PRIMARY_IMPORT, &name, ImportKind::Table(id));
        let table = cold.tables.get_mut(id);
        table.import = Some(import);
        table.elem_segments = Default::default();
        table.init = None;
    }
    for (id, name) in globals {
        let import = cold.imports.add(PRIMARY_IMPORT, &name, ImportKind::Global(id));
        cold.globals.get_mut(id).kind = GlobalKind::Import(import);
    }
    let data: Vec<_> = cold.data.iter().map(|d| d.id()).collect();
    for d in data {
        cold.data.delete(d);
    }
    let elements: Vec<_> = cold.elements.iter().map(|e| e.id()).collect();
    for e in elements {
        cold.elements.delete(e);
    }
    let exports: Vec<_> = cold.exports.iter().map(|e| e.id()).collect();
    for e in exports {
        cold.exports.delete(e);
    }
    cold.start = None;
    // Warm functions the cold code calls stay in the primary alone: the cold module
    // imports them rather than carrying copies.
    let mut called_warm = BTreeSet::new();
    for f in &plan.cold {
        for g in referenced(&primary, *f) {
            if !plan.cold.contains(&g) && matches!(primary.funcs.get(g).kind, FunctionKind::Local(_)) {
                called_warm.insert(g);
            }
        }
    }
    // Ids belong to one parse: the same function has the same position in both.
    let position: BTreeMap<FunctionId, usize> = primary.funcs.iter().enumerate().map(|(i, f)| (f.id(), i)).collect();
    let cold_ids: Vec<FunctionId> = cold.funcs.iter().map(|f| f.id()).collect();
    for (i, f) in plan.boundary.iter().enumerate() {
        cold.exports.add(&export_name(i), cold_ids[position[f]]);
    }
    for f in &called_warm {
        let id = cold_ids[position[f]];
        let ty = cold.funcs.get(id).ty();
        let import = cold.imports.add(PRIMARY_IMPORT, &warm_name(position[f]), ImportKind::Function(id));
        cold.funcs.get_mut(id).kind = FunctionKind::Import(ImportedFunction { import, ty });
    }
    walrus::passes::gc::run(&mut cold);

    // The primary: shares its state under fixed names and imports the boundary.
    let Shared { memories, tables, globals } = shared(&primary);
    for (id, name) in memories {
        primary.exports.add(&name, id);
    }
    for (id, name) in tables {
        primary.exports.add(&name, id);
    }
    for (id, name) in globals {
        primary.exports.add(&name, id);
    }
    for f in &called_warm {
        primary.exports.add(&warm_name(position[f]), *f);
    }
    for (i, f) in plan.boundary.iter().enumerate() {
        let ty = primary.funcs.get(*f).ty();
        let import = primary.imports.add(COLD_IMPORT, &export_name(i), ImportKind::Function(*f));
        primary.funcs.get_mut(*f).kind = FunctionKind::Import(ImportedFunction { import, ty });
    }
    walrus::passes::gc::run(&mut primary);
    let cold_functions = plan.cold.len();
    Ok(Split { primary: primary.emit_wasm(), cold: cold.emit_wasm(), boundary_names, unmatched: plan.unmatched, cold_functions, functions })
}

/// Debugging aid: direct calls from functions outside `prefix` into functions inside it.
pub fn calls_into(wasm: &[u8], prefix: &str) -> Result<Vec<(String, String)>> {
    let m = parse(wasm)?;
    let name = |f: FunctionId| m.funcs.get(f).name.as_deref().map(clean_name).unwrap_or_default();
    let mut out = BTreeSet::new();
    for f in m.funcs.iter() {
        let from = name(f.id());
        if from.starts_with(prefix) {
            continue;
        }
        for g in referenced(&m, f.id()) {
            let to = name(g);
            if to.starts_with(prefix) {
                out.insert((from.clone(), to));
            }
        }
    }
    Ok(out.into_iter().collect())
}
