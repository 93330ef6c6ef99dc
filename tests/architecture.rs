//! Issue 14's "Done means", as checks on the source tree (read from the
//! repository, parsed with syn; nothing is compiled or run):
//!
//! 1. `no_module_cycle_in_any_crate`: per crate (`src/lib.rs`, `src/main.rs`,
//!    every `crates/*/src`), the edges between its top-level modules
//!    (`use crate::x…`, `crate::x::y` anywhere in the code, `self::`/`super::`
//!    paths that leave the module, and calls of a `macro_rules!` macro
//!    defined in another module); a strongly connected component of more
//!    than one module fails. A module and its submodules are one unit.
//! 2. `no_function_over_100_lines`: fn items, from `fn` to the closing brace.
//! 3. `no_is_real`: the identifier `is_real`, anywhere (tests too).
//! 4. `clock_reads_only_in_the_clock_module`: `SystemTime::now`,
//!    `Instant::now` (std or tokio), `Utc::now`, `Local::now`, also named as
//!    values (`unwrap_or_else(Instant::now)`), and `.elapsed()` (which reads
//!    the clock too), outside `src/clock.rs`.
//! 5. `main_rs_under_100_lines`.
//!
//! Test code does not count for 1, 2 and 4: `#[cfg(test)]` items and
//! modules (and the files they bring in), `#[test]` functions, files named
//! `tests.rs`, and `tests/` folders. Macro bodies (`tokio::select!`, `t!`) are
//! read as tokens.
//!
//! Violations that are still being fixed are listed in `KNOWN`. A check fails
//! on a violation that is not listed, and on a listed one that is gone: the
//! list can only shrink. Remove an entry when you fix it.

use std::collections::{BTreeMap, BTreeSet};
use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use proc_macro2::{Delimiter, TokenStream, TokenTree};
use syn::visit::{self, Visit};

/// `(check, "file:item")`, each a violation that exists on main now.
/// - `cycle`: "FILE:crate::M": the top-level module in FILE reaches module M,
///   and M reaches back (the edge is part of a cycle).
/// - `fn-length`, `is_real`, `clock`: "FILE:ITEM", ITEM the function (or
///   other item) as `Type::method` / `outer::inner`.
const KNOWN: &[(&str, &str)] = &[];

const MAX_FN_LINES: usize = 100;
const MAX_MAIN_LINES: usize = 100;
/// Types whose `::now` reads a clock.
const CLOCK_TYPES: &[&str] = &["SystemTime", "Instant", "Utc", "Local"];
/// The one module that may read the clock.
const CLOCK_MODULE: &str = "src/clock.rs";

// ---------------------------------------------------------------- the tree

fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// A source file, parsed, with where it sits.
struct SrcFile {
    /// Relative to the repository, with `/`.
    rel: String,
    /// Which crate root brought it in (`src/lib.rs`, …); None if none did.
    krate: Option<String>,
    /// Its module path within that crate (`["audio", "bus"]`).
    module: Vec<String>,
    /// Brought in as test code (or named tests.rs, or under tests/).
    test: bool,
    facts: Facts,
}

/// The crate roots: the root package's library and binary, and each
/// workspace crate's.
fn crate_roots() -> Vec<String> {
    let mut roots = Vec::new();
    for r in ["src/lib.rs", "src/main.rs"] {
        if repo().join(r).is_file() {
            roots.push(r.to_string());
        }
    }
    let mut crates: Vec<_> = std::fs::read_dir(repo().join("crates"))
        .map(|d| d.flatten().map(|e| e.path()).collect())
        .unwrap_or_default();
    crates.sort();
    for c in crates {
        for r in ["src/lib.rs", "src/main.rs"] {
            if c.join(r).is_file() {
                roots.push(rel(&c.join(r)));
            }
        }
    }
    roots
}

fn rel(path: &Path) -> String {
    path.strip_prefix(repo())
        .unwrap_or(path)
        .to_string_lossy()
        .replace('\\', "/")
}

fn rs_files(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for e in entries.flatten() {
        let p = e.path();
        if p.is_dir() {
            if p.file_name().is_some_and(|n| n != "target") {
                rs_files(&p, out);
            }
        } else if p.extension().is_some_and(|x| x == "rs") {
            out.push(p);
        }
    }
}

fn parse(path: &Path) -> syn::File {
    let text = std::fs::read_to_string(path)
        .unwrap_or_else(|e| panic!("{}: cannot read: {e}", path.display()));
    syn::parse_file(&text).unwrap_or_else(|e| {
        let at = e.span().start();
        panic!(
            "{}:{}:{}: syn cannot parse: {e}",
            rel(path),
            at.line,
            at.column
        )
    })
}

/// Every `.rs` file under `src/` and `crates/`, parsed, each placed in its
/// crate's module tree by following the `mod` declarations.
fn tree() -> Vec<SrcFile> {
    let mut placed: BTreeMap<String, (String, Vec<String>, bool)> = BTreeMap::new();
    for root in crate_roots() {
        let path = repo().join(&root);
        let dir = path.parent().map(Path::to_path_buf).unwrap_or_default();
        let ast = parse(&path);
        place_mods(&ast.items, &root, &dir, &[], false, &mut placed);
        placed.insert(root.clone(), (root, Vec::new(), false));
    }
    let mut paths = Vec::new();
    rs_files(&repo().join("src"), &mut paths);
    rs_files(&repo().join("crates"), &mut paths);
    paths.sort();
    paths
        .into_iter()
        .map(|p| {
            let r = rel(&p);
            let ast = parse(&p);
            let named_test = r.ends_with("/tests.rs") || r.contains("/tests/");
            let (krate, module, test) = match placed.get(&r) {
                Some((k, m, t)) => (Some(k.clone()), m.clone(), *t || named_test),
                None => (None, Vec::new(), named_test || r.contains("/benches/")),
            };
            let mut facts = Facts::new(module.clone(), test);
            facts.visit_file(&ast);
            SrcFile {
                rel: r,
                krate,
                module,
                test,
                facts,
            }
        })
        .collect()
}

/// Follows `mod x;` (to `dir/x.rs` or `dir/x/mod.rs`) and inline `mod x {}`.
fn place_mods(
    items: &[syn::Item],
    root: &str,
    dir: &Path,
    module: &[String],
    test: bool,
    placed: &mut BTreeMap<String, (String, Vec<String>, bool)>,
) {
    for item in items {
        let syn::Item::Mod(m) = item else { continue };
        let name = m.ident.to_string();
        let test = test || is_cfg_test(&m.attrs);
        let mut child = module.to_vec();
        child.push(name.clone());
        if let Some((_, inner)) = &m.content {
            place_mods(inner, root, &dir.join(&name), &child, test, placed);
            continue;
        }
        let flat = dir.join(format!("{name}.rs"));
        let nested = dir.join(&name).join("mod.rs");
        let file = if flat.is_file() { flat } else { nested };
        if !file.is_file() {
            continue;
        }
        let ast = parse(&file);
        placed.insert(rel(&file), (root.to_string(), child.clone(), test));
        place_mods(&ast.items, root, &dir.join(&name), &child, test, placed);
    }
}

/// `#[cfg(test)]`, or `#[cfg(all(test, …))]`: compiled for tests only.
fn is_cfg_test(attrs: &[syn::Attribute]) -> bool {
    fn test_only(tokens: &TokenStream) -> bool {
        let trees: Vec<TokenTree> = tokens.clone().into_iter().collect();
        match trees.as_slice() {
            [TokenTree::Ident(i)] => i == "test",
            [TokenTree::Ident(i), TokenTree::Group(g)]
                if i == "all" && g.delimiter() == Delimiter::Parenthesis =>
            {
                split_commas(g.stream()).iter().any(test_only)
            }
            _ => false,
        }
    }
    attrs.iter().any(|a| {
        a.path().is_ident("cfg") && matches!(&a.meta, syn::Meta::List(l) if test_only(&l.tokens))
    })
}

fn split_commas(tokens: TokenStream) -> Vec<TokenStream> {
    let mut parts = vec![TokenStream::new()];
    for t in tokens {
        match &t {
            TokenTree::Punct(p) if p.as_char() == ',' => parts.push(TokenStream::new()),
            _ => parts
                .last_mut()
                .into_iter()
                .for_each(|s| s.extend([t.clone()])),
        }
    }
    parts
}

/// `#[test]`, `#[tokio::test]` and the like.
fn is_test_fn(attrs: &[syn::Attribute]) -> bool {
    attrs.iter().any(|a| {
        a.path()
            .segments
            .last()
            .is_some_and(|s| s.ident == "test" || s.ident == "bench")
    })
}

// ---------------------------------------------------------------- facts

/// What one file says, each fact with its line, the item it is in, and
/// whether it is test code.
#[derive(Default)]
struct Facts {
    /// Module path at the current point (inline modules push onto it).
    module: Vec<String>,
    /// Names of the enclosing items (`Type`, `method`, `inner`).
    items: Vec<String>,
    test_depth: usize,
    /// Paths that name something in this crate, made absolute:
    /// (line, absolute path, test).
    paths: Vec<(usize, Vec<String>, bool)>,
    /// Root-level `use` renames: name → absolute path (re-exports).
    uses: Vec<(String, Vec<String>)>,
    /// Macro calls by a single name: (line, name, test).
    macro_calls: Vec<(usize, String, bool)>,
    /// `macro_rules!` defined here, with the module they are in.
    macro_defs: Vec<(String, Vec<String>)>,
    /// (first line, last line, item, test).
    fns: Vec<(usize, usize, String, bool)>,
    /// (line, item, test).
    is_real: Vec<(usize, String, bool)>,
    /// (line, item, what, test).
    clock: Vec<(usize, String, String, bool)>,
    /// `use … as X` of a clock type: X.
    clock_aliases: BTreeSet<String>,
}

impl Facts {
    fn new(module: Vec<String>, test: bool) -> Facts {
        Facts {
            module,
            test_depth: usize::from(test),
            ..Facts::default()
        }
    }

    fn in_test(&self) -> bool {
        self.test_depth > 0
    }

    fn item(&self) -> String {
        if self.items.is_empty() {
            "(top level)".to_string()
        } else {
            self.items.join("::")
        }
    }

    /// A path as written, made absolute within the crate: `crate::a::b`,
    /// `self::…`, `super::…`. Others (extern crates, locals, relative
    /// names) give None.
    fn absolute(&self, segs: &[String]) -> Option<Vec<String>> {
        let first = segs.first()?;
        match first.as_str() {
            "crate" => Some(segs[1..].to_vec()),
            "self" => Some([&self.module[..], &segs[1..]].concat()),
            "super" => {
                let mut base = self.module.clone();
                let mut rest = segs;
                while rest.first().is_some_and(|s| s == "super") {
                    base.pop();
                    rest = &rest[1..];
                }
                Some([&base[..], rest].concat())
            }
            _ => None,
        }
    }

    fn note_path(&mut self, line: usize, segs: &[String]) {
        if let Some(abs) = self.absolute(segs) {
            let test = self.in_test();
            self.paths.push((line, abs, test));
        }
        for w in segs.windows(2) {
            if w[1] == "now"
                && (CLOCK_TYPES.contains(&w[0].as_str()) || self.clock_aliases.contains(&w[0]))
            {
                let (item, test) = (self.item(), self.in_test());
                self.clock.push((line, item, segs.join("::"), test));
            }
        }
    }

    fn note_ident(&mut self, line: usize, ident: &str) {
        if ident == "is_real" {
            let (item, test) = (self.item(), self.in_test());
            self.is_real.push((line, item, test));
        }
    }

    /// Macro bodies are tokens: look for `crate::…`, `super::…`,
    /// `X::now`, `.elapsed()` and `is_real` in them.
    fn scan_tokens(&mut self, tokens: TokenStream) {
        let trees: Vec<TokenTree> = tokens.into_iter().collect();
        let mut i = 0;
        while i < trees.len() {
            match &trees[i] {
                TokenTree::Group(g) => self.scan_tokens(g.stream()),
                TokenTree::Ident(id) => {
                    let line = id.span().start().line;
                    self.note_ident(line, &id.to_string());
                    let after_dollar =
                        i > 0 && matches!(&trees[i - 1], TokenTree::Punct(p) if p.as_char() == '$');
                    let after_colons =
                        i > 0 && matches!(&trees[i - 1], TokenTree::Punct(p) if p.as_char() == ':');
                    if !after_dollar && !after_colons {
                        let (segs, next) = path_at(&trees, i);
                        if segs.len() > 1 {
                            self.note_path(line, &segs);
                        }
                        if id == "elapsed" && is_empty_call_after_dot(&trees, i) {
                            self.note_elapsed(line);
                        }
                        i = next.max(i + 1);
                        continue;
                    }
                }
                _ => {}
            }
            i += 1;
        }
    }

    fn note_elapsed(&mut self, line: usize) {
        let (item, test) = (self.item(), self.in_test());
        self.clock
            .push((line, item, ".elapsed()".to_string(), test));
    }

    fn enter(&mut self, name: String, test: bool) {
        self.items.push(name);
        self.test_depth += usize::from(test);
    }

    fn leave(&mut self, test: bool) {
        self.items.pop();
        self.test_depth -= usize::from(test);
    }

    fn note_fn(&mut self, first: usize, last: usize) {
        let (item, test) = (self.item(), self.in_test());
        self.fns.push((first, last, item, test));
    }
}

/// `a :: b :: c` starting at `trees[i]`: the segments and the index after.
fn path_at(trees: &[TokenTree], mut i: usize) -> (Vec<String>, usize) {
    let mut segs = Vec::new();
    while let Some(TokenTree::Ident(id)) = trees.get(i) {
        segs.push(id.to_string());
        let colons = matches!(
            (trees.get(i + 1), trees.get(i + 2)),
            (Some(TokenTree::Punct(a)), Some(TokenTree::Punct(b)))
                if a.as_char() == ':' && b.as_char() == ':'
        );
        if !colons {
            return (segs, i + 1);
        }
        i += 3;
    }
    (segs, i)
}

fn is_empty_call_after_dot(trees: &[TokenTree], i: usize) -> bool {
    let dot = i > 0 && matches!(&trees[i - 1], TokenTree::Punct(p) if p.as_char() == '.');
    let call = matches!(trees.get(i + 1),
        Some(TokenTree::Group(g)) if g.delimiter() == Delimiter::Parenthesis && g.stream().is_empty());
    dot && call
}

fn segments(path: &syn::Path) -> Vec<String> {
    let mut segs: Vec<String> = path.segments.iter().map(|s| s.ident.to_string()).collect();
    if path.leading_colon.is_some() {
        segs.insert(0, String::new());
    }
    segs
}

/// A `use` tree as full paths, each with the name it binds.
fn flatten_use(tree: &syn::UseTree, prefix: &[String], out: &mut Vec<(Vec<String>, String)>) {
    match tree {
        syn::UseTree::Path(p) => {
            let mut pre = prefix.to_vec();
            pre.push(p.ident.to_string());
            flatten_use(&p.tree, &pre, out);
        }
        syn::UseTree::Name(n) => {
            let name = n.ident.to_string();
            let full = if name == "self" {
                prefix.to_vec()
            } else {
                [prefix, std::slice::from_ref(&name)].concat()
            };
            let bound = full.last().cloned().unwrap_or_default();
            out.push((full, bound));
        }
        syn::UseTree::Rename(r) => {
            let name = r.ident.to_string();
            let full = if name == "self" {
                prefix.to_vec()
            } else {
                [prefix, &[name]].concat()
            };
            out.push((full, r.rename.to_string()));
        }
        syn::UseTree::Glob(_) => out.push((prefix.to_vec(), "*".to_string())),
        syn::UseTree::Group(g) => {
            for t in &g.items {
                flatten_use(t, prefix, out);
            }
        }
    }
}

fn line_of(span: proc_macro2::Span) -> usize {
    span.start().line
}

fn type_name(ty: &syn::Type) -> String {
    match ty {
        syn::Type::Path(p) => p
            .path
            .segments
            .last()
            .map(|s| s.ident.to_string())
            .unwrap_or_default(),
        syn::Type::Reference(r) => type_name(&r.elem),
        _ => "_".to_string(),
    }
}

impl<'ast> Visit<'ast> for Facts {
    fn visit_item(&mut self, i: &'ast syn::Item) {
        let attrs: &[syn::Attribute] = match i {
            syn::Item::Const(x) => &x.attrs,
            syn::Item::Enum(x) => &x.attrs,
            syn::Item::ExternCrate(x) => &x.attrs,
            syn::Item::Fn(x) => &x.attrs,
            syn::Item::Impl(x) => &x.attrs,
            syn::Item::Macro(x) => &x.attrs,
            syn::Item::Mod(x) => &x.attrs,
            syn::Item::Static(x) => &x.attrs,
            syn::Item::Struct(x) => &x.attrs,
            syn::Item::Trait(x) => &x.attrs,
            syn::Item::Type(x) => &x.attrs,
            syn::Item::Union(x) => &x.attrs,
            syn::Item::Use(x) => &x.attrs,
            _ => &[],
        };
        let test = is_cfg_test(attrs);
        self.test_depth += usize::from(test);
        visit::visit_item(self, i);
        self.test_depth -= usize::from(test);
    }

    fn visit_item_mod(&mut self, i: &'ast syn::ItemMod) {
        if i.content.is_some() {
            self.module.push(i.ident.to_string());
            self.enter(i.ident.to_string(), false);
            visit::visit_item_mod(self, i);
            self.leave(false);
            self.module.pop();
        }
    }

    fn visit_item_fn(&mut self, i: &'ast syn::ItemFn) {
        let test = is_test_fn(&i.attrs);
        self.enter(i.sig.ident.to_string(), test);
        let first = line_of(i.sig.fn_token.span);
        self.note_fn(first, i.block.brace_token.span.close().end().line);
        visit::visit_item_fn(self, i);
        self.leave(test);
    }

    fn visit_item_impl(&mut self, i: &'ast syn::ItemImpl) {
        self.enter(type_name(&i.self_ty), false);
        visit::visit_item_impl(self, i);
        self.leave(false);
    }

    fn visit_impl_item_fn(&mut self, i: &'ast syn::ImplItemFn) {
        let test = is_test_fn(&i.attrs) || is_cfg_test(&i.attrs);
        self.enter(i.sig.ident.to_string(), test);
        let first = line_of(i.sig.fn_token.span);
        self.note_fn(first, i.block.brace_token.span.close().end().line);
        visit::visit_impl_item_fn(self, i);
        self.leave(test);
    }

    fn visit_item_trait(&mut self, i: &'ast syn::ItemTrait) {
        self.enter(i.ident.to_string(), false);
        visit::visit_item_trait(self, i);
        self.leave(false);
    }

    fn visit_trait_item_fn(&mut self, i: &'ast syn::TraitItemFn) {
        self.enter(i.sig.ident.to_string(), false);
        if let Some(block) = &i.default {
            let first = line_of(i.sig.fn_token.span);
            self.note_fn(first, block.brace_token.span.close().end().line);
        }
        visit::visit_trait_item_fn(self, i);
        self.leave(false);
    }

    fn visit_item_const(&mut self, i: &'ast syn::ItemConst) {
        self.enter(i.ident.to_string(), false);
        visit::visit_item_const(self, i);
        self.leave(false);
    }

    fn visit_item_static(&mut self, i: &'ast syn::ItemStatic) {
        self.enter(i.ident.to_string(), false);
        visit::visit_item_static(self, i);
        self.leave(false);
    }

    fn visit_item_use(&mut self, i: &'ast syn::ItemUse) {
        let mut flat = Vec::new();
        flatten_use(&i.tree, &[], &mut flat);
        let line = line_of(i.use_token.span);
        for (full, bound) in flat {
            if full
                .last()
                .is_some_and(|l| CLOCK_TYPES.contains(&l.as_str()))
                && !CLOCK_TYPES.contains(&bound.as_str())
            {
                self.clock_aliases.insert(bound.clone());
            }
            if let Some(abs) = self.absolute(&full) {
                let test = self.in_test();
                self.paths.push((line, abs.clone(), test));
                if self.module.is_empty() {
                    self.uses.push((bound, abs));
                }
            } else if self.module.is_empty() && full.len() > 1 {
                // At the crate root, `use x::Y` names the root's module x.
                self.uses.push((bound, full));
            }
        }
    }

    fn visit_item_macro(&mut self, i: &'ast syn::ItemMacro) {
        if let Some(name) = &i.ident {
            self.macro_defs
                .push((name.to_string(), self.module.clone()));
            self.enter(name.to_string(), false);
            visit::visit_item_macro(self, i);
            self.leave(false);
        } else {
            visit::visit_item_macro(self, i);
        }
    }

    fn visit_macro(&mut self, m: &'ast syn::Macro) {
        if m.path.segments.len() == 1 && m.path.leading_colon.is_none() {
            let (line, name, test) = (
                line_of(m.path.segments[0].ident.span()),
                m.path.segments[0].ident.to_string(),
                self.in_test(),
            );
            self.macro_calls.push((line, name, test));
        }
        self.scan_tokens(m.tokens.clone());
        visit::visit_macro(self, m);
    }

    fn visit_path(&mut self, p: &'ast syn::Path) {
        let line = p
            .segments
            .first()
            .map(|s| line_of(s.ident.span()))
            .unwrap_or(0);
        self.note_path(line, &segments(p));
        visit::visit_path(self, p);
    }

    fn visit_expr_method_call(&mut self, m: &'ast syn::ExprMethodCall) {
        if m.method == "elapsed" && m.args.is_empty() {
            self.note_elapsed(line_of(m.method.span()));
        }
        visit::visit_expr_method_call(self, m);
    }

    fn visit_ident(&mut self, i: &'ast proc_macro2::Ident) {
        self.note_ident(line_of(i.span()), &i.to_string());
    }
}

// ---------------------------------------------------------------- verdicts

/// Violations found by one check: key ("file:item") → lines of detail.
type Found = BTreeMap<String, Vec<String>>;

/// Compares with `KNOWN` and fails with every new violation and every
/// stale entry, each with what to do.
fn verdict(check: &str, found: &Found, what_to_do: &str) {
    let known: BTreeSet<&str> = KNOWN
        .iter()
        .filter(|(c, _)| *c == check)
        .map(|(_, k)| *k)
        .collect();
    let mut report = String::new();
    for (key, details) in found {
        if !known.contains(key.as_str()) {
            let _ = writeln!(
                report,
                "NEW {check} violation {key}: {what_to_do}\n    (if it must wait, KNOWN takes (\"{check}\", \"{key}\"))"
            );
            for d in details {
                let _ = writeln!(report, "    {d}");
            }
        }
    }
    for key in &known {
        if !found.contains_key(*key) {
            let _ = writeln!(
                report,
                "FIXED {check} {key}: no longer occurs; remove (\"{check}\", \"{key}\") from KNOWN in tests/architecture.rs"
            );
        }
    }
    let still: Vec<_> = found
        .keys()
        .filter(|k| known.contains(k.as_str()))
        .collect();
    if !still.is_empty() {
        eprintln!(
            "{check}: {} known violation(s) still to fix (KNOWN in tests/architecture.rs):",
            still.len()
        );
        for k in still {
            eprintln!("    {k}");
            for d in &found[k] {
                eprintln!("        {d}");
            }
        }
    }
    assert!(report.is_empty(), "\n{report}");
}

// ---------------------------------------------------------------- 1. cycles

/// The top-level module a path inside the crate lands in, following the
/// crate root's `use` re-exports.
fn target_module(
    abs: &[String],
    mods: &BTreeSet<String>,
    root_uses: &[(String, Vec<String>)],
) -> Option<String> {
    let first = abs.first()?;
    if mods.contains(first) {
        return Some(first.clone());
    }
    let (_, source) = root_uses.iter().find(|(bound, _)| bound == first)?;
    source.first().filter(|m| mods.contains(*m)).cloned()
}

/// Edges between the top-level modules of one crate: from → to → evidence.
type Edges = BTreeMap<String, BTreeMap<String, Vec<String>>>;

fn module_edges(files: &[&SrcFile]) -> Edges {
    let root = files.iter().find(|f| f.module.is_empty());
    let mods: BTreeSet<String> = files
        .iter()
        .filter_map(|f| f.module.first().cloned())
        .collect();
    let root_uses: &[(String, Vec<String>)] = root.map(|r| &r.facts.uses[..]).unwrap_or(&[]);
    let macros: BTreeMap<&str, &str> = files
        .iter()
        .flat_map(|f| &f.facts.macro_defs)
        .filter_map(|(name, m)| m.first().map(|top| (name.as_str(), top.as_str())))
        .collect();
    let mut edges = Edges::new();
    for f in files.iter().filter(|f| !f.test) {
        let Some(from) = f.module.first() else {
            continue;
        };
        let mut add = |to: &str, line: usize, what: String| {
            if to != from {
                edges
                    .entry(from.clone())
                    .or_default()
                    .entry(to.to_string())
                    .or_default()
                    .push(format!("{}:{line}: {what}", f.rel));
            }
        };
        for (line, abs, test) in &f.facts.paths {
            if *test {
                continue;
            }
            if let Some(to) = target_module(abs, &mods, root_uses) {
                add(&to, *line, format!("crate::{}", abs.join("::")));
            }
        }
        for (line, name, test) in &f.facts.macro_calls {
            if let Some(to) = macros.get(name.as_str()).filter(|_| !test) {
                add(to, *line, format!("{name}! (defined in crate::{to})"));
            }
        }
    }
    edges
}

/// Tarjan's strongly connected components.
fn sccs(edges: &Edges) -> Vec<Vec<String>> {
    struct T<'a> {
        edges: &'a Edges,
        index: BTreeMap<&'a str, usize>,
        low: BTreeMap<&'a str, usize>,
        stack: Vec<&'a str>,
        on: BTreeSet<&'a str>,
        out: Vec<Vec<String>>,
    }
    fn go<'a>(t: &mut T<'a>, v: &'a str) {
        let n = t.index.len();
        t.index.insert(v, n);
        t.low.insert(v, n);
        t.stack.push(v);
        t.on.insert(v);
        let succ: Vec<&'a str> = t
            .edges
            .get(v)
            .map(|m| m.keys().map(String::as_str).collect())
            .unwrap_or_default();
        for w in succ {
            if !t.index.contains_key(w) {
                go(t, w);
                let lw = t.low[w];
                let lv = t.low.get_mut(v).expect("visited");
                *lv = (*lv).min(lw);
            } else if t.on.contains(w) {
                let iw = t.index[w];
                let lv = t.low.get_mut(v).expect("visited");
                *lv = (*lv).min(iw);
            }
        }
        if t.low[v] == t.index[v] {
            let mut comp = Vec::new();
            while let Some(w) = t.stack.pop() {
                t.on.remove(w);
                comp.push(w.to_string());
                if w == v {
                    break;
                }
            }
            comp.sort();
            t.out.push(comp);
        }
    }
    let mut t = T {
        edges,
        index: BTreeMap::new(),
        low: BTreeMap::new(),
        stack: Vec::new(),
        on: BTreeSet::new(),
        out: Vec::new(),
    };
    let nodes: BTreeSet<&str> = edges
        .iter()
        .flat_map(|(a, m)| std::iter::once(a.as_str()).chain(m.keys().map(String::as_str)))
        .collect();
    for v in nodes {
        if !t.index.contains_key(v) {
            go(&mut t, v);
        }
    }
    t.out.retain(|c| c.len() > 1);
    t.out
}

/// A shortest cycle through `start` within `comp`, as a list of modules.
fn cycle_through(edges: &Edges, comp: &BTreeSet<&str>, start: &str) -> Vec<String> {
    let mut prev: BTreeMap<&str, &str> = BTreeMap::new();
    let mut queue = std::collections::VecDeque::from([start]);
    while let Some(v) = queue.pop_front() {
        for w in edges.get(v).into_iter().flat_map(|m| m.keys()) {
            let w = w.as_str();
            if !comp.contains(w) {
                continue;
            }
            if w == start {
                let mut path = vec![v.to_string()];
                let mut at = v;
                while let Some(p) = prev.get(at) {
                    path.push(p.to_string());
                    at = p;
                }
                path.reverse();
                path.push(start.to_string());
                return path;
            }
            if w != start && !prev.contains_key(w) {
                prev.insert(w, v);
                queue.push_back(w);
            }
        }
    }
    Vec::new()
}

/// The file that holds a top-level module (`src/daemon.rs`, `src/audio/mod.rs`).
fn module_file<'a>(files: &[&'a SrcFile], module: &str) -> &'a str {
    files
        .iter()
        .find(|f| f.module.len() == 1 && f.module[0] == module)
        .map(|f| f.rel.as_str())
        .unwrap_or("?")
}

#[test]
fn no_module_cycle_in_any_crate() {
    let tree = tree();
    let mut found = Found::new();
    for root in crate_roots() {
        let files: Vec<&SrcFile> = tree
            .iter()
            .filter(|f| f.krate.as_deref() == Some(root.as_str()))
            .collect();
        let edges = module_edges(&files);
        for comp in sccs(&edges) {
            let members: BTreeSet<&str> = comp.iter().map(String::as_str).collect();
            let cycle = cycle_through(&edges, &members, &comp[0]);
            let summary = format!(
                "in crate {root}, modules {{{}}} reach each other, e.g. {}",
                comp.join(", "),
                cycle.join(" → ")
            );
            for from in &comp {
                for (to, evidence) in edges.get(from).into_iter().flatten() {
                    if !members.contains(to.as_str()) {
                        continue;
                    }
                    let key = format!("{}:crate::{to}", module_file(&files, from));
                    let mut details = vec![summary.clone()];
                    details.extend(evidence.iter().cloned());
                    found.insert(key, details);
                }
            }
        }
    }
    verdict(
        "cycle",
        &found,
        "this edge closes a cycle between modules; move what it takes into a module \
         both sides can use (or into loaxa-core), or pass it in as a value",
    );
}

// ---------------------------------------------------------------- 2. fn length

#[test]
fn no_function_over_100_lines() {
    let mut found = Found::new();
    for f in tree().iter().filter(|f| !f.test) {
        for (first, last, item, test) in &f.facts.fns {
            let lines = last + 1 - first;
            if !test && lines > MAX_FN_LINES {
                found
                    .entry(format!("{}:{item}", f.rel))
                    .or_default()
                    .push(format!(
                        "{}:{first}: {item} is {lines} lines (lines {first}–{last})",
                        f.rel
                    ));
            }
        }
    }
    verdict(
        "fn-length",
        &found,
        "a function outside tests is over 100 lines; split it into named steps",
    );
}

// ---------------------------------------------------------------- 3. is_real

#[test]
fn no_is_real() {
    let mut found = Found::new();
    for f in &tree() {
        for (line, item, _) in &f.facts.is_real {
            found
                .entry(format!("{}:{item}", f.rel))
                .or_default()
                .push(format!("{}:{line}: is_real", f.rel));
        }
    }
    verdict(
        "is_real",
        &found,
        "simulation and the real daemon must take the same paths; make the difference \
         the Clock (or the output), not a branch on is_real",
    );
}

// ---------------------------------------------------------------- 4. clock

#[test]
fn clock_reads_only_in_the_clock_module() {
    let mut found = Found::new();
    for f in tree().iter().filter(|f| !f.test && f.rel != CLOCK_MODULE) {
        for (line, item, what, test) in &f.facts.clock {
            if !test {
                found
                    .entry(format!("{}:{item}", f.rel))
                    .or_default()
                    .push(format!("{}:{line}: {what}", f.rel));
            }
        }
    }
    verdict(
        "clock",
        &found,
        "the time must come from the Clock (src/clock.rs): take `now`/`mono` from it \
         (or as a parameter), so simulated time reaches this code too",
    );
}

// ---------------------------------------------------------------- 5. main.rs

#[test]
fn main_rs_under_100_lines() {
    let main = repo().join("src/main.rs");
    let text = std::fs::read_to_string(&main).unwrap_or_default();
    let lines = text.lines().count();
    assert!(
        lines < MAX_MAIN_LINES,
        "src/main.rs:{lines}: main.rs is {lines} lines (limit: under {MAX_MAIN_LINES}); \
         move the work into the library (src/cli, one file per command) and keep main.rs \
         to parsing, tracing, language and one call per command"
    );
}

// ---------------------------------------------------------------- the checks' own tests

/// The parsing these checks rely on, on snippets: a check that finds
/// nothing because it reads nothing would pass forever.
#[test]
fn the_checks_see_what_they_look_for() {
    let code = r#"
        use crate::a::{self, B};
        use super::super::c::D;
        use std::time::Instant as Mono;
        fn f() {
            let _ = crate::e::g();
            let _ = std::time::SystemTime::now();
            let _ = Mono::now();
            let _ = t.elapsed();
            tokio::select! { _ = tokio::time::sleep_until(tokio::time::Instant::now()) => crate::h::x(), }
            if clock.is_real() {}
        }
        #[cfg(test)]
        mod tests {
            fn g() { let _ = crate::z::w(); let _ = Instant::now(); }
        }
        #[test]
        fn t() { let _ = Instant::now(); }
    "#;
    let ast = syn::parse_file(code).expect("snippet parses");
    let mut facts = Facts::new(vec!["m".into(), "n".into()], false);
    facts.visit_file(&ast);
    let live: BTreeSet<String> = facts
        .paths
        .iter()
        .filter(|p| !p.2)
        .filter_map(|p| p.1.first().cloned())
        .collect();
    assert_eq!(
        live,
        ["a", "c", "e", "h"].map(String::from).into(),
        "{:?}",
        facts.paths
    );
    assert!(facts.paths.iter().any(|p| p.1[0] == "z" && p.2));
    let clock: Vec<_> = facts
        .clock
        .iter()
        .filter(|c| !c.3)
        .map(|c| c.2.clone())
        .collect();
    assert_eq!(
        clock,
        [
            "std::time::SystemTime::now",
            "Mono::now",
            ".elapsed()",
            "tokio::time::Instant::now"
        ],
        "{:?}",
        facts.clock
    );
    assert_eq!(facts.clock.iter().filter(|c| c.3).count(), 2);
    assert_eq!(facts.is_real.len(), 1);
    assert_eq!(facts.is_real[0].1, "f");
    let f = facts.fns.iter().find(|f| f.2 == "f").expect("f seen");
    assert_eq!((f.0, f.1), (5, 12), "f spans lines 5–12 of the snippet");
    assert!(facts.fns.iter().any(|f| f.2 == "t" && f.3));

    let edges: Edges = [("a", "b"), ("b", "c"), ("c", "a"), ("c", "d")]
        .iter()
        .map(|(x, y)| (x.to_string(), BTreeMap::from([(y.to_string(), vec![])])))
        .fold(Edges::new(), |mut e, (x, m)| {
            e.entry(x).or_default().extend(m);
            e
        });
    assert_eq!(sccs(&edges), vec![vec!["a", "b", "c"]]);
}
