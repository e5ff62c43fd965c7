//! The event recorder's correlator (client-go tools/record/events_cache.go): similar events
//! are combined after 10 distinct messages, and a source may post 25 events about one
//! object before the spam filter drops the rest.

use kubestep::object::Kind;
use kubestep::script::split_words;
use kubestep::{Engine, EngineConfig};

#[test]
fn a_40_pod_scale_up_combines_and_then_drops_successful_create_events() {
    let mut e = Engine::new(EngineConfig::default());
    let manifest = "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\nspec:\n  replicas: 40\n  selector:\n    matchLabels: {app: web}\n  template:\n    metadata:\n      labels: {app: web}\n    spec:\n      containers:\n      - name: c\n        image: nginx:1.27\n";
    assert_eq!(
        e.exec(
            &split_words("kubectl apply -f -").unwrap(),
            Some(manifest),
            None
        )
        .exit,
        0
    );
    e.exec(&split_words("settle").unwrap(), None, None);
    let events: Vec<_> = e
        .cluster()
        .store
        .list(Kind::Event, Some("default"))
        .into_iter()
        .filter_map(|o| o.as_event().cloned())
        .filter(|ev| ev.reason.as_deref() == Some("SuccessfulCreate"))
        .collect();
    let single: Vec<_> = events
        .iter()
        .filter(|ev| ev.message.as_deref().unwrap().starts_with("Created pod: "))
        .collect();
    let combined: Vec<_> = events
        .iter()
        .filter(|ev| {
            ev.message
                .as_deref()
                .unwrap()
                .starts_with("(combined from similar events): Created pod: web-")
        })
        .collect();
    assert_eq!(single.len(), 9, "nine distinct messages before aggregation");
    assert_eq!(combined.len(), 1);
    // 25 events pass the spam filter's burst: 9 single + 16 counted into the combined one.
    assert_eq!(combined[0].count, Some(16));
    assert_eq!(
        e.cluster().store.list(Kind::Pod, Some("default")).len(),
        40,
        "all pods exist even though events were dropped"
    );
}
