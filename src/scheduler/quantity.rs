//! Resource quantities and pod requests as the scheduler sees them.
//!
//! Mirrors `k8s.io/apimachinery/pkg/api/resource` (`ParseQuantity`, `Value`, `MilliValue`:
//! both round up) and `k8s.io/component-helpers/resource` (`PodRequests`), plus the
//! scheduler's non-zero defaults (`pkg/scheduler/util/pod_resources.go`).

use k8s_openapi::api::core::v1::{Container, Pod};
use k8s_openapi::apimachinery::pkg::api::resource::Quantity;
use std::collections::BTreeMap;

/// CPU counted for scoring when a container sets no CPU request (`DefaultMilliCPURequest`).
pub const DEFAULT_MILLI_CPU_REQUEST: i64 = 100;
/// Memory counted for scoring when a container sets no memory request (`DefaultMemoryRequest`).
pub const DEFAULT_MEMORY_REQUEST: i64 = 200 * 1024 * 1024;

/// Parse a quantity string and return `ceil(q * scale)`; `None` if it is not a valid quantity.
/// `scale` is 1 for `Value()` and 1000 for `MilliValue()`. Saturates at the i64 range.
pub fn parse_scaled(s: &str, scale: i64) -> Option<i64> {
    let s = s.trim();
    let bytes = s.as_bytes();
    let mut i = 0;
    let mut neg = false;
    if i < bytes.len() && (bytes[i] == b'+' || bytes[i] == b'-') {
        neg = bytes[i] == b'-';
        i += 1;
    }
    let mut mantissa: u128 = 0;
    let mut frac_digits: i32 = 0;
    let mut seen_digit = false;
    let mut seen_dot = false;
    let mut overflow_digits: i32 = 0;
    while i < bytes.len() {
        let c = bytes[i];
        if c.is_ascii_digit() {
            seen_digit = true;
            if mantissa < 10u128.pow(30) {
                mantissa = mantissa * 10 + (c - b'0') as u128;
                if seen_dot {
                    frac_digits += 1;
                }
            } else if !seen_dot {
                overflow_digits += 1;
            }
        } else if c == b'.' && !seen_dot {
            seen_dot = true;
        } else {
            break;
        }
        i += 1;
    }
    if !seen_digit {
        return None;
    }
    let suffix = &s[i..];
    // value = mantissa * 2^bin * 10^(dec + overflow_digits - frac_digits)
    let (bin, dec): (u32, i32) = match suffix {
        "" => (0, 0),
        "Ki" => (10, 0),
        "Mi" => (20, 0),
        "Gi" => (30, 0),
        "Ti" => (40, 0),
        "Pi" => (50, 0),
        "Ei" => (60, 0),
        "n" => (0, -9),
        "u" => (0, -6),
        "m" => (0, -3),
        "k" => (0, 3),
        "M" => (0, 6),
        "G" => (0, 9),
        "T" => (0, 12),
        "P" => (0, 15),
        "E" => (0, 18),
        _ => {
            let rest = suffix
                .strip_prefix('e')
                .or_else(|| suffix.strip_prefix('E'))?;
            let exp: i32 = rest.parse().ok()?;
            if !(-40..=40).contains(&exp) {
                return None;
            }
            (0, exp)
        }
    };
    let mut exp10 = dec + overflow_digits - frac_digits;
    let mut num: u128 = mantissa.saturating_mul(1u128 << bin);
    num = num.saturating_mul(scale.max(0) as u128);
    let mut den: u128 = 1;
    while exp10 > 0 {
        num = num.saturating_mul(10);
        exp10 -= 1;
    }
    while exp10 < 0 {
        if den > 10u128.pow(36) {
            // Far below one unit: rounds up to 1 if non-zero.
            num = if num > 0 { 1 } else { 0 };
            den = 1;
            break;
        }
        den *= 10;
        exp10 += 1;
    }
    let q = num / den;
    let r = num % den;
    let v = if neg {
        // ceil of a negative number truncates toward zero.
        -(q.min(i64::MAX as u128) as i64)
    } else {
        let up = if r > 0 { q.saturating_add(1) } else { q };
        up.min(i64::MAX as u128) as i64
    };
    Some(v)
}

/// `Quantity.Value()`: whole units, rounded up; 0 for an unparsable quantity.
pub fn value(q: &Quantity) -> i64 {
    parse_scaled(&q.0, 1).unwrap_or(0)
}

/// `Quantity.MilliValue()`: thousandths, rounded up; 0 for an unparsable quantity.
pub fn milli_value(q: &Quantity) -> i64 {
    parse_scaled(&q.0, 1000).unwrap_or(0)
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
            assert_eq!(parse_scaled(s, 1), Some(*v), "Value of {}", s);
            assert_eq!(parse_scaled(s, 1000), Some(*m), "MilliValue of {}", s);
        }
        assert_eq!(parse_scaled("abc", 1), None);
        assert_eq!(parse_scaled("1Xi", 1), None);
    }

    #[test]
    fn scalar_resource_names_follow_the_helper() {
        assert!(is_scalar_resource_name("nvidia.com/gpu"));
        assert!(is_scalar_resource_name("hugepages-2Mi"));
        assert!(!is_scalar_resource_name("cpu"));
        assert!(!is_scalar_resource_name("kubernetes.io/foo"));
    }
}
