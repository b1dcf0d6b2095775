//! kubectl's `-o go-template=…`, `-o go-template-file=…` and `--template`: Go's
//! text/template over the object as kubectl hands it over (decoded from JSON), with Go's
//! texts for a template that does not parse or does not run. The named-template actions
//! (`define`, `template`, `block`) and sprig's functions are not run; a template that
//! uses them is told so.

mod exec;
pub(super) mod fmt;
mod funcs;
mod parse;

use crate::value::Value;

/// A parsed template.
pub struct Template {
    src: String,
    nodes: Vec<parse::Node>,
}

impl Template {
    /// kubectl's `error parsing template …` for a template Go would not parse.
    pub fn parse(src: &str) -> Result<Template, String> {
        match parse::parse(src) {
            Ok(nodes) => Ok(Template { src: src.to_string(), nodes }),
            Err(e) => Err(format!("error: error parsing template {src}, {e}\n")),
        }
    }

    /// The template's output over `data`; on an error, what it printed so far followed
    /// by kubectl's debugging lines (stdout), and kubectl's error (stderr).
    pub fn execute(&self, data: &Value) -> Result<String, (String, String)> {
        match exec::execute(&self.src, &self.nodes, data) {
            Ok(s) => Ok(s),
            Err((partial, exec::ExecError(e))) => {
                let raw = data.to_json();
                let object = fmt::plain(&fmt::G::from(data));
                let stdout = format!(
                    "{partial}Error executing template: {e}. Printing more information for debugging the template:\n\ttemplate was:\n\t\t{}\n\traw data was:\n\t\t{raw}\n\tobject given to template engine was:\n\t\t{object}\n\n",
                    self.src
                );
                Err((stdout, format!("error: error executing template \"{}\": {e}", self.src.replace('"', "\\\""))))
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pod() -> Value {
        let text = "apiVersion: v1\nkind: Pod\nmetadata:\n  name: web-1\n  labels:\n    app: web\n    tier: front\nspec:\n  replicas: 1000000\n  containers:\n  - name: a\n    image: nginx\n  - name: b\n    image: busybox\nstatus:\n  phase: Running\ndata:\n  token: c2VjcmV0\n";
        crate::model::decode::untyped(&crate::yaml::parse_stream(text).docs[0].root)
    }

    fn run(t: &str) -> String {
        Template::parse(t).expect("parses").execute(&pod()).unwrap_or_else(|e| panic!("{t}: {}", e.1))
    }

    #[test]
    fn runs_what_learners_write() {
        assert_eq!(run("{{.metadata.name}}"), "web-1");
        assert_eq!(run("{{range .spec.containers}}{{.name}}={{.image}}{{\"\\n\"}}{{end}}"), "a=nginx\nb=busybox\n");
        assert_eq!(run("{{range $k, $v := .metadata.labels}}{{$k}}:{{$v}} {{end}}"), "app:web tier:front ");
        assert_eq!(run("{{index .metadata.labels \"app\"}} {{len .spec.containers}}"), "web 2");
        assert_eq!(run("{{if eq .status.phase \"Running\"}}up{{else}}down{{end}}"), "up");
        assert_eq!(run("{{.data.token | base64decode}}"), "secret");
        assert_eq!(run("{{printf \"%s has %d\" .metadata.name (len .spec.containers)}}"), "web-1 has 2");
        assert_eq!(run("{{.spec.replicas}} {{.nothing}}"), "1e+06 <no value>");
        assert_eq!(run("{{- range .spec.containers }}\n  {{ .name -}}\n{{ end }}"), "\n  a\n  b");
        assert_eq!(run("{{(index .spec.containers 1).image}}"), "busybox");
    }

    #[test]
    fn execution_errors_read_as_gos() {
        let t = Template::parse("{{.spec.missing.name}}").expect("parses");
        let (stdout, stderr) = t.execute(&pod()).expect_err("nil");
        assert_eq!(
            stderr,
            "error: error executing template \"{{.spec.missing.name}}\": template: output:1:2: executing \"output\" at <.spec.missing.name>: nil pointer evaluating interface {}.name"
        );
        assert!(stdout.starts_with("Error executing template: template: output:1:2:"), "{stdout}");
        let t = Template::parse("{{index .spec.containers 5}}").expect("parses");
        let e = t.execute(&pod()).expect_err("range").1;
        assert!(
            e.ends_with("output:1:2: executing \"output\" at <index .spec.containe...>: error calling index: index out of range: 5"),
            "{e}"
        );
        assert_eq!(
            Template::parse("{{.x}").err().as_deref(),
            Some("error: error parsing template {{.x}, template: output:1: unexpected \"}\" in operand\n")
        );
    }
}
