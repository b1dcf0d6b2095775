//! `kubectl set --help` and each subcommand's, as kubectl's templates print them: the
//! long description, examples, the command's own flags sorted by name (`--record` is
//! deprecated and hidden), then its usage line.

/// The flags several subcommands share, with their defaults and texts.
const ALLOW_MISSING: &str = "    --allow-missing-template-keys=true:\n\tIf true, ignore any errors in templates when a field or map key is missing in the template. Only applies to golang and jsonpath output formats.";
const DRY_RUN: &str = "    --dry-run='none':\n\tMust be \"none\", \"server\", or \"client\". If client strategy, only print the object that would be sent, without sending it. If server strategy, submit server-side request without persisting the resource.";
const FIELD_MANAGER: &str = "    --field-manager='kubectl-set':\n\tName of the manager used to track field ownership.";
const KUSTOMIZE: &str = "    -k, --kustomize='':\n\tProcess the kustomization directory. This flag can't be used together with -f or -R.";
const OUTPUT: &str = "    -o, --output='':\n\tOutput format. One of: (json, yaml, name, go-template, go-template-file, template, templatefile, jsonpath, jsonpath-as-json, jsonpath-file).";
const RECURSIVE: &str = "    -R, --recursive=false:\n\tProcess the directory used in -f, --filename recursively. Useful when you want to manage related manifests organized within the same directory.";
const SELECTOR: &str = "    -l, --selector='':\n\tSelector (label query) to filter on, supports '=', '==', '!=', 'in', 'notin'.(e.g. -l key1=value1,key2=value2,key3 in (value3)). Matching objects must satisfy all of the specified label constraints.";
const MANAGED: &str = "    --show-managed-fields=false:\n\tIf true, keep the managedFields when printing objects in JSON or YAML format.";
const TEMPLATE: &str = "    --template='':\n\tTemplate string or path to template file to use when -o=go-template, -o=go-template-file. The template format is golang templates [http://golang.org/pkg/text/template/#pkg-overview].";
const ALL_COMMA: &str = "    --all=false:\n\tSelect all resources, in the namespace of the specified resource types";
const FILENAME_SERVER: &str =
    "    -f, --filename=[]:\n\tFilename, directory, or URL to files identifying the resource to get from a server.";
const POD_RESOURCES: &str =
    "  \tpod (po), replicationcontroller (rc), deployment (deploy), daemonset (ds), statefulset (sts), cronjob (cj), replicaset (rs)";

pub(super) fn set() -> String {
    let rows = [
        ("env", "Update environment variables on a pod template"),
        ("image", "Update the image of a pod template"),
        ("resources", "Update resource requests/limits on objects with pod templates"),
        ("selector", "Set the selector on a resource"),
        ("serviceaccount", "Update the service account of a resource"),
        ("subject", "Update the user, group, or service account in a role binding or cluster role binding"),
    ];
    let mut s = "Configure application resources.\n\n These commands help you make changes to existing application resources.\n\nAvailable Commands:\n".to_string();
    for (name, short) in rows {
        s.push_str(&format!("  {name:<14} {short}\n"));
    }
    s.push_str("\nUsage:\n  kubectl set SUBCOMMAND [options]\n\nUse \"kubectl set <command> --help\" for more information about a given command.\nUse \"kubectl options\" for a list of global command-line options (applies to all commands).\n");
    s
}

/// One subcommand's help: (long, aliases, examples, options, usage).
pub(super) fn subcommand(sub: &str) -> String {
    let (long, aliases, examples, options, usage): (String, &str, &str, Vec<&str>, &str) = match sub {
        "image" => (
            format!("Update existing container image(s) of resources.\n\n Possible resources include (case insensitive):\n{POD_RESOURCES}"),
            "",
            "  # Set a deployment's nginx container image to 'nginx:1.9.1', and its busybox container image to 'busybox'\n  kubectl set image deployment/nginx busybox=busybox nginx=nginx:1.9.1\n  \n  # Update all deployments' and rc's nginx container's image to 'nginx:1.9.1'\n  kubectl set image deployments,rc nginx=nginx:1.9.1 --all\n  \n  # Update image of all containers of daemonset abc to 'nginx:1.9.1'\n  kubectl set image daemonset abc *=nginx:1.9.1\n  \n  # Print result (in yaml format) of updating nginx container image from local file, without hitting the server\n  kubectl set image -f path/to/file.yaml nginx=nginx:1.9.1 --local -o yaml",
            vec![
                ALL_COMMA, ALLOW_MISSING, DRY_RUN, FIELD_MANAGER, FILENAME_SERVER, KUSTOMIZE,
                "    --local=false:\n\tIf true, set image will NOT contact api-server but run locally.",
                OUTPUT, RECURSIVE, SELECTOR, MANAGED, TEMPLATE,
            ],
            "kubectl set image (-f FILENAME | TYPE NAME) CONTAINER_NAME_1=CONTAINER_IMAGE_1 ... CONTAINER_NAME_N=CONTAINER_IMAGE_N [options]",
        ),
        "env" => (
            format!("Update environment variables on a pod template.\n\n List environment variable definitions in one or more pods, pod templates. Add, update, or remove container environment variable definitions in one or more pod templates (within replication controllers or deployment configurations). View or modify the environment variable definitions on all containers in the specified pods or pod templates, or just those that match a wildcard.\n\n If \"--env -\" is passed, environment variables can be read from STDIN using the standard env syntax.\n\n Possible resources include (case insensitive):\n{POD_RESOURCES}"),
            "",
            "  # Update deployment 'registry' with a new environment variable\n  kubectl set env deployment/registry STORAGE_DIR=/local\n  \n  # List the environment variables defined on a deployments 'sample-build'\n  kubectl set env deployment/sample-build --list\n  \n  # List the environment variables defined on all pods\n  kubectl set env pods --all --list\n  \n  # Output modified deployment in YAML, and does not alter the object on the server\n  kubectl set env deployment/sample-build STORAGE_DIR=/data -o yaml\n  \n  # Update all containers in all replication controllers in the project to have ENV=prod\n  kubectl set env rc --all ENV=prod\n  \n  # Import environment from a secret\n  kubectl set env --from=secret/mysecret deployment/myapp\n  \n  # Import environment from a config map with a prefix\n  kubectl set env --from=configmap/myconfigmap --prefix=MYSQL_ deployment/myapp\n  \n  # Import specific keys from a config map\n  kubectl set env --keys=my-example-key --from=configmap/myconfigmap deployment/myapp\n  \n  # Remove the environment variable ENV from container 'c1' in all deployment configs\n  kubectl set env deployments --all --containers=\"c1\" ENV-\n  \n  # Remove the environment variable ENV from a deployment definition on disk and\n  # update the deployment config on the server\n  kubectl set env -f deploy.json ENV-\n  \n  # Set some of the local shell environment into a deployment config on the server\n  env | grep RAILS_ | kubectl set env -e - deployment/registry",
            vec![
                "    --all=false:\n\tIf true, select all resources in the namespace of the specified resource types",
                ALLOW_MISSING,
                "    -c, --containers='*':\n\tThe names of containers in the selected pod templates to change - may use wildcards",
                DRY_RUN,
                "    -e, --env=[]:\n\tSpecify a key-value pair for an environment variable to set into each container.",
                FIELD_MANAGER,
                "    -f, --filename=[]:\n\tFilename, directory, or URL to files the resource to update the env",
                "    --from='':\n\tThe name of a resource from which to inject environment variables",
                "    --keys=[]:\n\tComma-separated list of keys to import from specified resource",
                KUSTOMIZE,
                "    --list=false:\n\tIf true, display the environment and any changes in the standard format. this flag will removed when we have kubectl view env.",
                "    --local=false:\n\tIf true, set env will NOT contact api-server but run locally.",
                OUTPUT,
                "    --overwrite=true:\n\tIf true, allow environment to be overwritten, otherwise reject updates that overwrite existing environment.",
                "    --prefix='':\n\tPrefix to append to variable names",
                RECURSIVE,
                "    --resolve=false:\n\tIf true, show secret or configmap references when listing variables",
                SELECTOR, MANAGED, TEMPLATE,
            ],
            "kubectl set env RESOURCE/NAME KEY_1=VAL_1 ... KEY_N=VAL_N [options]",
        ),
        "resources" => (
            "Specify compute resource requirements (CPU, memory) for any resource that defines a pod template.  If a pod is successfully scheduled, it is guaranteed the amount of resource requested, but may burst up to its specified limits.\n\n For each compute resource, if a limit is specified and a request is omitted, the request will default to the limit.\n\n Possible resources include (case insensitive): Use \"kubectl api-resources\" for a complete list of supported resources..".to_string(),
            "",
            "  # Set a deployments nginx container cpu limits to \"200m\" and memory to \"512Mi\"\n  kubectl set resources deployment nginx -c=nginx --limits=cpu=200m,memory=512Mi\n  \n  # Set the resource request and limits for all containers in nginx\n  kubectl set resources deployment nginx --limits=cpu=200m,memory=512Mi --requests=cpu=100m,memory=256Mi\n  \n  # Remove the resource requests for resources on containers in nginx\n  kubectl set resources deployment nginx --limits=cpu=0,memory=0 --requests=cpu=0,memory=0\n  \n  # Print the result (in yaml format) of updating nginx container limits from a local, without hitting the server\n  kubectl set resources -f path/to/file.yaml --limits=cpu=200m,memory=512Mi --local -o yaml",
            vec![
                ALL_COMMA, ALLOW_MISSING,
                "    -c, --containers='*':\n\tThe names of containers in the selected pod templates to change, all containers are selected by default - may use wildcards",
                DRY_RUN, FIELD_MANAGER, FILENAME_SERVER, KUSTOMIZE,
                "    --limits='':\n\tThe resource requirement requests for this container.  For example, 'cpu=100m,memory=256Mi'.  Note that server side components may assign requests depending on the server configuration, such as limit ranges.",
                "    --local=false:\n\tIf true, set resources will NOT contact api-server but run locally.",
                OUTPUT, RECURSIVE,
                "    --requests='':\n\tThe resource requirement requests for this container.  For example, 'cpu=100m,memory=256Mi'.  Note that server side components may assign requests depending on the server configuration, such as limit ranges.",
                SELECTOR, MANAGED, TEMPLATE,
            ],
            "kubectl set resources (-f FILENAME | TYPE NAME)  ([--limits=LIMITS & --requests=REQUESTS] [options]",
        ),
        "selector" => (
            "Set the selector on a resource. Note that the new selector will overwrite the old selector if the resource had one prior to the invocation of 'set selector'.\n\n A selector must begin with a letter or number, and may contain letters, numbers, hyphens, dots, and underscores, up to 63 characters. If --resource-version is specified, then updates will use this resource version, otherwise the existing resource-version will be used. Note: currently selectors can only be set on Service objects.".to_string(),
            "",
            "  # Set the labels and selector before creating a deployment/service pair\n  kubectl create service clusterip my-svc --clusterip=\"None\" -o yaml --dry-run=client | kubectl set selector --local -f - 'environment=qa' -o yaml | kubectl create -f -\n  kubectl create deployment my-dep -o yaml --dry-run=client | kubectl label --local -f - environment=qa -o yaml | kubectl create -f -",
            vec![
                "    --all=false:\n\tSelect all resources in the namespace of the specified resource types",
                ALLOW_MISSING, DRY_RUN, FIELD_MANAGER,
                "    -f, --filename=[]:\n\tidentifying the resource.",
                "    --local=false:\n\tIf true, annotation will NOT contact api-server but run locally.",
                OUTPUT,
                "    -R, --recursive=true:\n\tProcess the directory used in -f, --filename recursively. Useful when you want to manage related manifests organized within the same directory.",
                "    --resource-version='':\n\tIf non-empty, the selectors update will only succeed if this is the current resource-version for the object. Only valid when specifying a single resource.",
                MANAGED, TEMPLATE,
            ],
            "kubectl set selector (-f FILENAME | TYPE NAME) EXPRESSIONS [--resource-version=version] [options]",
        ),
        "serviceaccount" => (
            "Update the service account of pod template resources.\n\n Possible resources (case insensitive) can be:\n\n replicationcontroller (rc), deployment (deploy), daemonset (ds), job, replicaset (rs), statefulset".to_string(),
            "Aliases:\nserviceaccount, sa\n\n",
            "  # Set deployment nginx-deployment's service account to serviceaccount1\n  kubectl set serviceaccount deployment nginx-deployment serviceaccount1\n  \n  # Print the result (in YAML format) of updated nginx deployment with the service account from local file, without hitting the API server\n  kubectl set sa -f nginx-deployment.yaml serviceaccount1 --local --dry-run=client -o yaml",
            vec![
                ALL_COMMA, ALLOW_MISSING, DRY_RUN, FIELD_MANAGER, FILENAME_SERVER, KUSTOMIZE,
                "    --local=false:\n\tIf true, set serviceaccount will NOT contact api-server but run locally.",
                OUTPUT, RECURSIVE, MANAGED, TEMPLATE,
            ],
            "kubectl set serviceaccount (-f FILENAME | TYPE NAME) SERVICE_ACCOUNT [options]",
        ),
        _ => (
            "Update the user, group, or service account in a role binding or cluster role binding.".to_string(),
            "",
            "  # Update a cluster role binding for serviceaccount1\n  kubectl set subject clusterrolebinding admin --serviceaccount=namespace:serviceaccount1\n  \n  # Update a role binding for user1, user2, and group1\n  kubectl set subject rolebinding admin --user=user1 --user=user2 --group=group1\n  \n  # Print the result (in YAML format) of updating rolebinding subjects from a local, without hitting the server\n  kubectl create rolebinding admin --role=admin --user=admin -o yaml --dry-run=client | kubectl set subject --local -f - --user=foo -o yaml",
            vec![
                ALL_COMMA, ALLOW_MISSING, DRY_RUN, FIELD_MANAGER,
                "    -f, --filename=[]:\n\tFilename, directory, or URL to files the resource to update the subjects",
                "    --group=[]:\n\tGroups to bind to the role",
                KUSTOMIZE,
                "    --local=false:\n\tIf true, set subject will NOT contact api-server but run locally.",
                OUTPUT, RECURSIVE, SELECTOR,
                "    --serviceaccount=[]:\n\tService accounts to bind to the role",
                MANAGED, TEMPLATE,
                "    --user=[]:\n\tUsernames to bind to the role",
            ],
            "kubectl set subject (-f FILENAME | TYPE NAME) [--user=username] [--group=groupname] [--serviceaccount=namespace:serviceaccountname] [--dry-run=server|client|none] [options]",
        ),
    };
    format!(
        "{long}\n\n{aliases}Examples:\n{examples}\n\nOptions:\n{}\n\nUsage:\n  {usage}\n\nUse \"kubectl options\" for a list of global command-line options (applies to all commands).\n",
        options.join("\n\n")
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lists_the_subcommands_padded_as_cobra_pads_them() {
        assert!(set().contains("\n  env            Update environment variables on a pod template\n"));
        assert!(set().contains("\n  serviceaccount Update the service account of a resource\n"));
    }

    #[test]
    fn each_subcommand_has_its_usage_and_its_options_in_name_order() {
        for sub in ["image", "env", "resources", "selector", "serviceaccount", "subject"] {
            let h = subcommand(sub);
            assert!(h.contains(&format!("Usage:\n  kubectl set {sub} ")), "{sub}");
            let names: Vec<&str> = h
                .lines()
                .filter(|l| l.starts_with("    -"))
                .map(|l| {
                    l.trim_start()
                        .trim_start_matches(|c: char| c == '-' || c.is_ascii_alphabetic() && l.contains(", "))
                        .split('=')
                        .next()
                        .unwrap()
                })
                .map(|n| n.rsplit("--").next().unwrap())
                .collect();
            let mut sorted = names.clone();
            sorted.sort();
            assert_eq!(names, sorted, "{sub}");
        }
    }
}
