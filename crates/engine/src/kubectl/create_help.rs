//! `kubectl create ingress|poddisruptionbudget|priorityclass|token --help`, as kubectl's
//! templates print them: the long description, aliases, examples (each line trimmed and
//! indented by two), the command's own flags sorted by name, then its usage line.

const ALLOW_MISSING: &str = "    --allow-missing-template-keys=true:\n\tIf true, ignore any errors in templates when a field or map key is missing in the template. Only applies to golang and jsonpath output formats.";
const DRY_RUN: &str = "    --dry-run='none':\n\tMust be \"none\", \"server\", or \"client\". If client strategy, only print the object that would be sent, without sending it. If server strategy, submit server-side request without persisting the resource.";
const FIELD_MANAGER: &str = "    --field-manager='kubectl-create':\n\tName of the manager used to track field ownership.";
const OUTPUT: &str = "    -o, --output='':\n\tOutput format. One of: (json, yaml, name, go-template, go-template-file, template, templatefile, jsonpath, jsonpath-as-json, jsonpath-file).";
const SAVE_CONFIG: &str = "    --save-config=false:\n\tIf true, the configuration of current object will be saved in its annotation. Otherwise, the annotation will be unchanged. This flag is useful when you want to perform kubectl apply on this object in the future.";
const MANAGED: &str = "    --show-managed-fields=false:\n\tIf true, keep the managedFields when printing objects in JSON or YAML format.";
const TEMPLATE: &str = "    --template='':\n\tTemplate string or path to template file to use when -o=go-template, -o=go-template-file. The template format is golang templates [http://golang.org/pkg/text/template/#pkg-overview].";
const VALIDATE: &str = "    --validate='strict':\n\tMust be one of: strict (or true), warn, ignore (or false). \"true\" or \"strict\" will use a schema to validate the input and fail the request if invalid. It will perform server side validation if ServerSideFieldValidation is enabled on the api-server, but will fall back to less reliable client-side validation if not. \"warn\" will warn about unknown or duplicate fields without blocking the request if server-side field validation is enabled on the API server, and behave as \"ignore\" otherwise. \"false\" or \"ignore\" will not perform any schema validation, silently dropping any unknown or duplicate fields.";

/// The subcommand's help, or `None` for one this file does not describe.
pub(super) fn subcommand(sub: &str) -> Option<String> {
    let (long, aliases, examples, options, usage): (&str, &str, &str, Vec<&str>, &str) = match sub {
        "ingress" | "ing" => (
            "Create an ingress with the specified name.",
            "ingress, ing",
            "# Create a single ingress called 'simple' that directs requests to foo.com/bar to svc
# svc1:8080 with a TLS secret \"my-cert\"
kubectl create ingress simple --rule=\"foo.com/bar=svc1:8080,tls=my-cert\"

# Create a catch all ingress of \"/path\" pointing to service svc:port and Ingress Class as \"otheringress\"
kubectl create ingress catch-all --class=otheringress --rule=\"/path=svc:port\"

# Create an ingress with two annotations: ingress.annotation1 and ingress.annotations2
kubectl create ingress annotated --class=default --rule=\"foo.com/bar=svc:port\" \\
--annotation ingress.annotation1=foo \\
--annotation ingress.annotation2=bla

# Create an ingress with the same host and multiple paths
kubectl create ingress multipath --class=default \\
--rule=\"foo.com/=svc:port\" \\
--rule=\"foo.com/admin/=svcadmin:portadmin\"

# Create an ingress with multiple hosts and the pathType as Prefix
kubectl create ingress ingress1 --class=default \\
--rule=\"foo.com/path*=svc:8080\" \\
--rule=\"bar.com/admin*=svc2:http\"

# Create an ingress with TLS enabled using the default ingress certificate and different path types
kubectl create ingress ingtls --class=default \\
--rule=\"foo.com/=svc:https,tls\" \\
--rule=\"foo.com/path/subpath*=othersvc:8080\"

# Create an ingress with TLS enabled using a specific secret and pathType as Prefix
kubectl create ingress ingsecret --class=default \\
--rule=\"foo.com/*=svc:8080,tls=secret1\"

# Create an ingress with a default backend
kubectl create ingress ingdefault --class=default \\
--default-backend=defaultsvc:http \\
--rule=\"foo.com/*=svc:8080,tls=secret1\"",
            vec![
                ALLOW_MISSING,
                "    --annotation=[]:\n\tAnnotation to insert in the ingress object, in the format annotation=value",
                "    --class='':\n\tIngress Class to be used",
                "    --default-backend='':\n\tDefault service for backend, in format of svcname:port",
                DRY_RUN,
                FIELD_MANAGER,
                OUTPUT,
                "    --rule=[]:\n\tRule in format host/path=service:port[,tls=secretname]. Paths containing the leading character '*' are considered pathType=Prefix. tls argument is optional.",
                SAVE_CONFIG,
                MANAGED,
                TEMPLATE,
                VALIDATE,
            ],
            "kubectl create ingress NAME --rule=host/path=service:port[,tls[=secret]]  [options]",
        ),
        "poddisruptionbudget" | "pdb" => (
            "Create a pod disruption budget with the specified name, selector, and desired minimum available pods",
            "poddisruptionbudget, pdb",
            "# Create a pod disruption budget named my-pdb that will select all pods with the app=rails label
# and require at least one of them being available at any point in time.
kubectl create poddisruptionbudget my-pdb --selector=app=rails --min-available=1

# Create a pod disruption budget named my-pdb that will select all pods with the app=nginx label
# and require at least half of the pods selected to be available at any point in time.
kubectl create pdb my-pdb --selector=app=nginx --min-available=50%",
            vec![
                ALLOW_MISSING,
                DRY_RUN,
                FIELD_MANAGER,
                "    --max-unavailable='':\n\tThe maximum number or percentage of unavailable pods this budget requires.",
                "    --min-available='':\n\tThe minimum number or percentage of available pods this budget requires.",
                OUTPUT,
                SAVE_CONFIG,
                "    --selector='':\n\tA label selector to use for this budget. Only equality-based selector requirements are supported.",
                MANAGED,
                TEMPLATE,
                VALIDATE,
            ],
            "kubectl create poddisruptionbudget NAME --selector=SELECTOR --min-available=N [--dry-run=server|client|none] [options]",
        ),
        "priorityclass" | "pc" => (
            "Create a priority class with the specified name, value, globalDefault and description.",
            "priorityclass, pc",
            "# Create a priority class named high-priority
kubectl create priorityclass high-priority --value=1000 --description=\"high priority\"

# Create a priority class named default-priority that is considered as the global default priority
kubectl create priorityclass default-priority --value=1000 --global-default=true --description=\"default priority\"

# Create a priority class named high-priority that cannot preempt pods with lower priority
kubectl create priorityclass high-priority --value=1000 --description=\"high priority\" --preemption-policy=\"Never\"",
            vec![
                ALLOW_MISSING,
                "    --description='':\n\tdescription is an arbitrary string that usually provides guidelines on when this priority class should be used.",
                DRY_RUN,
                FIELD_MANAGER,
                "    --global-default=false:\n\tglobal-default specifies whether this PriorityClass should be considered as the default priority.",
                OUTPUT,
                "    --preemption-policy='PreemptLowerPriority':\n\tpreemption-policy is the policy for preempting pods with lower priority.",
                SAVE_CONFIG,
                MANAGED,
                TEMPLATE,
                VALIDATE,
                "    --value=0:\n\tthe value of this priority class.",
            ],
            "kubectl create priorityclass NAME --value=VALUE --global-default=BOOL [--dry-run=server|client|none] [options]",
        ),
        "token" => (
            "Request a service account token. (kubeplay's token carries the API server's header and claims, but its signature is not a real one: nothing outside kubeplay accepts it.)",
            "",
            "# Request a token to authenticate to the kube-apiserver as the service account \"myapp\" in the current namespace
kubectl create token myapp

# Request a token for a service account in a custom namespace
kubectl create token myapp --namespace myns

# Request a token with a custom expiration
kubectl create token myapp --duration 10m

# Request a token with a custom audience
kubectl create token myapp --audience https://example.com

# Request a token bound to an instance of a Secret object
kubectl create token myapp --bound-object-kind Secret --bound-object-name mysecret

# Request a token bound to an instance of a Secret object with a specific UID
kubectl create token myapp --bound-object-kind Secret --bound-object-name mysecret --bound-object-uid 0d4691ed-659b-4935-a832-355f77ee47cc",
            vec![
                ALLOW_MISSING,
                "    --audience=[]:\n\tAudience of the requested token. If unset, defaults to requesting a token for use with the Kubernetes API server. May be repeated to request a token valid for multiple audiences.",
                "    --bound-object-kind='':\n\tKind of an object to bind the token to. Supported kinds are Pod, Secret. If set, --bound-object-name must be provided.",
                "    --bound-object-name='':\n\tName of an object to bind the token to. The token will expire when the object is deleted. Requires --bound-object-kind.",
                "    --bound-object-uid='':\n\tUID of an object to bind the token to. Requires --bound-object-kind and --bound-object-name. If unset, the UID of the existing object is used.",
                "    --duration=0s:\n\tRequested lifetime of the issued token. If not set or if set to 0, the lifetime will be determined by the server automatically. The server may return a token with a longer or shorter lifetime.",
                OUTPUT,
                MANAGED,
                TEMPLATE,
            ],
            "kubectl create token SERVICE_ACCOUNT_NAME [options]",
        ),
        _ => return None,
    };
    let aliases = if aliases.is_empty() { String::new() } else { format!("Aliases:\n{aliases}\n\n") };
    let examples: Vec<String> = examples.lines().map(|l| format!("  {}", l.trim())).collect();
    Some(format!(
        "{long}\n\n{aliases}Examples:\n{}\n\nOptions:\n{}\n\nUsage:\n  {usage}\n\nUse \"kubectl options\" for a list of global command-line options (applies to all commands).\n",
        examples.join("\n"),
        options.join("\n\n")
    ))
}

#[cfg(test)]
mod tests {
    use super::subcommand;

    #[test]
    fn each_help_has_its_usage_and_its_options_in_name_order() {
        for sub in ["ingress", "pdb", "priorityclass", "token"] {
            let h = subcommand(sub).unwrap();
            assert!(h.contains("\nUsage:\n  kubectl create "), "{sub}");
            let names: Vec<&str> =
                h.lines().filter(|l| l.starts_with("    -")).map(|l| l.rsplit("--").next().unwrap().split('=').next().unwrap()).collect();
            let mut sorted = names.clone();
            sorted.sort();
            assert_eq!(names, sorted, "{sub}");
        }
        assert!(subcommand("ing").unwrap().contains("\n  \n  # Create a catch all ingress"));
        assert_eq!(subcommand("secret"), None);
    }
}
