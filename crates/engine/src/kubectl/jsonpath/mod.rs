//! kubectl's `-o jsonpath=TEMPLATE`: client-go's jsonpath (parser.go, jsonpath.go)
//! behind cli-runtime's JSONPathPrinter, which names the template in its errors and
//! shows the object it was given.

mod compare;
mod exec;
mod gofmt;
mod parser;

use crate::value::Value;

/// The printer: a parse error names the template; an execution error prints nothing
/// but the error, the template and the object (Go's `%#v`).
pub fn print(template: &str, v: &Value, allow_missing_keys: bool) -> Result<String, String> {
    let nodes = parser::parse(template).map_err(|e| format!("error: error parsing jsonpath {template}, {e}"))?;
    exec::JsonPath::new(&nodes, allow_missing_keys).execute(v).map_err(|e| {
        format!(
            "error: error executing jsonpath {}: Error executing template: {e}. Printing more information for debugging the template:\n\ttemplate was:\n\t\t{template}\n\tobject given to jsonpath engine was:\n\t\t{}\n\n\n",
            crate::model::validation::go_quote(template),
            gofmt::sharp_v(v)
        )
    })
}

/// The values one path finds (`.metadata.name`, `{.spec.containers[*].image}`), read
/// through kubectl's RelaxedJSONPathExpression as custom columns and `wait
/// --for=jsonpath` read them: braces and the leading dot optional, missing keys empty.
pub fn find(expr: &str, v: &Value) -> Result<Vec<Value>, String> {
    let body = match expr.strip_prefix('{').and_then(|e| e.strip_suffix('}')) {
        Some(inner) => inner,
        None => expr,
    };
    let body = body.strip_prefix('.').unwrap_or(body);
    if body.is_empty() || body.contains(['{', '}']) {
        if expr.is_empty() {
            return Ok(vec![v.clone()]);
        }
        return Err("unexpected path string, expected a 'name1.name2' or '.name1.name2' or '{name1.name2}' or '{.name1.name2}'".into());
    }
    let nodes = parser::parse(&format!("{{.{body}}}"))?;
    let results = exec::JsonPath::new(&nodes, true).find_results(v.clone(), 0)?;
    Ok(results.into_iter().flatten().collect())
}

/// A template parsed once, for kubectl's sorter: it parses the field, then looks it up
/// in every object (`jsonpath.New("sorting").AllowMissingKeys(true)`).
pub struct Template(Vec<parser::Node>);

impl Template {
    /// client-go's `Parse`: its error as it words it.
    pub fn parse(text: &str) -> Result<Template, String> {
        parser::parse(text).map(Template)
    }

    /// `FindResults` with missing keys allowed: each action's values.
    pub fn find_results(&self, v: &Value) -> Result<Vec<Vec<Value>>, String> {
        exec::JsonPath::new(&self.0, true).find_results(v.clone(), 0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn json(text: &str) -> Value {
        let stream = crate::yaml::parse_stream(text);
        crate::model::decode::untyped(&stream.docs[0].root)
    }

    #[test]
    fn extreme_indexes_and_deep_nesting_are_errors_not_panics() {
        let v = json("items: [1, 2]");
        for t in ["{.items[9223372036854775807]}", "{.items[-9223372036854775808]}"] {
            assert!(run(t, &v, true).is_err(), "{t}");
        }
        // Go's ints wrap: an empty slice, as client-go gives.
        assert_eq!(run("{.items[-9223372036854775808:-9223372036854775808]}", &v, true), Ok(String::new()));
        let deep = format!("{{{}.x{}}}", "[?(@".repeat(200), ")]".repeat(200));
        assert!(parser::parse(&deep).unwrap_err().contains("nests more than 64 deep"));
        let ranges = "{range .items[*]}".repeat(100);
        assert!(parser::parse(&ranges).is_err());
    }

    /// client-go's testJSONPath: output, or the execution error.
    fn run(template: &str, input: &Value, allow_missing: bool) -> Result<String, String> {
        let nodes = parser::parse(template).map_err(|e| format!("parse: {e}"))?;
        exec::JsonPath::new(&nodes, allow_missing).execute(input)
    }

    fn check(cases: &[(&str, &str)], input: &Value, allow_missing: bool) {
        for (template, want) in cases {
            assert_eq!(run(template, input, allow_missing).as_deref(), Ok(*want), "{template}");
        }
    }

    fn check_err(cases: &[(&str, &str)], input: &Value, allow_missing: bool) {
        for (template, want) in cases {
            assert_eq!(run(template, input, allow_missing).unwrap_err(), *want, "{template}");
        }
    }

    // jsonpath_test.go's TestTypesInput (its maps and structs as JSON maps: sorted keys).
    #[test]
    fn types_input() {
        let types = json(
            r#"{"bools": [true, false, true, false], "integers": [1, 2, 3, 4], "floats": [1.0, 2.2, 3.3, 4.0],
                "strings": ["one", "two", "three", "four"], "interfaces": [true, "one", 1, 1.1],
                "maps": [{"name": "one", "value": 1}, {"name": "two", "value": 2.02}, {"name": "three", "value": 3.03}, {"name": "four", "value": 4.04}]}"#,
        );
        check(
            &[
                ("{ .bools }", "[true,false,true,false]"),
                ("{ .bools[0] }", "true"),
                ("{ .bools[-1] }", "false"),
                ("{ .bools[0:2] }", "true false"),
                ("{ .bools[:2] }", "true false"),
                ("{ .bools[:4:2] }", "true true"),
                ("{ .integers }", "[1,2,3,4]"),
                ("{ .integers[-2] }", "3"),
                ("{ .integers[:4:2] }", "1 3"),
                ("{ .floats }", "[1,2.2,3.3,4]"),
                ("{ .floats[0] }", "1"),
                ("{ .floats[-2] }", "3.3"),
                ("{ .floats[:4:2] }", "1 3.3"),
                ("{ .strings }", r#"["one","two","three","four"]"#),
                ("{ .strings[-2] }", "three"),
                ("{ .strings[:4:2] }", "one three"),
                ("{ .interfaces }", r#"[true,"one",1,1.1]"#),
                ("{ .interfaces[0:2] }", "true one"),
                ("{ .interfaces[:4:2] }", "true 1"),
                ("{ .maps[0] }", r#"{"name":"one","value":1}"#),
                ("{ .maps[-2] }", r#"{"name":"three","value":3.03}"#),
                ("{ .maps[::2] }", r#"{"name":"one","value":1} {"name":"three","value":3.03}"#),
                ("{ .maps[1::2] }", r#"{"name":"two","value":2.02} {"name":"four","value":4.04}"#),
            ],
            &types,
            false,
        );
    }

    // TestStructInput, the store as JSON.
    #[test]
    fn store_input() {
        let store = json(
            r#"{"Name": "jsonpath",
                "Book": [{"Category": "reference", "Author": "Nigel Rees", "Title": "Sayings of the Centurey", "Price": 8.95},
                         {"Category": "fiction", "Author": "Evelyn Waugh", "Title": "Sword of Honour", "Price": 12.99},
                         {"Category": "fiction", "Author": "Herman Melville", "Title": "Moby Dick", "Price": 8.99}],
                "Bicycle": [{"Color": "red", "Price": 19.95, "IsNew": true}, {"Color": "green", "Price": 20.01, "IsNew": false}],
                "Labels": {"engieer": 10, "web/html": 15, "k8s-app": 20},
                "Employees": {"jason": "manager", "dan": "clerk"}}"#,
        );
        check(&[("hello jsonpath", "hello jsonpath"), (r#"{"{"}"#, "{")], &Value::Null, false);
        check(&[("{..}", "[1,2,3]")], &json("[1, 2, 3]"), false);
        check(&[("{[?(@<5)]}", "2 3")], &json("[2, 6, 3, 7]"), false);
        check(&[("{[1,3,4]}", "1 3 4")], &json("[0, 1, 2, 3, 4]"), false);
        check(&[("{[0:2]}", "Monday Tudesday")], &json(r#"["Monday", "Tudesday"]"#), false);
        check(
            &[
                ("hello {.Name}", "hello jsonpath"),
                ("{$.Labels.web/html}", "15"),
                ("{$.Employees.jason}", "manager"),
                ("{.Labels.k8s-app}", "20"),
                ("{.Bicycle[*].Color}", "red green"),
                ("{.Book[*].Author}", "Nigel Rees Evelyn Waugh Herman Melville"),
                (r#"{range .Bicycle[*]}{ "{" }{ @.* }{ "} " }{end}"#, "{red true 19.95} {green false 20.01} "),
                ("{..Price}", "19.95 20.01 8.95 12.99 8.99"),
                ("{...Price}", "19.95 20.01 8.95 12.99 8.99"),
                ("{.Bicycle}", r#"[{"Color":"red","IsNew":true,"Price":19.95},{"Color":"green","IsNew":false,"Price":20.01}]"#),
                (
                    r#"{range .Bicycle[*]}{ @ }{ " " }{end}"#,
                    r#"{"Color":"red","IsNew":true,"Price":19.95} {"Color":"green","IsNew":false,"Price":20.01} "#,
                ),
                ("{.Book[-1:]}", r#"{"Author":"Herman Melville","Category":"fiction","Price":8.99,"Title":"Moby Dick"}"#),
                ("{..Book[2]}", r#"{"Author":"Herman Melville","Category":"fiction","Price":8.99,"Title":"Moby Dick"}"#),
                ("{.Bicycle[?(@.IsNew==true)]}", r#"{"Color":"red","IsNew":true,"Price":19.95}"#),
            ],
            &store,
            false,
        );
        assert!(parser::parse("{............................................................Price}").is_err());
        check(&[("{.hello}", ""), ("before-{.hello}after", "before-after")], &store, true);
        check_err(
            &[
                ("{hello}", "unrecognized identifier hello"),
                ("{.hello}", "hello is not found"),
                ("{.Labels[0]}", "map[string]interface {} is not array or slice"),
                ("{.Book[?(@.Price<>10)]}", "unrecognized filter operator <>"),
                ("{range .Labels.*}{@}{end}{end}", "not in range, nothing to end"),
            ],
            &store,
            false,
        );
    }

    // TestJSONInput and TestKubernetes.
    #[test]
    fn json_and_kubernetes_input() {
        let points = json(
            r#"[{"id": "i1", "x":4, "y":-5}, {"id": "i2", "x":-2, "y":-5, "z":1}, {"id": "i3", "x":  8, "y":  3 },
                {"id": "i4", "x": -6, "y": -1 }, {"id": "i5", "x":  0, "y":  2, "z": 1 }, {"id": "i6", "x":  1, "y":  4 },
                {"id": "i7", "x":  null, "y":  4 }]"#,
        );
        check(&[("{[?(@.z)].id}", "i2 i5"), ("{[0]['id']}", "i1"), ("{[-1]['x']}", "null")], &points, false);
        let nodes = json(
            r#"{"kind": "List",
                "items": [{"kind": "None", "metadata": {"name": "127.0.0.1", "labels": {"kubernetes.io/hostname": "127.0.0.1"}},
                           "status": {"capacity": {"cpu": "4"}, "ready": true, "addresses": [{"type": "LegacyHostIP", "address": "127.0.0.1"}]}},
                          {"kind": "None", "metadata": {"name": "127.0.0.2", "labels": {"kubernetes.io/hostname": "127.0.0.2"}},
                           "status": {"capacity": {"cpu": "8"}, "ready": false,
                                      "addresses": [{"type": "LegacyHostIP", "address": "127.0.0.2"}, {"type": "another", "address": "127.0.0.3"}]}}],
                "users": [{"name": "myself", "user": {}}, {"name": "e2e", "user": {"username": "admin", "password": "secret"}}]}"#,
        );
        check(
            &[
                ("{range .items[*]}{.metadata.name}, {end}{.kind}", "127.0.0.1, 127.0.0.2, List"),
                (r#"{range .items[*]}{.metadata.name}{"\t"}{end}"#, "127.0.0.1\t127.0.0.2\t"),
                ("{.items[*].status.addresses[*].address}", "127.0.0.1 127.0.0.2 127.0.0.3"),
                ("{range .items[*]}{range .status.addresses[*]}{.address}, {end}{end}", "127.0.0.1, 127.0.0.2, 127.0.0.3, "),
                ("{.items[*].metadata.name}", "127.0.0.1 127.0.0.2"),
                ("{.items[*]['metadata.name', 'status.capacity']}", r#"127.0.0.1 127.0.0.2 {"cpu":"4"} {"cpu":"8"}"#),
                ("{range .items[*]}[{.metadata.name}, {.status.capacity}] {end}", r#"[127.0.0.1, {"cpu":"4"}] [127.0.0.2, {"cpu":"8"}] "#),
                (r#"{.users[?(@.name=="e2e")].user.password}"#, "secret"),
                (r"{.items[0].metadata.labels.kubernetes\.io/hostname}", "127.0.0.1"),
                (r#"{.items[?(@.metadata.labels.kubernetes\.io/hostname=="127.0.0.1")].kind}"#, "None"),
                ("{.items[?(@..ready==true)].metadata.name}", "127.0.0.1"),
                // Go's order is random here; sorted keys make it this one.
                ("{..name}", "127.0.0.1 127.0.0.2 myself e2e"),
            ],
            &nodes,
            false,
        );
    }

    // TestEmptyRange, TestNestedRanges, TestFilterPartialMatchesSometimesMissingAnnotations,
    // TestRunningPodsJSONPathOutput.
    #[test]
    fn ranges_and_partial_filters() {
        let empty = json(r#"{"items":[]}"#);
        check(
            &[
                ("{range .items[*]}{.metadata.name}{end}", ""),
                (r#"{range .items[*]}{.metadata.name}{":"}{range @.spec.containers[*]}{.name}{","}{end}{"+"}{end}"#, ""),
            ],
            &empty,
            true,
        );
        let pods = json(
            r#"{"items": [{"metadata": {"name": "pod1"}, "spec": {"containers": [{"name": "foo", "another": [{"name": "value1"}, {"name": "value2"}]},
                                                                             {"name": "bar", "another": [{"name": "value1"}, {"name": "value2"}]}]}},
                          {"metadata": {"name": "pod2"}, "spec": {"containers": [{"name": "baz", "another": [{"name": "value1"}, {"name": "value2"}]}]}}]}"#,
        );
        check(
            &[
                (
                    r#"{range .items[*]}{.metadata.name}{":"}{range @.spec.containers[*]}{.name}{","}{end}{"+"}{end}"#,
                    "pod1:foo,bar,+pod2:baz,+",
                ),
                (
                    r##"{range .items[*]}{.metadata.name}{"~"}{range @.spec.containers[*]}{.name}{":"}{range @.another[*]}{.name}{","}{end}{"+"}{end}{"#"}{end}"##,
                    "pod1~foo:value1,value2,+bar:value1,value2,+#pod2~baz:value1,value2,+#",
                ),
                (
                    r#"{range .items[*]}{.metadata.name}{"\t"}{range @.spec.containers[*]}{.name}{" "}{end}{"\t"}{range @.spec.containers[*]}{.name}{" "}{end}{"\n"}{end}"#,
                    "pod1\tfoo bar \tfoo bar \npod2\tbaz \tbaz \n",
                ),
            ],
            &pods,
            false,
        );
        let annotated = json(
            r#"{"kind": "List", "items": [{"kind": "Pod", "metadata": {"name": "pod1", "annotations": {"color": "blue"}}},
                {"kind": "Pod", "metadata": {"name": "pod2"}}, {"kind": "Pod", "metadata": {"name": "pod3", "annotations": {"color": "green"}}},
                {"kind": "Pod", "metadata": {"name": "pod4", "annotations": {"color": "blue"}}}]}"#,
        );
        let blue = r#"{.items[?(@.metadata.annotations.color=="blue")].metadata.name}"#;
        check(&[(blue, "pod1 pod4")], &annotated, true);
        check_err(&[(blue, "annotations is not found")], &annotated, false);
        let running = json(
            r#"{"kind": "List", "items": [{"kind": "Pod", "metadata": {"name": "pod1"}, "status": {"phase": "Running"}},
                {"kind": "Pod", "metadata": {"name": "pod2"}, "status": {"phase": "Running"}},
                {"kind": "Pod", "metadata": {"name": "pod3"}, "status": {"phase": "Running"}}, {"resourceVersion": ""}]}"#,
        );
        check(
            &[(
                r#"{range .items[?(.status.phase=="Running")]}{.metadata.name}{" is Running\n"}{end}"#,
                "pod1 is Running\npod2 is Running\npod3 is Running\n",
            )],
            &running,
            true,
        );
    }

    // TestNegativeIndex and TestStep.
    #[test]
    fn indexes_slices_and_steps() {
        let names: Vec<String> = (0..6).map(|i| format!(r#"{{"image": "radial/busyboxplus:curl", "name": "fake{i}"}}"#)).collect();
        let four = json(&format!(r#"{{"kind": "Pod", "spec": {{"containers": [{}]}}}}"#, names[..4].join(",")));
        check(
            &[
                ("{.spec.containers[0].name}", "fake0"),
                ("{.spec.containers[0:0].name}", ""),
                ("{.spec.containers[0:-1].name}", "fake0 fake1 fake2"),
                ("{.spec.containers[-1].name}", "fake3"),
                ("{.spec.containers[-1:].name}", "fake3"),
                ("{.spec.containers[-2].name}", "fake2"),
                ("{.spec.containers[-2:].name}", "fake2 fake3"),
                ("{.spec.containers[-3].name}", "fake1"),
                ("{.spec.containers[-4].name}", "fake0"),
                ("{.spec.containers[-4:].name}", "fake0 fake1 fake2 fake3"),
                ("{.spec.containers[5:5].name}", ""),
                ("{.spec.containers[-5:-5].name}", ""),
            ],
            &four,
            false,
        );
        check_err(
            &[
                ("{.spec.containers[-1:0].name}", "starting index 3 is greater than ending index 0"),
                ("{.spec.containers[-5].name}", "array index out of bounds: index -1, length 4"),
                ("{.spec.containers[3:1].name}", "starting index 3 is greater than ending index 1"),
                ("{.spec.containers[-1:-2].name}", "starting index 3 is greater than ending index 2"),
                ("{.spec.containers[4].name}", "array index out of bounds: index 4, length 4"),
                ("{.spec.containers[1:9].name}", "array index out of bounds: index 8, length 4"),
            ],
            &four,
            false,
        );
        let six = json(&format!(r#"{{"kind": "Pod", "spec": {{"containers": [{}]}}}}"#, names.join(",")));
        let all = "fake0 fake1 fake2 fake3 fake4 fake5";
        check(
            &[
                ("{.spec.containers[0:].name}", all),
                ("{.spec.containers[0:6:].name}", all),
                ("{.spec.containers[0:6:1].name}", all),
                ("{.spec.containers[1:4:2].name}", "fake1 fake3"),
                ("{.spec.containers[1:4:3].name}", "fake1"),
                ("{.spec.containers[1:4:4].name}", "fake1"),
                ("{.spec.containers[0:6:2].name}", "fake0 fake2 fake4"),
                ("{.spec.containers[0:6:3].name}", "fake0 fake3"),
                ("{.spec.containers[0:6:5].name}", "fake0 fake5"),
                ("{.spec.containers[0:6:6].name}", "fake0"),
            ],
            &six,
            false,
        );
        check_err(
            &[("{.spec.containers[0:6:0].name}", "step must be > 0"), ("{.spec.containers[0:6:-1].name}", "step must be > 0")],
            &six,
            false,
        );
    }

    #[test]
    fn comparisons_literals_and_the_printer() {
        let deploys = json(
            r#"{"items": [{"metadata": {"name": "a"}, "spec": {"replicas": 3}}, {"metadata": {"name": "b"}, "spec": {"replicas": 1}},
                          {"metadata": {"name": "c"}, "spec": {"replicas": 5}}]}"#,
        );
        check(
            &[
                ("{.items[?(@.spec.replicas>2)].metadata.name}", "a c"),
                ("{.items[?(@.spec.replicas>=3)].metadata.name}", "a c"),
                ("{.items[?(@.spec.replicas<3)].metadata.name}", "b"),
                ("{.items[?(@.spec.replicas<=3)].metadata.name}", "a b"),
                ("{.items[?(@.spec.replicas!=3)].metadata.name}", "b c"),
                ("{.items[?(@.metadata.name>'a')].metadata.name}", "b c"),
                ("{.items[?(@.metadata.name=='b')].spec.replicas}", "1"),
                ("{1} {true} {2.5} {'x'}", "1 true 2.5 x"),
                (r#"{"a\tb\n"}"#, "a\tb\n"),
                (
                    "{@}",
                    r#"{"items":[{"metadata":{"name":"a"},"spec":{"replicas":3}},{"metadata":{"name":"b"},"spec":{"replicas":1}},{"metadata":{"name":"c"},"spec":{"replicas":5}}]}"#,
                ),
                ("{.}", ""),
                ("{.items[0].metadata.name.*}", "97"),
            ],
            &deploys,
            true,
        );
        check_err(
            &[
                ("{.items[?(@.spec.replicas>'2')].metadata.name}", "incompatible types for comparison"),
                ("{.items[?(@.spec>2)].metadata.name}", "invalid type for comparison"),
                ("{.items[*].metadata[?(@.name)]}", "map[name:a] is not array or slice and cannot be filtered"),
            ],
            &deploys,
            true,
        );
        let err = print("{.items[0].x}", &json(r#"{"items": [{"a": 1}]}"#), false).unwrap_err();
        assert_eq!(
            err,
            "error: error executing jsonpath \"{.items[0].x}\": Error executing template: x is not found. Printing more information for debugging the template:\n\ttemplate was:\n\t\t{.items[0].x}\n\tobject given to jsonpath engine was:\n\t\tmap[string]interface {}{\"items\":[]interface {}{map[string]interface {}{\"a\":1}}}\n\n\n"
        );
        assert_eq!(print("{.items[", &deploys, true).unwrap_err(), "error: error parsing jsonpath {.items[, unterminated array");
        assert_eq!(find(".spec.replicas", &json(r#"{"spec": {"replicas": 2}}"#)).unwrap(), vec![Value::Int(2)]);
        assert_eq!(find("{spec.replicas}", &json(r#"{"spec": {"replicas": 2}}"#)).unwrap(), vec![Value::Int(2)]);
    }
}
