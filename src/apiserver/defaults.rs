//! TEMPORARY stub (replaced by the api branch).
use crate::object::Object;
use k8s_openapi::api::core::v1::{Pod, PodSpec};
use k8s_openapi::apimachinery::pkg::util::intstr::IntOrString;
fn spec(s: &mut PodSpec) {
    s.restart_policy.get_or_insert("Always".into());
    s.termination_grace_period_seconds.get_or_insert(30);
    s.scheduler_name.get_or_insert("default-scheduler".into());
    s.dns_policy.get_or_insert("ClusterFirst".into());
    for c in s.containers.iter_mut() {
        c.termination_message_policy.get_or_insert("File".into());
        c.termination_message_path
            .get_or_insert("/dev/termination-log".into());
        for p in c.ports.iter_mut().flatten() {
            p.protocol.get_or_insert("TCP".into());
        }
        if c.image_pull_policy.is_none() {
            let img = c.image.clone().unwrap_or_default();
            let last = img.rsplit('/').next().unwrap_or("");
            let latest = !img.contains('@') && (!last.contains(':') || last.ends_with(":latest"));
            c.image_pull_policy = Some(if latest { "Always" } else { "IfNotPresent" }.into());
        }
    }
}
pub fn default_object(obj: &mut Object) {
    match obj {
        Object::Deployment(d) => {
            let s = d.spec.get_or_insert_with(Default::default);
            s.replicas.get_or_insert(1);
            s.revision_history_limit.get_or_insert(10);
            s.progress_deadline_seconds.get_or_insert(600);
            let st = s.strategy.get_or_insert_with(Default::default);
            st.type_.get_or_insert("RollingUpdate".into());
            if st.type_.as_deref() == Some("RollingUpdate") {
                let ru = st.rolling_update.get_or_insert_with(Default::default);
                ru.max_surge
                    .get_or_insert(IntOrString::String("25%".into()));
                ru.max_unavailable
                    .get_or_insert(IntOrString::String("25%".into()));
            }
            if let Some(ps) = s.template.spec.as_mut() {
                spec(ps);
            }
        }
        Object::ReplicaSet(r) => {
            let s = r.spec.get_or_insert_with(Default::default);
            s.replicas.get_or_insert(1);
            if let Some(ps) = s.template.as_mut().and_then(|t| t.spec.as_mut()) {
                spec(ps);
            }
        }
        Object::Pod(p) => {
            if let Some(ps) = p.spec.as_mut() {
                spec(ps);
            }
        }
        _ => {}
    }
}
pub fn admit_pod(pod: &mut Pod, _suffix: &str) {
    if let Some(s) = pod.spec.as_mut() {
        s.service_account_name.get_or_insert("default".into());
    }
}
