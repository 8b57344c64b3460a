//! Finds templates that include themselves, directly or through others.
//!
//! Tera follows `{% include %}` at render time with no depth limit, so a
//! template that includes itself recurses until the stack overflows and the
//! process aborts. The include graph is checked once, when templates are
//! compiled, and a loop becomes an error that names the file and line.

use crate::diagnostics::Diagnostic;
use std::collections::BTreeMap;
use std::path::PathBuf;
use tera::ast::Node;

/// The templates each template leads to when rendered: the ones it
/// includes, and the one it extends (whose includes run too).
fn edges(tera: &tera::Tera) -> BTreeMap<&str, Vec<&str>> {
    let mut graph = BTreeMap::new();
    for (name, template) in &tera.templates {
        let mut to = Vec::new();
        includes(&template.ast, &mut to);
        to.retain(|n: &&str| tera.templates.contains_key(*n));
        if let Some(parent) = &template.parent {
            to.push(parent.as_str());
        }
        to.sort_unstable();
        to.dedup();
        graph.insert(name.as_str(), to);
    }
    graph
}

/// Every template name an `{% include %}` in `nodes` may render.
fn includes<'a>(nodes: &'a [Node], out: &mut Vec<&'a str>) {
    for node in nodes {
        match node {
            Node::Include(_, names, _) => out.extend(names.iter().map(String::as_str)),
            Node::MacroDefinition(_, m, _) => includes(&m.body, out),
            Node::FilterSection(_, f, _) => includes(&f.body, out),
            Node::Block(_, b, _) => includes(&b.body, out),
            Node::Forloop(_, f, _) => {
                includes(&f.body, out);
                if let Some(empty) = &f.empty_body {
                    includes(empty, out);
                }
            }
            Node::If(i, _) => {
                for (_, _, body) in &i.conditions {
                    includes(body, out);
                }
                if let Some((_, body)) = &i.otherwise {
                    includes(body, out);
                }
            }
            _ => {}
        }
    }
}

/// The first loop in the include graph, as the names along it with the
/// first repeated at the end (`a.html → b.html → a.html`).
fn first_cycle<'a>(graph: &BTreeMap<&'a str, Vec<&'a str>>) -> Option<Vec<&'a str>> {
    #[derive(Clone, Copy, PartialEq)]
    enum Mark {
        New,
        Open,
        Done,
    }
    let mut marks: BTreeMap<&str, Mark> = graph.keys().map(|k| (*k, Mark::New)).collect();
    for &start in graph.keys() {
        if marks[start] != Mark::New {
            continue;
        }
        // An explicit stack of (template, next edge to follow): templates
        // may nest deeply, and this check must not overflow either.
        let mut path: Vec<(&str, usize)> = vec![(start, 0)];
        marks.insert(start, Mark::Open);
        while let Some((name, next)) = path.last_mut() {
            let name = *name;
            let Some(&to) = graph[name].get(*next) else {
                marks.insert(name, Mark::Done);
                path.pop();
                continue;
            };
            *next += 1;
            match marks[to] {
                Mark::Open => {
                    let from = path.iter().position(|(n, _)| *n == to).unwrap_or(0);
                    let mut cycle: Vec<&str> = path[from..].iter().map(|(n, _)| *n).collect();
                    cycle.push(to);
                    return Some(cycle);
                }
                Mark::New => {
                    marks.insert(to, Mark::Open);
                    path.push((to, 0));
                }
                Mark::Done => {}
            }
        }
    }
    None
}

/// An error for the first template that includes itself, if any. `origins`
/// maps template names to their file and text.
pub(crate) fn check(
    tera: &tera::Tera,
    origins: &BTreeMap<String, (PathBuf, String)>,
) -> Option<Diagnostic> {
    let graph = edges(tera);
    let cycle = first_cycle(&graph)?;
    let (first, second) = (cycle[0], cycle[1]);
    let (path, text) = origins
        .get(first)
        .cloned()
        .unwrap_or_else(|| (PathBuf::from(first), String::new()));
    let message = if cycle.len() == 2 {
        format!("the template `{first}` includes itself")
    } else {
        format!(
            "templates include each other in a loop: {}",
            cycle
                .iter()
                .map(|n| format!("`{n}`"))
                .collect::<Vec<_>>()
                .join(" → ")
        )
    };
    let mut d = Diagnostic::error(path, message).hint(
        "a template cannot include itself, directly or through others; repeat markup with a `for` loop or a macro",
    );
    if let Some((line, col)) = line_of(&text, second) {
        d = d.at(line, col).with_source(&text);
    }
    Some(d)
}

/// Where `text` includes or extends `name`: the line of the tag that
/// names it in quotes.
fn line_of(text: &str, name: &str) -> Option<(usize, usize)> {
    let quoted = [format!("\"{name}\""), format!("'{name}'")];
    text.lines().enumerate().find_map(|(i, line)| {
        if !(line.contains("include") || line.contains("extends")) {
            return None;
        }
        let at = quoted.iter().find_map(|q| line.find(q.as_str()))?;
        let tag = line[..at].rfind("{%").unwrap_or(0);
        Some((i + 1, line[..tag].chars().count() + 1))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tera(templates: &[(&str, &str)]) -> tera::Tera {
        let mut tera = tera::Tera::default();
        tera.add_raw_templates(templates.iter().copied()).unwrap();
        tera
    }

    fn origins(templates: &[(&str, &str)]) -> BTreeMap<String, (PathBuf, String)> {
        templates
            .iter()
            .map(|(n, t)| {
                (
                    n.to_string(),
                    (PathBuf::from("templates").join(n), t.to_string()),
                )
            })
            .collect()
    }

    fn cycle_of(templates: &[(&str, &str)]) -> Option<Vec<String>> {
        let tera = tera(templates);
        let cycle = first_cycle(&edges(&tera))?;
        Some(cycle.into_iter().map(str::to_string).collect())
    }

    #[test]
    fn a_template_that_includes_itself_is_a_cycle() {
        let t = [(
            "page.html",
            "a\n{% if x %}{% include \"page.html\" %}{% endif %}",
        )];
        assert_eq!(cycle_of(&t).unwrap(), ["page.html", "page.html"]);
        let d = check(&tera(&t), &origins(&t)).unwrap();
        let shown = d.to_string();
        assert!(shown.contains("`page.html` includes itself"), "{shown}");
        assert!(shown.contains("templates/page.html:2:11"), "{shown}");
    }

    #[test]
    fn loops_through_other_templates_and_parents_are_found() {
        let t = [
            (
                "a.html",
                "{% for i in x %}{% include \"b.html\" %}{% endfor %}",
            ),
            (
                "b.html",
                "{% block c %}{% include \"a.html\" %}{% endblock %}",
            ),
        ];
        assert_eq!(cycle_of(&t).unwrap(), ["a.html", "b.html", "a.html"]);
        // page.html extends base.html, whose include renders page.html again.
        let t = [
            (
                "base.html",
                "{% block main %}{% endblock %}{% include \"page.html\" %}",
            ),
            (
                "page.html",
                "{% extends \"base.html\" %}{% block main %}x{% endblock %}",
            ),
        ];
        assert_eq!(
            cycle_of(&t).unwrap(),
            ["base.html", "page.html", "base.html"]
        );
    }

    #[test]
    fn includes_without_a_loop_pass() {
        let t = [
            ("base.html", "{% include \"nav.html\" %}{% block main %}{% endblock %}"),
            ("nav.html", "{% include \"link.html\" %}{% include \"link.html\" %}"),
            ("link.html", "<a>"),
            ("page.html", "{% extends \"base.html\" %}{% block main %}{% include \"nav.html\" %}{% endblock %}"),
        ];
        assert_eq!(cycle_of(&t), None);
        assert!(check(&tera(&t), &origins(&t)).is_none());
    }
}
