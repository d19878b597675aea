//! What each template uses: the templates it extends, includes and imports and the macros it
//! calls, read from Tera's own parse tree (no hand parsing of the template language).
//!
//! Tera recurses without limit through all of these, so a template that includes itself
//! (directly or through others), extends in a circle, imports in a circle or calls a macro
//! that calls itself overflows the stack and aborts the process, which no error handling can
//! catch. The graph finds every such loop before anything is rendered. It also gives the
//! templates a page is made of, to say in which of them a rendering error is.

use std::collections::HashMap;

use tera::ast::{Expr, ExprVal, Node};
use tera::Template;

use crate::common::messages::msg;

/// How one template or macro uses another.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Use {
    Extends,
    Includes,
    Imports,
    Calls,
}

impl Use {
    /// "base.html includes header.html": the first step of a described loop.
    fn first_step(self, from: &str, to: &str) -> String {
        match self {
            Use::Extends => msg!("output.template.uses.extends", from = from, to = to),
            Use::Includes => msg!("output.template.uses.includes", from = from, to = to),
            Use::Imports => msg!("output.template.uses.imports", from = from, to = to),
            Use::Calls => msg!("output.template.uses.calls", from = from, to = to),
        }
    }

    /// ", which includes base.html": a further step, from where the last one led.
    fn next_step(self, to: &str) -> String {
        match self {
            Use::Extends => msg!("output.template.uses.extends_next", to = to),
            Use::Includes => msg!("output.template.uses.includes_next", to = to),
            Use::Imports => msg!("output.template.uses.imports_next", to = to),
            Use::Calls => msg!("output.template.uses.calls_next", to = to),
        }
    }

    /// The word of the tag that makes the use, to find it in the source.
    fn keyword(self) -> &'static str {
        match self {
            Use::Extends => "extends",
            Use::Includes => "include",
            Use::Imports => "import",
            Use::Calls => "",
        }
    }
}

/// A template file, or a macro defined in one.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub(super) enum Unit {
    Template(usize),
    Macro(usize, String),
}

#[derive(Debug, Clone)]
pub(super) struct Edge {
    pub from: Unit,
    pub to: Unit,
    pub kind: Use,
    /// 1-based line and column of the tag in the file of `from`, when found.
    pub position: Option<(usize, usize)>,
}

/// The parsed templates and every use between them.
pub(super) struct Graph<'a> {
    pub names: Vec<&'a str>,
    sources: Vec<&'a str>,
    parsed: Vec<Template>,
    index: HashMap<&'a str, usize>,
    edges: HashMap<Unit, Vec<Edge>>,
}

impl<'a> Graph<'a> {
    /// Parses every template; `Err` with the name of the first one Tera cannot parse (the caller
    /// lets Tera report it in its usual words).
    pub fn new(templates: &'a [(String, String)]) -> Result<Graph<'a>, &'a str> {
        let mut parsed = Vec::with_capacity(templates.len());
        for (name, source) in templates {
            parsed.push(Template::new(name, None, source).map_err(|_| name.as_str())?);
        }
        let mut graph = Graph {
            names: templates.iter().map(|(n, _)| n.as_str()).collect(),
            sources: templates.iter().map(|(_, s)| s.as_str()).collect(),
            index: templates
                .iter()
                .enumerate()
                .map(|(i, (n, _))| (n.as_str(), i))
                .collect(),
            parsed,
            edges: HashMap::new(),
        };
        for file in 0..graph.parsed.len() {
            graph.collect_edges(file);
        }
        Ok(graph)
    }

    pub fn index_of(&self, name: &str) -> Option<usize> {
        self.index.get(name).copied()
    }

    pub fn source(&self, file: usize) -> &'a str {
        self.sources.get(file).copied().unwrap_or("")
    }

    pub fn edges_from(&self, unit: &Unit) -> &[Edge] {
        self.edges.get(unit).map_or(&[], Vec::as_slice)
    }

    /// Every unit, templates first, in file order.
    pub fn units(&self) -> Vec<Unit> {
        let mut units: Vec<Unit> = (0..self.parsed.len()).map(Unit::Template).collect();
        let mut macros: Vec<Unit> = self
            .edges
            .keys()
            .chain(self.edges.values().flatten().map(|e| &e.to))
            .filter(|u| matches!(u, Unit::Macro(..)))
            .cloned()
            .collect();
        macros.sort();
        macros.dedup();
        units.extend(macros);
        units
    }

    /// How a unit is named in messages.
    pub fn describe(&self, unit: &Unit) -> String {
        match unit {
            Unit::Template(file) => self.names[*file].to_string(),
            Unit::Macro(file, name) => {
                msg!(
                    "output.template.macro_of",
                    name = name,
                    file = self.names[*file]
                )
            }
        }
    }

    /// The file a unit is written in.
    pub fn file_of(unit: &Unit) -> usize {
        match unit {
            Unit::Template(file) | Unit::Macro(file, _) => *file,
        }
    }

    fn collect_edges(&mut self, file: usize) {
        let template = &self.parsed[file];
        let mut found: Vec<(Unit, Use, Unit)> = Vec::new();
        let own = Unit::Template(file);
        if let Some(parent) = template.parent.as_deref().and_then(|p| self.index_of(p)) {
            found.push((own.clone(), Use::Extends, Unit::Template(parent)));
        }
        for (imported, _) in &template.imported_macro_files {
            if let Some(target) = self.index_of(imported) {
                found.push((own.clone(), Use::Imports, Unit::Template(target)));
            }
        }
        self.walk_nodes(&template.ast, &own, &mut found);
        let mut macros: Vec<_> = template.macros.iter().collect();
        macros.sort_by_key(|(name, _)| *name);
        for (name, definition) in macros {
            let unit = Unit::Macro(file, name.clone());
            self.walk_nodes(&definition.body, &unit, &mut found);
        }
        for (from, kind, to) in found {
            let position = self.position(&from, kind, &to);
            self.edges.entry(from.clone()).or_default().push(Edge {
                from,
                to,
                kind,
                position,
            });
        }
    }

    fn walk_nodes(&self, nodes: &[Node], from: &Unit, found: &mut Vec<(Unit, Use, Unit)>) {
        for node in nodes {
            match node {
                Node::Include(_, names, _) => {
                    // Tera renders the first of the listed templates that exists.
                    if let Some(target) = names.iter().find_map(|n| self.index_of(n)) {
                        found.push((from.clone(), Use::Includes, Unit::Template(target)));
                    }
                }
                Node::VariableBlock(_, expr) => self.walk_expr(expr, from, found),
                Node::Set(_, set) => self.walk_expr(&set.value, from, found),
                Node::FilterSection(_, section, _) => {
                    for arg in section.filter.args.values() {
                        self.walk_expr(arg, from, found);
                    }
                    self.walk_nodes(&section.body, from, found);
                }
                Node::Block(_, block, _) => self.walk_nodes(&block.body, from, found),
                Node::Forloop(_, forloop, _) => {
                    self.walk_expr(&forloop.container, from, found);
                    self.walk_nodes(&forloop.body, from, found);
                    if let Some(body) = &forloop.empty_body {
                        self.walk_nodes(body, from, found);
                    }
                }
                Node::If(branches, _) => {
                    for (_, condition, body) in &branches.conditions {
                        self.walk_expr(condition, from, found);
                        self.walk_nodes(body, from, found);
                    }
                    if let Some((_, body)) = &branches.otherwise {
                        self.walk_nodes(body, from, found);
                    }
                }
                // Macro bodies are walked as their own units; the rest uses nothing.
                _ => {}
            }
        }
    }

    fn walk_expr(&self, expr: &Expr, from: &Unit, found: &mut Vec<(Unit, Use, Unit)>) {
        for filter in &expr.filters {
            for arg in filter.args.values() {
                self.walk_expr(arg, from, found);
            }
        }
        self.walk_value(&expr.val, from, found);
    }

    fn walk_value(&self, value: &ExprVal, from: &Unit, found: &mut Vec<(Unit, Use, Unit)>) {
        match value {
            ExprVal::MacroCall(call) => {
                let file = Graph::file_of(from);
                let target = self
                    .namespace_file(file, &call.namespace, &mut Vec::new())
                    .filter(|&f| self.parsed[f].macros.contains_key(&call.name));
                if let Some(target) = target {
                    found.push((
                        from.clone(),
                        Use::Calls,
                        Unit::Macro(target, call.name.clone()),
                    ));
                }
                for arg in call.args.values() {
                    self.walk_expr(arg, from, found);
                }
            }
            ExprVal::FunctionCall(call) => {
                for arg in call.args.values() {
                    self.walk_expr(arg, from, found);
                }
            }
            ExprVal::Math(math) => {
                self.walk_expr(&math.lhs, from, found);
                self.walk_expr(&math.rhs, from, found);
            }
            ExprVal::Logic(logic) => {
                self.walk_expr(&logic.lhs, from, found);
                self.walk_expr(&logic.rhs, from, found);
            }
            ExprVal::In(test) => {
                self.walk_expr(&test.lhs, from, found);
                self.walk_expr(&test.rhs, from, found);
            }
            ExprVal::Test(test) => {
                for arg in &test.args {
                    self.walk_expr(arg, from, found);
                }
            }
            ExprVal::Array(items) => {
                for item in items {
                    self.walk_expr(item, from, found);
                }
            }
            ExprVal::StringConcat(concat) => {
                for value in &concat.values {
                    self.walk_value(value, from, found);
                }
            }
            _ => {}
        }
    }

    /// The file whose macros `namespace` names inside `file`, looked up as Tera does: the
    /// file's own macros (`self`), its imports, what those import, then its parent's.
    fn namespace_file(&self, file: usize, namespace: &str, seen: &mut Vec<usize>) -> Option<usize> {
        if seen.contains(&file) {
            return None;
        }
        seen.push(file);
        let template = &self.parsed[file];
        if namespace == "self" && !template.macros.is_empty() {
            return Some(file);
        }
        let imports: Vec<(usize, &str)> = template
            .imported_macro_files
            .iter()
            .filter_map(|(f, ns)| Some((self.index_of(f)?, ns.as_str())))
            .collect();
        if let Some((target, _)) = imports.iter().find(|(_, ns)| *ns == namespace) {
            return Some(*target);
        }
        imports
            .iter()
            .find_map(|(target, _)| self.namespace_file(*target, namespace, seen))
            .or_else(|| {
                let parent = template.parent.as_deref().and_then(|p| self.index_of(p))?;
                self.namespace_file(parent, namespace, seen)
            })
    }

    /// Where the tag making a use is written: the first line (after the macro's definition,
    /// for uses inside a macro) with the tag's keyword followed by the target's name.
    fn position(&self, from: &Unit, kind: Use, to: &Unit) -> Option<(usize, usize)> {
        let source = self.source(Graph::file_of(from));
        let start = match from {
            Unit::Macro(_, name) => find_line(source, 0, "macro", &format!("{name}("))?.0 - 1,
            Unit::Template(_) => 0,
        };
        match to {
            Unit::Template(file) => find_line(source, start, kind.keyword(), self.names[*file]),
            Unit::Macro(_, name) => {
                // `ns::name(`: point at the namespace, where the call starts.
                let call = format!("::{name}");
                let (line, column) = find_line(source, start, &call, &call)?;
                let text = source.lines().nth(line - 1)?;
                let before: Vec<char> = text.chars().take(column - 1).collect();
                let namespace = before
                    .iter()
                    .rev()
                    .take_while(|c| c.is_alphanumeric() || **c == '_')
                    .count();
                Some((line, column - namespace))
            }
        }
    }
}

/// The first line from `start` (0-based) holding `keyword` and, after it, `target`: its
/// 1-based line and the column of the keyword.
pub(super) fn find_line(
    source: &str,
    start: usize,
    keyword: &str,
    target: &str,
) -> Option<(usize, usize)> {
    source
        .lines()
        .enumerate()
        .skip(start)
        .find_map(|(i, line)| {
            let at = line.find(keyword)?;
            line[at..]
                .contains(target)
                .then(|| (i + 1, line[..at].chars().count() + 1))
        })
}

/// A loop of uses, from its first unit back to it.
pub(super) type Cycle = Vec<Edge>;

/// Every loop of uses, each reported once, starting where a site author most likely made it.
pub(super) fn cycles(graph: &Graph, is_site_file: &dyn Fn(usize) -> bool) -> Vec<Cycle> {
    let mut state: HashMap<Unit, u8> = HashMap::new(); // 1: on the path, 2: done
    let mut found: Vec<Cycle> = Vec::new();
    let mut seen: Vec<Vec<Unit>> = Vec::new();
    for root in graph.units() {
        if state.contains_key(&root) {
            continue;
        }
        // Depth-first, with an explicit stack: the graph may be deep.
        let mut path: Vec<(Unit, usize)> = vec![(root.clone(), 0)];
        let mut via: Vec<Edge> = Vec::new();
        state.insert(root, 1);
        while let Some((unit, next)) = path.last().cloned() {
            let edges = graph.edges_from(&unit);
            let Some(edge) = edges.get(next) else {
                state.insert(unit, 2);
                path.pop();
                via.pop();
                continue;
            };
            if let Some(top) = path.last_mut() {
                top.1 += 1;
            }
            match state.get(&edge.to) {
                None => {
                    state.insert(edge.to.clone(), 1);
                    path.push((edge.to.clone(), 0));
                    via.push(edge.clone());
                }
                Some(1) => {
                    let start = path.iter().position(|(u, _)| *u == edge.to).unwrap_or(0);
                    let mut cycle: Cycle = via[start..].to_vec();
                    cycle.push(edge.clone());
                    let mut key: Vec<Unit> = cycle.iter().map(|e| e.from.clone()).collect();
                    key.sort();
                    if !seen.contains(&key) {
                        seen.push(key);
                        found.push(rotate(cycle, graph, is_site_file));
                    }
                }
                _ => {}
            }
        }
    }
    found
}

/// Starts a loop at the first of its units written in a site template (built-in templates
/// are fine by themselves), else at its first unit in name order.
fn rotate(mut cycle: Cycle, graph: &Graph, is_site_file: &dyn Fn(usize) -> bool) -> Cycle {
    let rank = |edge: &Edge| {
        let file = Graph::file_of(&edge.from);
        (!is_site_file(file), graph.names[file], edge.from.clone())
    };
    let start = (0..cycle.len())
        .min_by(|a, b| rank(&cycle[*a]).cmp(&rank(&cycle[*b])))
        .unwrap_or(0);
    cycle.rotate_left(start);
    cycle
}

/// "base.html includes header.html, which includes base.html".
pub(super) fn describe_cycle(graph: &Graph, cycle: &Cycle) -> String {
    let mut text = String::new();
    for (i, edge) in cycle.iter().enumerate() {
        let target = if cycle.len() == 1 {
            msg!("output.template.itself")
        } else {
            graph.describe(&edge.to)
        };
        if i == 0 {
            text = edge.kind.first_step(&graph.describe(&edge.from), &target);
        } else {
            text.push_str(&edge.kind.next_step(&target));
        }
    }
    text
}

/// The templates a page drawn with `name` is made of: itself, what it extends, includes and
/// imports, and so on, nearest first.
pub(super) fn family(graph: &Graph, name: &str) -> Vec<usize> {
    let Some(start) = graph.index_of(name) else {
        return Vec::new();
    };
    let mut order = vec![start];
    let mut i = 0;
    while let Some(&file) = order.get(i) {
        let mut units = vec![Unit::Template(file)];
        let mut j = 0;
        // A template's macros count as part of it.
        while let Some(unit) = units.get(j).cloned() {
            for edge in graph.edges_from(&unit) {
                let target = Graph::file_of(&edge.to);
                if Graph::file_of(&edge.to) == file && !units.contains(&edge.to) {
                    units.push(edge.to.clone());
                } else if !order.contains(&target) {
                    order.push(target);
                }
            }
            j += 1;
        }
        i += 1;
    }
    order
}
