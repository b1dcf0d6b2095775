//! `--help` texts, shaped like kubectl's, listing what kubeplay simulates.

pub fn root() -> String {
    "kubectl controls the Kubernetes cluster manager.

 Find more information at: https://kubernetes.io/docs/reference/kubectl/

Basic Commands (Beginner):
  create          Create a resource from a file or from stdin
  expose          Take a replication controller, service, deployment or pod and expose it as a new Kubernetes service
  run             Run a particular image on the cluster

Basic Commands (Intermediate):
  explain         Get documentation for a resource
  get             Display one or many resources
  edit            Edit a resource on the server
  delete          Delete resources by file names, stdin, resources and names, or by resources and label selector

Deploy Commands:
  scale           Set a new size for a deployment, replica set, or replication controller

Cluster Management Commands:
  cluster-info    Display cluster information

Troubleshooting and Debugging Commands:
  describe        Show details of a specific resource or group of resources
  attach          Attach to a running container
  exec            Execute a command in a container
  port-forward    Forward one or more local ports to a pod
  cp              Copy files and directories to and from containers
  debug           Create debugging sessions for troubleshooting workloads and nodes
  events          List events

Advanced Commands:
  diff            Diff the live version against a would-be applied version
  apply           Apply a configuration to a resource by file name or stdin
  patch           Update fields of a resource
  replace         Replace a resource by file name or stdin

Other Commands:
  api-resources   Print the supported API resources on the server
  api-versions    Print the supported API versions on the server, in the form of \"group/version\"
  version         Print the client and server version information

Usage:
  kubectl [flags] [options]

Use \"kubectl <command> --help\" for more information about a given command.
(kubeplay simulates the commands listed here.)
"
    .to_string()
}

pub fn command(cmd: &str) -> String {
    let (summary, usage, options): (&str, &str, &str) = match cmd {
        "apply" => (
            "Apply a configuration to a resource by file name or stdin. The resource name must be specified. This resource will be created if it doesn't exist yet.",
            "kubectl apply (-f FILENAME | -k DIRECTORY) [options]",
            "    -f, --filename=[]:\n\tThe files that contain the configurations to apply.\n\n    -n, --namespace='':\n\tIf present, the namespace scope for this CLI request",
        ),
        "create" => (
            "Create a resource from a file or from stdin.\n\n JSON and YAML formats are accepted.",
            "kubectl create -f FILENAME [options]",
            "    -f, --filename=[]:\n\tFilename, directory, or URL to files to use to create the resource\n\n    -n, --namespace='':\n\tIf present, the namespace scope for this CLI request",
        ),
        "get" => (
            "Display one or many resources.\n\n Prints a table of the most important information about the specified resources. You can filter the list using a label selector and the --selector flag.",
            "kubectl get [(-o|--output=)json|yaml|name|wide] (TYPE[.VERSION][.GROUP] [NAME | -l label] | TYPE[.VERSION][.GROUP]/NAME ...) [flags] [options]",
            "    -A, --all-namespaces=false:\n\tIf present, list the requested object(s) across all namespaces.\n\n    -o, --output='':\n\tOutput format. One of: (json, yaml, name, wide).\n\n    -l, --selector='':\n\tSelector (label query) to filter on, supports '=', '==', '!=', 'in', 'notin'.\n\n    --show-labels=false:\n\tWhen printing, show all labels as the last column (default hide labels column).",
        ),
        "describe" => (
            "Show details of a specific resource or group of resources.\n\n Print a detailed description of the selected resources, including related resources such as events or controllers.",
            "kubectl describe (-f FILENAME | TYPE [NAME_PREFIX | -l label] | TYPE/NAME) [options]",
            "    -A, --all-namespaces=false:\n\tIf present, list the requested object(s) across all namespaces.\n\n    -l, --selector='':\n\tSelector (label query) to filter on.",
        ),
        "delete" => (
            "Delete resources by file names, stdin, resources and names, or by resources and label selector.",
            "kubectl delete ([-f FILENAME] | TYPE [(NAME | -l label | --all)]) [options]",
            "    --all=false:\n\tDelete all resources, in the namespace of the specified resource types.\n\n    --force=false:\n\tIf true, immediately remove resources from API and bypass graceful deletion.\n\n    --grace-period=-1:\n\tPeriod of time in seconds given to the resource to terminate gracefully. Ignored if negative. Set to 1 for immediate shutdown. Can only be set to 0 when --force is true (force deletion).\n\n    --now=false:\n\tIf true, resources are signaled for immediate shutdown (same as --grace-period=1).\n\n    -l, --selector='':\n\tSelector (label query) to filter on.\n\n    --wait=true:\n\tIf true, wait for resources to be gone before returning.",
        ),
        "scale" => (
            "Set a new size for a deployment, replica set, replication controller, or stateful set.",
            "kubectl scale [--current-replicas=count] --replicas=COUNT (-f FILENAME | TYPE NAME) [options]",
            "    --replicas=0:\n\tThe new desired number of replicas. Required.",
        ),
        "top" => (
            "Display resource (CPU/memory) usage.\n\n The top command allows you to see the resource consumption for nodes or pods.\n\n This command requires Metrics Server to be correctly configured and working on the server.",
            "kubectl top [flags] [options]",
            "Available Commands:\n  node          Display resource (CPU/memory) usage of nodes\n  pod           Display resource (CPU/memory) usage of pods",
        ),
        "autoscale" => (
            "Creates an autoscaler that automatically chooses and sets the number of pods that run in a Kubernetes cluster.",
            "kubectl autoscale (-f FILENAME | TYPE NAME | TYPE/NAME) [--min=MINPODS] --max=MAXPODS [--cpu=CPU] [flags] [options]",
            "    --cpu='':\n\tTarget CPU utilization over all the pods (e.g. 80%).\n\n    --max=-1:\n\tThe upper limit for the number of pods that can be set by the autoscaler. Required.\n\n    --min=-1:\n\tThe lower limit for the number of pods that can be set by the autoscaler. If it's not specified or negative, the server will apply a default value.",
        ),
        "cluster-info" => (
            "Display addresses of the control plane and services with label kubernetes.io/cluster-service=true.",
            "kubectl cluster-info [flags] [options]",
            "",
        ),
        "run" => (
            "Create and run a particular image in a pod.",
            "kubectl run NAME --image=image [--env=\"key=value\"] [--port=port] [--dry-run=server|client] [--overrides=inline-json] [--command] -- [COMMAND] [args...] [options]",
            "    --annotations=[]:\n\tAnnotations to apply to the pod.\n\n    --command=false:\n\tIf true and extra arguments are present, use them as the 'command' field in the container, rather than the 'args' field which is the default.\n\n    --dry-run='none':\n\tMust be \"none\", \"server\", or \"client\".\n\n    --env=[]:\n\tEnvironment variables to set in the container.\n\n    --expose=false:\n\tIf true, create a ClusterIP service associated with the pod.  Requires `--port`.\n\n    --image='':\n\tThe image for the container to run.\n\n    --image-pull-policy='':\n\tThe image pull policy for the container.\n\n    -l, --labels='':\n\tComma separated labels to apply to the pod. Will override previous values.\n\n    -o, --output='':\n\tOutput format. One of: (json, yaml, name).\n\n    --port='':\n\tThe port that this container exposes.\n\n    --restart='':\n\tThe restart policy for this Pod.  Legal values [Always, OnFailure, Never].",
        ),
        "expose" => (
            "Expose a resource as a new Kubernetes service.",
            "kubectl expose (-f FILENAME | TYPE NAME) [--port=port] [--protocol=TCP|UDP|SCTP] [--target-port=number-or-name] [--name=name] [--external-ip=external-ip-of-service] [--type=type] [options]",
            "    --cluster-ip='':\n\tClusterIP to be assigned to the service. Leave empty to auto-allocate, or set to 'None' to create a headless service.\n\n    --dry-run='none':\n\tMust be \"none\", \"server\", or \"client\".\n\n    -l, --labels='':\n\tLabels to apply to the service created by this call.\n\n    --name='':\n\tThe name for the newly created object.\n\n    -o, --output='':\n\tOutput format. One of: (json, yaml, name).\n\n    --port='':\n\tThe port that the service should serve on. Copied from the resource being exposed, if unspecified\n\n    --protocol='':\n\tThe network protocol for the service to be created. Default is 'TCP'.\n\n    --selector='':\n\tA label selector to use for this service. Only equality-based selector requirements are supported.\n\n    --target-port='':\n\tName or number for the port on the container that the service should direct traffic to. Optional.\n\n    --type='':\n\tType for this service: ClusterIP, NodePort, LoadBalancer, or ExternalName. Default is 'ClusterIP'.",
        ),
        "wait" => (
            "Experimental: Wait for a specific condition on one or many resources.",
            "kubectl wait ([-f FILENAME] | resource.group/resource.name | resource.group [(-l label | --all)]) [--for=create|--for=delete|--for condition=available|--for=jsonpath='{}'[=value]] [options]",
            "    --all=false:\n\tSelect all resources in the namespace of the specified resource types\n\n    --for='':\n\tThe condition to wait on: [create|delete|condition=condition-name[=condition-value]|jsonpath='{JSONPath expression}'=[JSONPath value]]. The default condition-value is true.  Condition values are compared after Unicode simple case folding, which is a more general form of case-insensitivity.\n\n    -l, --selector='':\n\tSelector (label query) to filter on.\n\n    --timeout=30s:\n\tThe length of time to wait before giving up.  Zero means check once and don't wait, negative means wait for a week.",
        ),
        "annotate" => (
            "Update the annotations on one or more resources.",
            "kubectl annotate [--overwrite] (-f FILENAME | TYPE NAME) KEY_1=VAL_1 ... KEY_N=VAL_N [--resource-version=version] [options]",
            "    --all=false:\n\tSelect all resources, in the namespace of the specified resource types.\n\n    --overwrite=false:\n\tIf true, allow annotations to be overwritten, otherwise reject annotation updates that overwrite existing annotations.\n\n    -l, --selector='':\n\tSelector (label query) to filter on.",
        ),
        "taint" => (
            "Update the taints on one or more nodes.",
            "kubectl taint NODE NAME KEY_1=VAL_1:TAINT_EFFECT_1 ... KEY_N=VAL_N:TAINT_EFFECT_N [options]",
            "    --overwrite=false:\n\tIf true, allow taints to be overwritten, otherwise reject taint updates that overwrite existing taints.\n\n    --dry-run='none':\n\tMust be \"none\", \"server\", or \"client\".",
        ),
        "patch" => (
            "Update fields of a resource using strategic merge patch, a JSON merge patch, or a JSON patch.\n\n JSON and YAML formats are accepted.",
            "kubectl patch (-f FILENAME | TYPE NAME) [-p PATCH|--patch-file FILE] [options]",
            "    -p, --patch='':\n\tThe patch to be applied to the resource JSON file.\n\n    --patch-file='':\n\tA file containing a patch to be applied to the resource.\n\n    --subresource='':\n\tIf specified, patch will operate on the subresource of the requested object. Must be one of [status scale].\n\n    --type='strategic':\n\tThe type of patch being provided; one of [json merge strategic]",
        ),
        "replace" => (
            "Replace a resource by file name or stdin.\n\n JSON and YAML formats are accepted. If replacing an existing resource, the complete resource spec must be provided. This can be obtained by\n\n        $ kubectl get TYPE NAME -o yaml",
            "kubectl replace -f FILENAME [options]",
            "    -f, --filename=[]:\n\tThe files that contain the configurations to replace.\n\n    --force=false:\n\tIf true, immediately remove resources from API and bypass graceful deletion. Note that immediate deletion of some resources may result in inconsistency or data loss and requires confirmation.\n\n    --grace-period=-1:\n\tPeriod of time in seconds given to the resource to terminate gracefully. Ignored if negative. Set to 1 for immediate shutdown. Can only be set to 0 when --force is true (force deletion).",
        ),
        "edit" => (
            "Edit a resource from the default editor.\n\n The edit command allows you to directly edit any API resource you can retrieve via the command-line tools. It will open the editor defined by your KUBE_EDITOR, or EDITOR environment variables. (kubeplay runs editors that need no terminal: KUBE_EDITOR=\"sed -i 's/OLD/NEW/'\" or KUBE_EDITOR=\"cp FILE\"; the page opens its editor pane.)",
            "kubectl edit (RESOURCE/NAME | -f FILENAME) [options]",
            "    -o, --output='':\n\tOutput format. One of: (json, yaml).",
        ),
        "exec" => (
            "Execute a command in a container.",
            "kubectl exec (POD | TYPE/NAME) [-c CONTAINER] [flags] -- COMMAND [args...] [options]",
            "    -c, --container='':\n\tContainer name. If omitted, use the kubectl.kubernetes.io/default-container annotation for selecting the container to be attached or the first container in the pod will be chosen\n\n    -q, --quiet=false:\n\tOnly print output from the remote session",
        ),
        "events" => (
            "Display events.\n\n Prints a table of the most important information about events. You can request events for a namespace, for all namespace, or filtered to only those pertaining to a specified resource.",
            "kubectl events [(-o|--output=)json|yaml] [--for TYPE/NAME] [--types=Normal,Warning] [options]",
            "    -A, --all-namespaces=false:\n\tIf present, list the requested object(s) across all namespaces. Namespace in current context is ignored even if specified with --namespace.\n\n    --for='':\n\tFilter events to only those pertaining to the specified resource.\n\n    --no-headers=false:\n\tWhen using the default output format, don't print headers.\n\n    --types=[]:\n\tOutput only events of given types.",
        ),
        "port-forward" => (
            "Forward one or more local ports to a pod.\n\n Use resource type/name such as deployment/mydeployment to select a pod. Resource type defaults to 'pod' if omitted.\n\n If there are multiple pods matching the criteria, a pod will be selected automatically. The forwarding session ends when the selected pod terminates, and a rerun of the command is needed to resume forwarding. (kubeplay opens no real socket: curl localhost:PORT in its console reaches the pod.)",
            "kubectl port-forward TYPE/NAME [options] [LOCAL_PORT:]REMOTE_PORT [...[LOCAL_PORT_N:]REMOTE_PORT_N]",
            "    --address=[localhost]:\n\tAddresses to listen on (comma separated). Only accepts IP addresses or localhost as a value. When localhost is supplied, kubectl will try to bind on both 127.0.0.1 and ::1 and will fail if neither of these addresses are available to bind.",
        ),
        "cp" => (
            "Copy files and directories to and from containers. (kubeplay copies one file: out of a container, a file its own command wrote, into the script's or page's files; into a container, a file of the script's or page's into its own filesystem, where kubectl exec commands read it.)",
            "kubectl cp <file-spec-src> <file-spec-dest> [options]",
            "    -c, --container='':\n\tContainer name. If omitted, use the kubectl.kubernetes.io/default-container annotation for selecting the container to be attached or the first container in the pod will be chosen",
        ),
        "diff" => (
            "Diff configurations specified by file name or stdin between the current online configuration, and the configuration as it would be if applied.\n\n The output is always YAML.\n\n Exit status:\n 0\n No differences were found.\n 1\n Differences were found.\n >1\n Kubectl or diff failed with an error.",
            "kubectl diff -f FILENAME [options]",
            "    -f, --filename=[]:\n\tFilename, directory, or URL to files contains the configuration to diff\n\n    -k, --kustomize='':\n\tProcess the kustomization directory. This flag can't be used together with -f or -R.\n\n    -l, --selector='':\n\tSelector (label query) to filter on, supports '=', '==', '!=', 'in', 'notin'.(e.g. -l key1=value1,key2=value2,key3 in (value3)). Matching objects must satisfy all of the specified label constraints.\n\n    --show-managed-fields=false:\n\tIf true, include managed fields in the diff.",
        ),
        "attach" => (
            "Attach to a process that is already running inside an existing container. (kubeplay's console opens its terminal when the container runs a shell on an open stdin, as kubectl run -it and kubectl debug -it make; for any other process it prints kubectl's lines and says so.)",
            "kubectl attach (POD | TYPE/NAME) -c CONTAINER [options]",
            "    -c, --container='':\n\tContainer name. If omitted, use the kubectl.kubernetes.io/default-container annotation for selecting the container to be attached or the first container in the pod will be chosen\n\n    -q, --quiet=false:\n\tOnly print output from the remote session\n\n    -i, --stdin=false:\n\tPass stdin to the container\n\n    -t, --tty=false:\n\tStdin is a TTY",
        ),
        "debug" => (
            "Debug cluster resources using interactive debugging containers.\n\n 'debug' provides automation for common debugging tasks for cluster objects identified by resource and name. Pods will be used by default if no resource is specified.\n\n The action taken by 'debug' varies depending on what resource is specified. Supported actions include:\n\n  *  Workload: Create a copy of an existing pod with certain attributes changed, for example changing the image tag to a new version.\n  *  Workload: Add an ephemeral container to an already running pod, for example to add debugging utilities without restarting the pod.\n  *  Node: Create a new pod that runs in the node's host namespaces and can access the node's filesystem.",
            "kubectl debug (POD | TYPE[[.VERSION].GROUP]/NAME) [ -- COMMAND [args...] ] [options]",
            "    -c, --container='':\n\tContainer name to use for debug container.\n\n    --copy-to='':\n\tCreate a copy of the target Pod with this name.\n\n    --image='':\n\tContainer image to use for debug container.\n\n    --profile='legacy':\n\tOptions are \"legacy\", \"general\", \"baseline\", \"netadmin\", \"restricted\" or \"sysadmin\".\n\n    -i, --stdin=false:\n\tKeep stdin open on the container(s) in the pod, even if nothing is attached.\n\n    --target='':\n\tWhen using an ephemeral container, target processes in this container name.\n\n    -t, --tty=false:\n\tAllocate a TTY for the debugging container.",
        ),
        "explain" => (
            "Describe fields and structure of various resources.\n\n This command describes the fields associated with each supported API resource. Fields are identified via a simple JSONPath identifier:\n\n        <type>.<fieldName>[.<fieldName>]\n\n Information about each field is retrieved from the server in OpenAPI format. (kubeplay lists the fields from its own schema of Kubernetes v1.33 and carries the descriptions of the common kinds only.)",
            "kubectl explain TYPE [--recursive=FALSE|TRUE] [--api-version=api-version-group] [-o|--output=plaintext|plaintext-openapiv2] [options]",
            "    --api-version='':\n\tUse given api-version (group/version) of the resource.\n\n    --recursive=false:\n\tWhen true, print the name of all the fields recursively. Otherwise, print the available fields with their description.",
        ),
        "api-resources" => (
            "Print the supported API resources on the server.",
            "kubectl api-resources [flags] [options]",
            "    --api-group='':\n\tLimit to resources in the specified API group.\n\n    --namespaced=true:\n\tIf false, non-namespaced resources will be returned, otherwise returning namespaced resources by default.\n\n    --no-headers=false:\n\tWhen using the default or custom-column output format, don't print headers (default print headers).\n\n    -o, --output='':\n\tOutput format. One of: (wide, name).\n\n    --sort-by='':\n\tIf non-empty, sort list of resources using specified field. The field can be either 'name' or 'kind'.",
        ),
        "rollout" => (
            "Manage the rollout of one or many resources.\n\n Valid resource types include:\n\n  *  deployments\n  *  daemonsets\n  *  statefulsets",
            "kubectl rollout SUBCOMMAND [options]",
            "Available Commands:\n  history       View rollout history\n  pause         Mark the provided resource as paused\n  restart       Restart a resource\n  resume        Resume a paused resource\n  status        Show the status of the rollout\n  undo          Undo a previous rollout",
        ),
        "cordon" => (
            "Mark node as unschedulable.",
            "kubectl cordon NODE [options]",
            "    --dry-run='none':\n\tMust be \"none\", \"server\", or \"client\". If client strategy, only print the object that would be sent, without sending it. If server strategy, submit server-side request without persisting the resource.\n\n    -l, --selector='':\n\tSelector (label query) to filter on, supports '=', '==', '!=', 'in', 'notin'.(e.g. -l key1=value1,key2=value2,key3 in (value3)). Matching objects must satisfy all of the specified label constraints.",
        ),
        "uncordon" => (
            "Mark node as schedulable.",
            "kubectl uncordon NODE [options]",
            "    --dry-run='none':\n\tMust be \"none\", \"server\", or \"client\". If client strategy, only print the object that would be sent, without sending it. If server strategy, submit server-side request without persisting the resource.\n\n    -l, --selector='':\n\tSelector (label query) to filter on, supports '=', '==', '!=', 'in', 'notin'.(e.g. -l key1=value1,key2=value2,key3 in (value3)). Matching objects must satisfy all of the specified label constraints.",
        ),
        "drain" => (
            "Drain node in preparation for maintenance.\n\n The given node will be marked unschedulable to prevent new pods from arriving. 'drain' evicts the pods if the API server supports https://kubernetes.io/docs/concepts/workloads/pods/disruptions/ eviction . Otherwise, it will use normal DELETE to delete the pods. The 'drain' evicts or deletes all pods except mirror pods (which cannot be deleted through the API server).  If there are daemon set-managed pods, drain will not proceed without --ignore-daemonsets, and regardless it will not delete any daemon set-managed pods, because those pods would be immediately replaced by the daemon set controller, which ignores unschedulable markings.  If there are any pods that are neither mirror pods nor managed by a replication controller, replica set, daemon set, stateful set, or job, then drain will not delete any pods unless you use --force.  --force will also allow deletion to proceed if the managing resource of one or more pods is missing.\n\n 'drain' waits for graceful termination. You should not operate on the machine until the command completes.\n\n When you are ready to put the node back into service, use kubectl uncordon, which will make the node schedulable again.",
            "kubectl drain NODE [options]",
            "    --delete-emptydir-data=false:\n\tContinue even if there are pods using emptyDir (local data that will be deleted when the node is drained).\n\n    --force=false:\n\tContinue even if there are pods that do not declare a controller.\n\n    --grace-period=-1:\n\tPeriod of time in seconds given to each pod to terminate gracefully. If negative, the default value specified in the pod will be used.\n\n    --ignore-daemonsets=false:\n\tIgnore DaemonSet-managed pods.\n\n    --timeout=0s:\n\tThe length of time to wait before giving up, zero means infinite",
        ),
        "logs" => (
            "Print the logs for a container in a pod or specified resource. If the pod has only one container, the container name is optional.",
            "kubectl logs [-f] [-p] (POD | TYPE/NAME) [-c CONTAINER] [options]",
            "    --all-containers=false:\n\tGet all containers' logs in the pod(s).\n\n    -c, --container='':\n\tPrint the logs of this container\n\n    -f, --follow=false:\n\tSpecify if the logs should be streamed.\n\n    -p, --previous=false:\n\tIf true, print the logs for the previous instance of the container in a pod if it exists.\n\n    -l, --selector='':\n\tSelector (label query) to filter on, supports '=', '==', '!=', 'in', 'notin'.(e.g. -l key1=value1,key2=value2,key3 in (value3)). Matching objects must satisfy all of the specified label constraints.\n\n    --since=0s:\n\tOnly return logs newer than a relative duration like 5s, 2m, or 3h. Defaults to all logs. Only one of since-time / since may be used.\n\n    --tail=-1:\n\tLines of recent log file to display. Defaults to -1 with no selector, showing all log lines otherwise 10, if a selector is provided.\n\n    --timestamps=false:\n\tInclude timestamps on each line in the log output",
        ),
        "label" => (
            "Update the labels on a resource.\n\n  *  A label key and value must begin with a letter or number, and may contain letters, numbers, hyphens, dots, and underscores, up to 63 characters each.\n  *  Optionally, the key can begin with a DNS subdomain prefix and a single '/', like example.com/my-app.\n  *  If --overwrite is true, then existing labels can be overwritten, otherwise attempting to overwrite a label will result in an error.\n  *  If --resource-version is specified, then updates will use this resource version, otherwise the existing resource-version will be used.",
            "kubectl label [--overwrite] (-f FILENAME | TYPE NAME) KEY_1=VAL_1 ... KEY_N=VAL_N [--resource-version=version] [options]",
            "    --all=false:\n\tSelect all resources, in the namespace of the specified resource types\n\n    --list=false:\n\tIf true, display the labels for a given resource.\n\n    --overwrite=false:\n\tIf true, allow labels to be overwritten, otherwise reject label updates that overwrite existing labels.\n\n    -l, --selector='':\n\tSelector (label query) to filter on, supports '=', '==', '!=', 'in', 'notin'.(e.g. -l key1=value1,key2=value2,key3 in (value3)). Matching objects must satisfy all of the specified label constraints.",
        ),
        "auth" => (
            "Inspect authorization.",
            "kubectl auth [flags] [options]",
            "Available Commands:\n  can-i         Check whether an action is allowed\n  reconcile     Reconciles rules for RBAC role, role binding, cluster role, and cluster role binding objects\n  whoami        Experimental: Check self subject attributes",
        ),
        "kustomize" => (
            "Build a set of KRM resources using a 'kustomization.yaml' file. The DIR argument must be a path to a directory containing 'kustomization.yaml', or a git repository URL with a path suffix specifying same with respect to the repository root. If DIR is omitted, '.' is assumed.",
            "kubectl kustomize DIR [flags] [options]",
            "    -o, --output='':\n\tIf specified, write output to this path.",
        ),
        "config" => (
            "Modify kubeconfig files using subcommands like \"kubectl config set current-context my-context\".\n\n The loading order follows these rules:\n\n  1.  If the --kubeconfig flag is set, then only that file is loaded. The flag may only be set once and no merging takes place.\n  2.  If $KUBECONFIG environment variable is set, then it is used as a list of paths (normal path delimiting rules for your system). These paths are merged. When a value is modified, it is modified in the file that defines the stanza. When a value is created, it is created in the first file that exists. If no files in the chain exist, then it creates the last file in the list.\n  3.  Otherwise, ${HOME}/.kube/config is used and no merging takes place.",
            "kubectl config SUBCOMMAND [options]",
            "Available Commands:\n  current-context   Display the current-context\n  delete-cluster    Delete the specified cluster from the kubeconfig\n  delete-context    Delete the specified context from the kubeconfig\n  delete-user       Delete the specified user from the kubeconfig\n  get-clusters      Display clusters defined in the kubeconfig\n  get-contexts      Describe one or many contexts\n  get-users         Display users defined in the kubeconfig\n  rename-context    Rename a context from the kubeconfig file\n  set               Set an individual value in a kubeconfig file\n  set-cluster       Set a cluster entry in kubeconfig\n  set-context       Set a context entry in kubeconfig\n  set-credentials   Set a user entry in kubeconfig\n  unset             Unset an individual value in a kubeconfig file\n  use-context       Set the current-context in a kubeconfig file\n  view              Display merged kubeconfig settings or a specified file",
        ),
        "api-versions" => ("Print the supported API versions on the server, in the form of \"group/version\".", "kubectl api-versions [flags] [options]", ""),
        "version" => ("Print the client and server version information for the current context.", "kubectl version [flags] [options]", "    --client=false:\n\tIf true, shows client version only (no server required)."),
        _ => return root(),
    };
    let mut s = format!("{summary}\n\nUsage:\n  {usage}\n");
    if !options.is_empty() {
        s = format!("{summary}\n\nOptions:\n{options}\n\nUsage:\n  {usage}\n");
    }
    s.push_str("\nUse \"kubectl options\" for a list of global command-line options (applies to all commands).\n");
    s
}
