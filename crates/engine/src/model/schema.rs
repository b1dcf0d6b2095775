//! The fields Kubernetes v1.33 defines for the kinds kubeplay accepts. Decoding checks
//! every field against this table, so a typo (`replica:`) is refused with the API server's
//! strict-decoding error, while every real field is accepted even when the simulation
//! does not act on it. Subtrees marked `obj` (volume sources, pod affinity, …) are accepted
//! as any object: their inner fields are kept but not checked.

use std::collections::HashMap;
use std::sync::OnceLock;

#[derive(Clone, Debug, PartialEq)]
pub enum Ty {
    Str,
    I32,
    I64,
    Bool,
    Num,
    IntOrStr,
    Quantity,
    Time,
    /// Any object, contents unchecked.
    Obj,
    /// Anything at all.
    Any,
    /// `map[string]string`.
    StrMap,
    /// `map[string]resource.Quantity`.
    QtyMap,
    /// `map[string][]byte`: base64 strings on the wire.
    BytesMap,
    Seq(Box<Ty>),
    Struct(&'static str),
}

impl Ty {
    /// The Go type name kubectl's errors print (`int32`, `[]v1.Container`, `v1.PodSpec`).
    pub fn go_name(&self) -> String {
        match self {
            Ty::Str | Ty::Time => "string".into(),
            Ty::I32 => "int32".into(),
            Ty::I64 => "int64".into(),
            Ty::Bool => "bool".into(),
            Ty::Num => "float64".into(),
            Ty::IntOrStr => "intstr.IntOrString".into(),
            Ty::Quantity => "resource.Quantity".into(),
            Ty::Obj | Ty::Any => "interface {}".into(),
            Ty::StrMap => "map[string]string".into(),
            Ty::QtyMap => "v1.ResourceList".into(),
            Ty::BytesMap => "map[string][]uint8".into(),
            Ty::Seq(inner) => format!("[]{}", inner.go_name()),
            Ty::Struct(name) => format!("v1.{name}"),
        }
    }
}

const SCHEMA: &str = r#"
ObjectMeta: name:str generateName:str namespace:str selfLink:str uid:str resourceVersion:str generation:i64 creationTimestamp:time deletionTimestamp:time deletionGracePeriodSeconds:i64 labels:smap annotations:smap ownerReferences:[OwnerReference] finalizers:[str] managedFields:[obj]
OwnerReference: apiVersion:str kind:str name:str uid:str controller:bool blockOwnerDeletion:bool
LabelSelector: matchLabels:smap matchExpressions:[LabelSelectorRequirement]
LabelSelectorRequirement: key:str operator:str values:[str]
ListMeta: selfLink:str resourceVersion:str continue:str remainingItemCount:i64
List: apiVersion:str kind:str metadata:ListMeta items:[any]

Pod: apiVersion:str kind:str metadata:ObjectMeta spec:PodSpec status:obj
PodTemplateSpec: metadata:ObjectMeta spec:PodSpec
PodSpec: volumes:[Volume] initContainers:[Container] containers:[Container] ephemeralContainers:[EphemeralContainer] restartPolicy:str terminationGracePeriodSeconds:i64 activeDeadlineSeconds:i64 dnsPolicy:str nodeSelector:smap serviceAccountName:str serviceAccount:str automountServiceAccountToken:bool nodeName:str hostNetwork:bool hostPID:bool hostIPC:bool shareProcessNamespace:bool securityContext:PodSecurityContext imagePullSecrets:[LocalObjectReference] hostname:str subdomain:str affinity:Affinity schedulerName:str tolerations:[Toleration] hostAliases:[HostAlias] priorityClassName:str priority:int dnsConfig:PodDNSConfig readinessGates:[PodReadinessGate] runtimeClassName:str enableServiceLinks:bool preemptionPolicy:str overhead:qmap topologySpreadConstraints:[TopologySpreadConstraint] setHostnameAsFQDN:bool os:PodOS hostUsers:bool schedulingGates:[PodSchedulingGate] resourceClaims:[obj] resources:ResourceRequirements
Container: name:str image:str command:[str] args:[str] workingDir:str ports:[ContainerPort] envFrom:[EnvFromSource] env:[EnvVar] resources:ResourceRequirements resizePolicy:[ContainerResizePolicy] restartPolicy:str volumeMounts:[VolumeMount] volumeDevices:[VolumeDevice] livenessProbe:Probe readinessProbe:Probe startupProbe:Probe lifecycle:Lifecycle terminationMessagePath:str terminationMessagePolicy:str imagePullPolicy:str securityContext:SecurityContext stdin:bool stdinOnce:bool tty:bool
EphemeralContainer: name:str image:str command:[str] args:[str] workingDir:str ports:[ContainerPort] envFrom:[EnvFromSource] env:[EnvVar] resources:ResourceRequirements resizePolicy:[ContainerResizePolicy] restartPolicy:str volumeMounts:[VolumeMount] volumeDevices:[VolumeDevice] livenessProbe:Probe readinessProbe:Probe startupProbe:Probe lifecycle:Lifecycle terminationMessagePath:str terminationMessagePolicy:str imagePullPolicy:str securityContext:SecurityContext stdin:bool stdinOnce:bool tty:bool targetContainerName:str
ContainerPort: name:str hostPort:int containerPort:int protocol:str hostIP:str
EnvVar: name:str value:str valueFrom:EnvVarSource
EnvVarSource: fieldRef:obj resourceFieldRef:obj configMapKeyRef:obj secretKeyRef:obj
EnvFromSource: prefix:str configMapRef:obj secretRef:obj
ResourceRequirements: limits:qmap requests:qmap claims:[obj]
ContainerResizePolicy: resourceName:str restartPolicy:str
VolumeMount: name:str readOnly:bool recursiveReadOnly:str mountPath:str subPath:str mountPropagation:str subPathExpr:str
VolumeDevice: name:str devicePath:str
Probe: exec:ExecAction httpGet:HTTPGetAction tcpSocket:TCPSocketAction grpc:obj initialDelaySeconds:int timeoutSeconds:int periodSeconds:int successThreshold:int failureThreshold:int terminationGracePeriodSeconds:i64
ExecAction: command:[str]
HTTPGetAction: path:str port:ios host:str scheme:str httpHeaders:[obj]
TCPSocketAction: port:ios host:str
Lifecycle: postStart:LifecycleHandler preStop:LifecycleHandler stopSignal:str
LifecycleHandler: exec:ExecAction httpGet:HTTPGetAction tcpSocket:TCPSocketAction sleep:obj
SecurityContext: capabilities:obj privileged:bool seLinuxOptions:obj windowsOptions:obj runAsUser:i64 runAsGroup:i64 runAsNonRoot:bool readOnlyRootFilesystem:bool allowPrivilegeEscalation:bool procMount:str seccompProfile:obj appArmorProfile:obj
PodSecurityContext: seLinuxOptions:obj windowsOptions:obj runAsUser:i64 runAsGroup:i64 runAsNonRoot:bool supplementalGroups:[i64] supplementalGroupsPolicy:str fsGroup:i64 sysctls:[obj] fsGroupChangePolicy:str seccompProfile:obj appArmorProfile:obj seLinuxChangePolicy:str
LocalObjectReference: name:str
Volume: name:str hostPath:obj emptyDir:obj gcePersistentDisk:obj awsElasticBlockStore:obj gitRepo:obj secret:obj nfs:obj iscsi:obj glusterfs:obj persistentVolumeClaim:obj rbd:obj flexVolume:obj cinder:obj cephfs:obj flocker:obj downwardAPI:obj fc:obj azureFile:obj configMap:obj vsphereVolume:obj quobyte:obj azureDisk:obj photonPersistentDisk:obj projected:obj portworxVolume:obj scaleIO:obj storageos:obj csi:obj ephemeral:obj image:obj
Toleration: key:str operator:str value:str effect:str tolerationSeconds:i64
Affinity: nodeAffinity:NodeAffinity podAffinity:obj podAntiAffinity:obj
NodeAffinity: requiredDuringSchedulingIgnoredDuringExecution:NodeSelector preferredDuringSchedulingIgnoredDuringExecution:[PreferredSchedulingTerm]
NodeSelector: nodeSelectorTerms:[NodeSelectorTerm]
NodeSelectorTerm: matchExpressions:[NodeSelectorRequirement] matchFields:[NodeSelectorRequirement]
NodeSelectorRequirement: key:str operator:str values:[str]
PreferredSchedulingTerm: weight:int preference:NodeSelectorTerm
HostAlias: ip:str hostnames:[str]
PodDNSConfig: nameservers:[str] searches:[str] options:[obj]
PodReadinessGate: conditionType:str
TopologySpreadConstraint: maxSkew:int topologyKey:str whenUnsatisfiable:str labelSelector:LabelSelector minDomains:int nodeAffinityPolicy:str nodeTaintsPolicy:str matchLabelKeys:[str]
PodOS: name:str
PodSchedulingGate: name:str

Deployment: apiVersion:str kind:str metadata:ObjectMeta spec:DeploymentSpec status:obj
DeploymentSpec: replicas:int selector:LabelSelector template:PodTemplateSpec strategy:DeploymentStrategy minReadySeconds:int revisionHistoryLimit:int paused:bool progressDeadlineSeconds:int
DeploymentStrategy: type:str rollingUpdate:RollingUpdateDeployment
RollingUpdateDeployment: maxUnavailable:ios maxSurge:ios
ReplicaSet: apiVersion:str kind:str metadata:ObjectMeta spec:ReplicaSetSpec status:obj
ReplicaSetSpec: replicas:int minReadySeconds:int selector:LabelSelector template:PodTemplateSpec
ReplicationController: apiVersion:str kind:str metadata:ObjectMeta spec:ReplicationControllerSpec status:obj
ReplicationControllerSpec: replicas:int minReadySeconds:int selector:smap template:PodTemplateSpec
DaemonSet: apiVersion:str kind:str metadata:ObjectMeta spec:DaemonSetSpec status:obj
DaemonSetSpec: selector:LabelSelector template:PodTemplateSpec updateStrategy:DaemonSetUpdateStrategy minReadySeconds:int revisionHistoryLimit:int
DaemonSetUpdateStrategy: type:str rollingUpdate:RollingUpdateDaemonSet
RollingUpdateDaemonSet: maxUnavailable:ios maxSurge:ios
StatefulSet: apiVersion:str kind:str metadata:ObjectMeta spec:StatefulSetSpec status:obj
StatefulSetSpec: replicas:int selector:LabelSelector template:PodTemplateSpec volumeClaimTemplates:[PersistentVolumeClaim] serviceName:str podManagementPolicy:str updateStrategy:StatefulSetUpdateStrategy revisionHistoryLimit:int minReadySeconds:int persistentVolumeClaimRetentionPolicy:StatefulSetPersistentVolumeClaimRetentionPolicy ordinals:StatefulSetOrdinals
StatefulSetUpdateStrategy: type:str rollingUpdate:RollingUpdateStatefulSetStrategy
RollingUpdateStatefulSetStrategy: partition:int maxUnavailable:ios
StatefulSetPersistentVolumeClaimRetentionPolicy: whenDeleted:str whenScaled:str
StatefulSetOrdinals: start:int
ControllerRevision: apiVersion:str kind:str metadata:ObjectMeta data:any revision:i64

Job: apiVersion:str kind:str metadata:ObjectMeta spec:JobSpec status:obj
JobSpec: parallelism:int completions:int activeDeadlineSeconds:i64 podFailurePolicy:obj successPolicy:obj backoffLimit:int backoffLimitPerIndex:int maxFailedIndexes:int selector:LabelSelector manualSelector:bool template:PodTemplateSpec ttlSecondsAfterFinished:int completionMode:str suspend:bool podReplacementPolicy:str managedBy:str
CronJob: apiVersion:str kind:str metadata:ObjectMeta spec:CronJobSpec status:obj
CronJobSpec: schedule:str timeZone:str startingDeadlineSeconds:i64 concurrencyPolicy:str suspend:bool jobTemplate:JobTemplateSpec successfulJobsHistoryLimit:int failedJobsHistoryLimit:int
JobTemplateSpec: metadata:ObjectMeta spec:JobSpec

PodDisruptionBudget: apiVersion:str kind:str metadata:ObjectMeta spec:PodDisruptionBudgetSpec status:obj
PodDisruptionBudgetSpec: minAvailable:ios selector:LabelSelector maxUnavailable:ios unhealthyPodEvictionPolicy:str

Service: apiVersion:str kind:str metadata:ObjectMeta spec:ServiceSpec status:obj
ServiceSpec: ports:[ServicePort] selector:smap clusterIP:str clusterIPs:[str] type:str externalIPs:[str] sessionAffinity:str loadBalancerIP:str loadBalancerSourceRanges:[str] externalName:str externalTrafficPolicy:str healthCheckNodePort:int publishNotReadyAddresses:bool sessionAffinityConfig:SessionAffinityConfig ipFamilies:[str] ipFamilyPolicy:str allocateLoadBalancerNodePorts:bool loadBalancerClass:str internalTrafficPolicy:str trafficDistribution:str
ServicePort: name:str protocol:str appProtocol:str port:int targetPort:ios nodePort:int
SessionAffinityConfig: clientIP:ClientIPConfig
ClientIPConfig: timeoutSeconds:int

Node: apiVersion:str kind:str metadata:ObjectMeta spec:NodeSpec status:NodeStatus
NodeSpec: podCIDR:str podCIDRs:[str] providerID:str unschedulable:bool taints:[Taint] configSource:obj externalID:str
Taint: key:str value:str effect:str timeAdded:time
NodeStatus: capacity:qmap allocatable:qmap phase:str conditions:[obj] addresses:[obj] daemonEndpoints:obj nodeInfo:obj images:[obj] volumesInUse:[str] volumesAttached:[obj] config:obj runtimeHandlers:[obj] features:obj

Endpoints: apiVersion:str kind:str metadata:ObjectMeta subsets:[EndpointSubset]
EndpointSubset: addresses:[EndpointAddress] notReadyAddresses:[EndpointAddress] ports:[EndpointPort]
EndpointAddress: ip:str hostname:str nodeName:str targetRef:ObjectReference
EndpointPort: name:str port:int protocol:str appProtocol:str
ObjectReference: kind:str namespace:str name:str uid:str apiVersion:str resourceVersion:str fieldPath:str
EndpointSlice: apiVersion:str kind:str metadata:ObjectMeta addressType:str endpoints:[Endpoint] ports:[EndpointPort]
Endpoint: addresses:[str] conditions:EndpointConditions hostname:str targetRef:ObjectReference nodeName:str zone:str hints:obj deprecatedTopology:smap

Namespace: apiVersion:str kind:str metadata:ObjectMeta spec:NamespaceSpec status:obj
NamespaceSpec: finalizers:[str]

HorizontalPodAutoscaler: apiVersion:str kind:str metadata:ObjectMeta spec:HorizontalPodAutoscalerSpec status:obj
HorizontalPodAutoscalerSpec: scaleTargetRef:CrossVersionObjectReference minReplicas:int maxReplicas:int metrics:[MetricSpec] behavior:HorizontalPodAutoscalerBehavior
CrossVersionObjectReference: kind:str name:str apiVersion:str
HorizontalPodAutoscalerV1: apiVersion:str kind:str metadata:ObjectMeta spec:HorizontalPodAutoscalerSpecV1 status:obj
HorizontalPodAutoscalerSpecV1: scaleTargetRef:CrossVersionObjectReference minReplicas:int maxReplicas:int targetCPUUtilizationPercentage:int
MetricSpec: type:str object:obj pods:obj resource:ResourceMetricSource containerResource:obj external:obj
ResourceMetricSource: name:str target:MetricTarget
MetricTarget: type:str value:qty averageValue:qty averageUtilization:int
HorizontalPodAutoscalerBehavior: scaleUp:HPAScalingRules scaleDown:HPAScalingRules
HPAScalingRules: stabilizationWindowSeconds:int selectPolicy:str policies:[HPAScalingPolicy] tolerance:qty
HPAScalingPolicy: type:str value:int periodSeconds:int
EndpointConditions: ready:bool serving:bool terminating:bool

ConfigMap: apiVersion:str kind:str metadata:ObjectMeta data:smap binaryData:bmap immutable:bool
Secret: apiVersion:str kind:str metadata:ObjectMeta data:bmap stringData:smap type:str immutable:bool

PersistentVolumeClaim: apiVersion:str kind:str metadata:ObjectMeta spec:PersistentVolumeClaimSpec status:obj
PersistentVolumeClaimSpec: accessModes:[str] selector:LabelSelector resources:VolumeResourceRequirements volumeName:str storageClassName:str volumeMode:str dataSource:obj dataSourceRef:obj volumeAttributesClassName:str
VolumeResourceRequirements: limits:qmap requests:qmap
PersistentVolume: apiVersion:str kind:str metadata:ObjectMeta spec:PersistentVolumeSpec status:obj
PersistentVolumeSpec: capacity:qmap accessModes:[str] claimRef:ObjectReference persistentVolumeReclaimPolicy:str storageClassName:str mountOptions:[str] volumeMode:str nodeAffinity:VolumeNodeAffinity volumeAttributesClassName:str gcePersistentDisk:obj awsElasticBlockStore:obj hostPath:obj glusterfs:obj nfs:obj rbd:obj iscsi:obj cinder:obj cephfs:obj fc:obj flocker:obj flexVolume:obj azureFile:obj vsphereVolume:obj quobyte:obj azureDisk:obj photonPersistentDisk:obj portworxVolume:obj scaleIO:obj local:obj storageos:obj csi:obj
VolumeNodeAffinity: required:NodeSelector
StorageClass: apiVersion:str kind:str metadata:ObjectMeta provisioner:str parameters:smap reclaimPolicy:str mountOptions:[str] allowVolumeExpansion:bool volumeBindingMode:str allowedTopologies:[obj]

ServiceAccount: apiVersion:str kind:str metadata:ObjectMeta secrets:[ObjectReference] imagePullSecrets:[LocalObjectReference] automountServiceAccountToken:bool
LimitRange: apiVersion:str kind:str metadata:ObjectMeta spec:LimitRangeSpec
LimitRangeSpec: limits:[LimitRangeItem]
LimitRangeItem: type:str max:qmap min:qmap default:qmap defaultRequest:qmap maxLimitRequestRatio:qmap
ResourceQuota: apiVersion:str kind:str metadata:ObjectMeta spec:ResourceQuotaSpec status:obj
ResourceQuotaSpec: hard:qmap scopes:[str] scopeSelector:obj
PodTemplate: apiVersion:str kind:str metadata:ObjectMeta template:PodTemplateSpec
MutatingWebhookConfiguration: apiVersion:str kind:str metadata:ObjectMeta webhooks:[MutatingWebhook]
MutatingWebhook: name:str clientConfig:obj rules:[obj] failurePolicy:str matchPolicy:str namespaceSelector:LabelSelector objectSelector:LabelSelector sideEffects:str timeoutSeconds:int admissionReviewVersions:[str] reinvocationPolicy:str matchConditions:[obj]
ValidatingWebhookConfiguration: apiVersion:str kind:str metadata:ObjectMeta webhooks:[ValidatingWebhook]
ValidatingWebhook: name:str clientConfig:obj rules:[obj] failurePolicy:str matchPolicy:str namespaceSelector:LabelSelector objectSelector:LabelSelector sideEffects:str timeoutSeconds:int admissionReviewVersions:[str] matchConditions:[obj]
ValidatingAdmissionPolicy: apiVersion:str kind:str metadata:ObjectMeta spec:ValidatingAdmissionPolicySpec status:obj
ValidatingAdmissionPolicySpec: paramKind:obj matchConstraints:obj validations:[Validation] failurePolicy:str auditAnnotations:[obj] matchConditions:[obj] variables:[obj]
Validation: expression:str message:str reason:str messageExpression:str
ValidatingAdmissionPolicyBinding: apiVersion:str kind:str metadata:ObjectMeta spec:ValidatingAdmissionPolicyBindingSpec
ValidatingAdmissionPolicyBindingSpec: policyName:str paramRef:obj matchResources:obj validationActions:[str]
CustomResourceDefinition: apiVersion:str kind:str metadata:ObjectMeta spec:CustomResourceDefinitionSpec status:obj
CustomResourceDefinitionSpec: group:str names:CustomResourceDefinitionNames scope:str versions:[obj] conversion:obj preserveUnknownFields:bool
CustomResourceDefinitionNames: plural:str singular:str shortNames:[str] kind:str listKind:str categories:[str]
APIService: apiVersion:str kind:str metadata:ObjectMeta spec:APIServiceSpec status:obj
APIServiceSpec: service:ServiceReference group:str version:str insecureSkipTLSVerify:bool caBundle:str groupPriorityMinimum:int versionPriority:int
ServiceReference: namespace:str name:str port:int
ControllerRevision: apiVersion:str kind:str metadata:ObjectMeta data:any revision:i64
CertificateSigningRequest: apiVersion:str kind:str metadata:ObjectMeta spec:CertificateSigningRequestSpec status:obj
CertificateSigningRequestSpec: request:str signerName:str expirationSeconds:int usages:[str] username:str uid:str groups:[str] extra:obj
Lease: apiVersion:str kind:str metadata:ObjectMeta spec:LeaseSpec
LeaseSpec: holderIdentity:str leaseDurationSeconds:int acquireTime:time renewTime:time leaseTransitions:int strategy:str preferredHolder:str
FlowSchema: apiVersion:str kind:str metadata:ObjectMeta spec:FlowSchemaSpec status:obj
FlowSchemaSpec: priorityLevelConfiguration:obj matchingPrecedence:int distinguisherMethod:obj rules:[obj]
PriorityLevelConfiguration: apiVersion:str kind:str metadata:ObjectMeta spec:PriorityLevelConfigurationSpec status:obj
PriorityLevelConfigurationSpec: type:str limited:LimitedPriorityLevelConfiguration exempt:obj
LimitedPriorityLevelConfiguration: nominalConcurrencyShares:int limitResponse:obj lendablePercent:int borrowingLimitPercent:int
IngressClass: apiVersion:str kind:str metadata:ObjectMeta spec:IngressClassSpec
IngressClassSpec: controller:str parameters:obj
Ingress: apiVersion:str kind:str metadata:ObjectMeta spec:IngressSpec status:obj
IngressSpec: ingressClassName:str defaultBackend:obj tls:[IngressTLS] rules:[IngressRule]
IngressTLS: hosts:[str] secretName:str
IngressRule: host:str http:obj
IPAddress: apiVersion:str kind:str metadata:ObjectMeta spec:IPAddressSpec
IPAddressSpec: parentRef:ParentReference
ParentReference: group:str resource:str namespace:str name:str
NetworkPolicy: apiVersion:str kind:str metadata:ObjectMeta spec:NetworkPolicySpec
NetworkPolicySpec: podSelector:LabelSelector ingress:[obj] egress:[obj] policyTypes:[str]
ServiceCIDR: apiVersion:str kind:str metadata:ObjectMeta spec:ServiceCIDRSpec status:obj
ServiceCIDRSpec: cidrs:[str]
RuntimeClass: apiVersion:str kind:str metadata:ObjectMeta handler:str overhead:obj scheduling:obj
ClusterRoleBinding: apiVersion:str kind:str metadata:ObjectMeta subjects:[Subject] roleRef:RoleRef
RoleBinding: apiVersion:str kind:str metadata:ObjectMeta subjects:[Subject] roleRef:RoleRef
Subject: kind:str apiGroup:str name:str namespace:str
RoleRef: apiGroup:str kind:str name:str
ClusterRole: apiVersion:str kind:str metadata:ObjectMeta rules:[PolicyRule] aggregationRule:obj
Role: apiVersion:str kind:str metadata:ObjectMeta rules:[PolicyRule]
PolicyRule: verbs:[str] apiGroups:[str] resources:[str] resourceNames:[str] nonResourceURLs:[str]
PriorityClass: apiVersion:str kind:str metadata:ObjectMeta value:int globalDefault:bool description:str preemptionPolicy:str
CSIDriver: apiVersion:str kind:str metadata:ObjectMeta spec:CSIDriverSpec
CSIDriverSpec: attachRequired:bool podInfoOnMount:bool volumeLifecycleModes:[str] storageCapacity:bool fsGroupPolicy:str tokenRequests:[obj] requiresRepublish:bool seLinuxMount:bool nodeAllocatableUpdatePeriodSeconds:i64
CSINode: apiVersion:str kind:str metadata:ObjectMeta spec:CSINodeSpec
CSINodeSpec: drivers:[CSINodeDriver]
CSINodeDriver: name:str nodeID:str topologyKeys:[str] allocatable:obj
CSIStorageCapacity: apiVersion:str kind:str metadata:ObjectMeta nodeTopology:LabelSelector storageClassName:str capacity:qty maximumVolumeSize:qty
VolumeAttachment: apiVersion:str kind:str metadata:ObjectMeta spec:VolumeAttachmentSpec status:obj
VolumeAttachmentSpec: attacher:str source:obj nodeName:str
"#;

pub type Fields = Vec<(&'static str, Ty)>;

fn parse_ty(word: &'static str) -> Ty {
    if let Some(inner) = word.strip_prefix('[').and_then(|w| w.strip_suffix(']')) {
        return Ty::Seq(Box::new(parse_ty(inner)));
    }
    match word {
        "str" => Ty::Str,
        "int" => Ty::I32,
        "i64" => Ty::I64,
        "bool" => Ty::Bool,
        "num" => Ty::Num,
        "ios" => Ty::IntOrStr,
        "qty" => Ty::Quantity,
        "time" => Ty::Time,
        "obj" => Ty::Obj,
        "any" => Ty::Any,
        "smap" => Ty::StrMap,
        "qmap" => Ty::QtyMap,
        "bmap" => Ty::BytesMap,
        name => Ty::Struct(name),
    }
}

fn table() -> &'static HashMap<&'static str, Fields> {
    static TABLE: OnceLock<HashMap<&'static str, Fields>> = OnceLock::new();
    TABLE.get_or_init(|| {
        let mut map = HashMap::new();
        for line in SCHEMA.lines().map(str::trim).filter(|l| !l.is_empty()) {
            let (name, rest) = line.split_once(':').expect("schema line has a type name");
            let fields = rest
                .split_whitespace()
                .map(|f| {
                    let (field, ty) = f.split_once(':').expect("schema field has a type");
                    (field, parse_ty(ty))
                })
                .collect();
            map.insert(name, fields);
        }
        map
    })
}

/// The fields of a struct type, if the schema knows it.
pub fn fields(type_name: &str) -> Option<&'static Fields> {
    table().get(type_name)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check(ty: &Ty, seen: &mut Vec<&'static str>) {
        match ty {
            Ty::Seq(inner) => check(inner, seen),
            Ty::Struct(name) => {
                assert!(fields(name).is_some(), "schema names unknown type {name}");
                if !seen.contains(name) {
                    seen.push(name);
                    for (_, t) in fields(name).unwrap() {
                        check(t, seen);
                    }
                }
            }
            _ => {}
        }
    }

    #[test]
    fn every_named_type_is_defined() {
        let mut seen = Vec::new();
        for kind in crate::model::kinds::KINDS.iter().map(|k| k.name).filter(|n| *n != "Event").chain(["List"]) {
            check(&Ty::Struct(kind), &mut seen);
        }
        assert!(seen.len() > 40);
    }

    #[test]
    fn go_names_read_like_kubernetes_errors() {
        assert_eq!(Ty::Seq(Box::new(Ty::Struct("Container"))).go_name(), "[]v1.Container");
        assert_eq!(Ty::I32.go_name(), "int32");
    }
}
