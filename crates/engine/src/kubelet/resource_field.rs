//! `resourceFieldRef`: a container's request or limit as the kubelet hands it to the
//! container, in the environment or a downward API file. The kubelet first fills an unset
//! limit with the node's allocatable (`defaultPodLimitsForDownwardAPI`), then divides by
//! the divisor and rounds up (`ExtractContainerResourceValue`), so a container without a
//! CPU limit on a 4-core node reads `limits.cpu` as 4.

use crate::model::node::Node;
use crate::model::pod::Container;
use crate::quantity;

/// The value, or `None` for a resource kubeplay does not track (ephemeral storage, huge
/// pages).
pub fn value(node: Option<&Node>, ct: &Container, resource: &str, divisor: &str) -> Option<String> {
    let divisor = divisor.trim();
    let unit = |is_cpu: bool| -> i64 {
        let parsed = if is_cpu { quantity::cpu_millis(divisor) } else { quantity::bytes(divisor) };
        match parsed {
            Some(d) if d > 0 => d,
            // An unset (or zero) divisor is 1: a core, or a byte.
            _ => {
                if is_cpu {
                    1000
                } else {
                    1
                }
            }
        }
    };
    let (amount, is_cpu) = match resource {
        "limits.cpu" => (ct.cpu_limit_m.or(node.map(|n| n.cpu_m)).unwrap_or(0), true),
        "limits.memory" => (ct.mem_limit.or(node.map(|n| n.memory)).unwrap_or(0), false),
        "requests.cpu" => (ct.cpu_request_m.unwrap_or(0), true),
        "requests.memory" => (ct.mem_request.unwrap_or(0), false),
        _ => return None,
    };
    let d = unit(is_cpu);
    Some(((amount + d - 1).div_euclid(d)).to_string())
}
