//! The event recorder (client-go `tools/record`): core/v1 Events written through the API
//! server, named `<object>.<hex nanoseconds>`, with identical events aggregated into one
//! object whose `count` grows (`events_cache.go` EventCorrelator).

use crate::sort::StableSort;

use k8s_openapi::api::core::v1::{Event, ObjectReference};

use crate::object::{Kind, ObjKey, Object};

/// An event to record.
#[derive(Clone, Debug, PartialEq)]
pub struct EventSpec {
    pub involved: ObjectReference,
    /// `Normal` or `Warning`.
    pub ty: &'static str,
    pub reason: String,
    pub message: String,
    /// `source.component` (`deployment-controller`, `kubelet`, `default-scheduler`).
    pub component: String,
    /// `source.host` (kubelet's node).
    pub host: Option<String>,
    /// `action` (events.k8s.io), e.g. `Binding` for Scheduled.
    pub action: Option<String>,
    /// Recorded through the events.k8s.io/v1 API (`tools/events`, as kube-scheduler does):
    /// `eventTime` and `series` instead of first/last timestamps and `count`.
    pub series_api: bool,
}

impl EventSpec {
    pub fn new(
        obj: &Object,
        ty: &'static str,
        reason: &str,
        message: String,
        component: &str,
    ) -> EventSpec {
        EventSpec {
            involved: object_ref(obj, None),
            ty,
            reason: reason.to_string(),
            message,
            component: component.to_string(),
            host: None,
            action: None,
            series_api: false,
        }
    }
}

/// An ObjectReference to `obj` (`reference.GetReference`), optionally to one container.
pub fn object_ref(obj: &Object, field_path: Option<String>) -> ObjectReference {
    let m = obj.meta();
    ObjectReference {
        api_version: Some(obj.kind().api_version().to_string()),
        kind: Some(obj.kind().name().to_string()),
        name: m.name.clone(),
        namespace: m.namespace.clone(),
        uid: m.uid.clone(),
        resource_version: m.resource_version.clone(),
        field_path,
    }
}

/// Aggregation state: correlation key → event name (and, for events.k8s.io series, the
/// number of occurrences not yet written). The maps are persistent (`imbl`), so a
/// checkpoint shares them, keyed by [`CorrKey`] hashes (looked up only, never iterated),
/// and their values are cheap to copy (a change after a checkpoint copies whole nodes).
#[derive(Clone, Debug, Default)]
pub struct Recorder {
    /// Correlation key → (event name, occurrences so far).
    pub(crate) by_key: imbl::OrdMap<CorrKey, (std::sync::Arc<str>, i32)>,
    /// Aggregate key → the distinct messages seen in the interval.
    pub(crate) aggregates: imbl::OrdMap<CorrKey, Correlation>,
    /// Spam key → the token bucket.
    pub(crate) spam: imbl::OrdMap<CorrKey, Correlation>,
    /// Nanosecond offset so two events in the same virtual millisecond get distinct names.
    pub(crate) nanos: u64,
}

/// The correlator's state for one key: the distinct messages of an aggregate group
/// within the interval (`local_keys`), or the spam filter's token bucket in thousandths of
/// a token (`milli_tokens`); `last` is when it was last updated. One type for both maps.
#[derive(Clone, Debug, Default)]
pub(crate) struct Correlation {
    pub(crate) local_keys: SortedSet,
    pub(crate) milli_tokens: i64,
    pub(crate) last: crate::time::SimTime,
}

/// A correlator key: the 128-bit FNV-1a hash of client-go's key string (its parts joined
/// by U+0001). client-go keys its caches by the strings; a hash keeps a pod's keys from
/// costing hundreds of bytes each, and at 128 bits two keys of a session never collide.
pub(crate) type CorrKey = u128;

/// A small set of strings kept sorted in a shared vector (a correlator's distinct
/// messages, at most [`AGGREGATE_MAX_EVENTS`]): a `BTreeSet` with far less memory per set,
/// copied by reference.
#[derive(Clone, Debug, Default)]
pub(crate) struct SortedSet(std::sync::Arc<Vec<String>>);

impl SortedSet {
    pub(crate) fn insert(&mut self, s: String) {
        if let Err(i) = self.0.binary_search(&s) {
            std::sync::Arc::make_mut(&mut self.0).insert(i, s);
        }
    }
    pub(crate) fn len(&self) -> usize {
        self.0.len()
    }
    pub(crate) fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
    pub(crate) fn clear(&mut self) {
        if !self.0.is_empty() {
            self.0 = Default::default();
        }
    }
    /// Remove the smallest string.
    pub(crate) fn pop_first(&mut self) {
        if !self.0.is_empty() {
            std::sync::Arc::make_mut(&mut self.0).remove(0);
        }
    }
}

/// Keys of client-go's correlator (`events_cache.go`), all built from the source and the
/// involved object: `getSpamKey` is just that; `EventAggregatorByReasonFunc` adds type and
/// reason; `getEventKey` adds the field path, type, reason and message.
fn key_of(e: &EventSpec, extra: &[&str]) -> CorrKey {
    let r = &e.involved;
    let base = [
        e.component.as_str(),
        e.host.as_deref().unwrap_or(""),
        r.kind.as_deref().unwrap_or(""),
        r.namespace.as_deref().unwrap_or(""),
        r.name.as_deref().unwrap_or(""),
        r.uid.as_deref().unwrap_or(""),
        r.api_version.as_deref().unwrap_or(""),
    ];
    const OFFSET: u128 = 0x6c62272e07bb014262b821756295c58d;
    const PRIME: u128 = 0x0000000001000000000000000000013B;
    let mut h = OFFSET;
    for (i, part) in base.iter().chain(extra).enumerate() {
        let sep: &[u8] = if i == 0 { b"" } else { b"\x01" };
        for &b in sep.iter().chain(part.as_bytes()) {
            h ^= u128::from(b);
            h = h.wrapping_mul(PRIME);
        }
    }
    h
}

pub(crate) fn spam_key(e: &EventSpec) -> CorrKey {
    key_of(e, &[])
}

pub(crate) fn aggregate_key(e: &EventSpec) -> CorrKey {
    key_of(e, &[e.ty, &e.reason])
}

pub(crate) fn correlation_key(e: &EventSpec) -> CorrKey {
    key_of(
        e,
        &[
            e.involved.field_path.as_deref().unwrap_or(""),
            e.ty,
            &e.reason,
            &e.message,
        ],
    )
}

pub(crate) const AGGREGATE_MAX_EVENTS: usize = 10;
pub(crate) const AGGREGATE_INTERVAL_MS: i64 = 600_000;
pub(crate) const SPAM_BURST: i64 = 25;
pub(crate) const SPAM_REFILL_MS: i64 = 300_000;

/// Events whose involvedObject is `key` (by uid when known), oldest first.
pub fn events_for(store: &crate::store::Store, key: &ObjKey, uid: Option<&str>) -> Vec<Event> {
    let ns = if key.namespace.is_empty() {
        "default"
    } else {
        key.namespace.as_str()
    };
    let mut out: Vec<Event> = store
        .list(Kind::Event, Some(ns))
        .into_iter()
        .filter_map(|o| o.as_event().cloned())
        .filter(|e| {
            let r = &e.involved_object;
            match (uid, r.uid.as_deref()) {
                (Some(u), Some(ru)) => u == ru,
                _ => {
                    r.kind.as_deref() == Some(key.kind.name())
                        && r.name.as_deref() == Some(key.name.as_str())
                }
            }
        })
        .collect();
    out.stable_sort_by_key(|e| {
        e.first_timestamp
            .as_ref()
            .map(crate::time::SimTime::from_k8s)
            .unwrap_or_default()
    });
    out
}
