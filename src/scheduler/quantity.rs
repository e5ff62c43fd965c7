//! Resource quantities and pod requests as the scheduler sees them.
//!
//! Quantities are [`crate::quantity`]'s (`Value`, `MilliValue`: both round up); this adds
//! `k8s.io/component-helpers/resource` (`PodRequests`), plus the
//! scheduler's non-zero defaults (`pkg/scheduler/util/pod_resources.go`).

use k8s_openapi::api::core::v1::{Container, Pod};
use k8s_openapi::apimachinery::pkg::api::resource::Quantity;
use std::collections::BTreeMap;

use crate::quantity::ParsedQuantity;

/// CPU counted for scoring when a container sets no CPU request (`DefaultMilliCPURequest`).
pub const DEFAULT_MILLI_CPU_REQUEST: i64 = 100;
/// Memory counted for scoring when a container sets no memory request (`DefaultMemoryRequest`).
pub const DEFAULT_MEMORY_REQUEST: i64 = 200 * 1024 * 1024;

/// `Quantity.Value()`: whole units, rounded up; 0 for an unparsable quantity.
pub fn value(q: &Quantity) -> i64 {
    ParsedQuantity::parse(&q.0).map_or(0, |p| p.value())
}

/// `Quantity.MilliValue()`: thousandths, rounded up; 0 for an unparsable quantity.
pub fn milli_value(q: &Quantity) -> i64 {
    ParsedQuantity::parse(&q.0).map_or(0, |p| p.milli_value())
}

/// Resource amounts in scheduler units: CPU in millicores, everything else in whole units.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Resources {
    /// CPU in millicores.
    pub milli_cpu: i64,
    /// Memory in bytes.
    pub memory: i64,
    /// Ephemeral storage in bytes.
    pub ephemeral_storage: i64,
    /// Extended / hugepages resources by name (`nvidia.com/gpu`, …).
    pub scalar: BTreeMap<String, i64>,
}

impl Resources {
    /// Read a resource list (requests or node allocatable); `pods` is ignored here.
    pub fn from_list(list: Option<&BTreeMap<String, Quantity>>) -> Resources {
        let mut r = Resources::default();
        if let Some(list) = list {
            for (name, q) in list {
                r.set(name, q);
            }
        }
        r
    }

    fn set(&mut self, name: &str, q: &Quantity) {
        match name {
            "cpu" => self.milli_cpu = milli_value(q),
            "memory" => self.memory = value(q),
            "ephemeral-storage" => self.ephemeral_storage = value(q),
            "pods" => {}
            other => {
                if is_scalar_resource_name(other) {
                    self.scalar.insert(other.to_string(), value(q));
                }
            }
        }
    }

    fn add(&mut self, o: &Resources) {
        self.milli_cpu = self.milli_cpu.saturating_add(o.milli_cpu);
        self.memory = self.memory.saturating_add(o.memory);
        self.ephemeral_storage = self.ephemeral_storage.saturating_add(o.ephemeral_storage);
        for (k, v) in &o.scalar {
            let e = self.scalar.entry(k.clone()).or_insert(0);
            *e = e.saturating_add(*v);
        }
    }

    fn max_with(&mut self, o: &Resources) {
        self.milli_cpu = self.milli_cpu.max(o.milli_cpu);
        self.memory = self.memory.max(o.memory);
        self.ephemeral_storage = self.ephemeral_storage.max(o.ephemeral_storage);
        for (k, v) in &o.scalar {
            let e = self.scalar.entry(k.clone()).or_insert(0);
            *e = (*e).max(*v);
        }
    }

    /// True when nothing is requested.
    pub fn is_zero(&self) -> bool {
        self.milli_cpu == 0
            && self.memory == 0
            && self.ephemeral_storage == 0
            && self.scalar.values().all(|v| *v == 0)
    }
}

/// `schedutil.IsScalarResourceName`: extended resources (a domain-qualified name outside
/// `kubernetes.io/`), `hugepages-*` and `attachable-volumes-*`.
pub fn is_scalar_resource_name(name: &str) -> bool {
    if name.starts_with("hugepages-") || name.starts_with("attachable-volumes-") {
        return true;
    }
    match name.split_once('/') {
        Some((domain, _)) => {
            domain.contains('.')
                && domain != "kubernetes.io"
                && !domain.ends_with(".kubernetes.io")
                && !domain.starts_with("requests.")
        }
        None => false,
    }
}

fn container_requests(c: &Container, non_missing: bool) -> Resources {
    let list = c.resources.as_ref().and_then(|r| r.requests.as_ref());
    let mut r = Resources::from_list(list);
    if non_missing {
        let has = |k: &str| list.is_some_and(|l| l.contains_key(k));
        if !has("cpu") {
            r.milli_cpu = DEFAULT_MILLI_CPU_REQUEST;
        }
        if !has("memory") {
            r.memory = DEFAULT_MEMORY_REQUEST;
        }
    }
    r
}

/// `resourcehelper.PodRequests`: max(Σ containers + sidecars, max over init containers of
/// (init + sidecars started before it)) + overhead. With `non_missing`, containers without a
/// cpu / memory request count 100m / 200Mi (`NonMissingContainerRequests`, scoring only).
pub fn pod_requests(pod: &Pod, non_missing: bool) -> Resources {
    let Some(spec) = pod.spec.as_ref() else {
        return Resources::default();
    };
    let mut reqs = Resources::default();
    for c in &spec.containers {
        reqs.add(&container_requests(c, non_missing));
    }
    let mut restartable = Resources::default();
    let mut init_max = Resources::default();
    for c in spec.init_containers.iter().flatten() {
        let cr = container_requests(c, non_missing);
        if c.restart_policy.as_deref() == Some("Always") {
            // Sidecar: runs for the pod's whole life.
            reqs.add(&cr);
            restartable.add(&cr);
            let tmp = restartable.clone();
            init_max.max_with(&tmp);
        } else {
            let mut tmp = cr;
            tmp.add(&restartable);
            init_max.max_with(&tmp);
        }
    }
    reqs.max_with(&init_max);
    if let Some(oh) = spec.overhead.as_ref() {
        reqs.add(&Resources::from_list(Some(oh)));
    }
    reqs
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quantities_parse_like_apimachinery() {
        let table: &[(&str, i64, i64)] = &[
            // (text, Value(), MilliValue())
            ("100m", 1, 100),
            ("1", 1, 1000),
            ("0.5", 1, 500),
            ("1.5", 2, 1500),
            ("2", 2, 2000),
            ("128Mi", 134_217_728, 134_217_728_000),
            ("1Gi", 1_073_741_824, 1_073_741_824_000),
            ("1k", 1000, 1_000_000),
            ("500M", 500_000_000, 500_000_000_000),
            ("1e3", 1000, 1_000_000),
            ("1.5Gi", 1_610_612_736, 1_610_612_736_000),
            ("1n", 1, 1),
            ("0", 0, 0),
            ("250m", 1, 250),
        ];
        for (s, v, m) in table {
            let q = Quantity(s.to_string());
            assert_eq!(value(&q), *v, "Value of {}", s);
            assert_eq!(milli_value(&q), *m, "MilliValue of {}", s);
        }
        assert_eq!(value(&Quantity("abc".into())), 0);
        assert_eq!(value(&Quantity("1Xi".into())), 0);
    }

    #[test]
    fn scalar_resource_names_follow_the_helper() {
        assert!(is_scalar_resource_name("nvidia.com/gpu"));
        assert!(is_scalar_resource_name("hugepages-2Mi"));
        assert!(!is_scalar_resource_name("cpu"));
        assert!(!is_scalar_resource_name("kubernetes.io/foo"));
    }
}
