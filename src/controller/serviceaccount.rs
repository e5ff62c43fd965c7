//! Two small kube-controller-manager controllers that fill every namespace:
//! - the ServiceAccounts controller (`pkg/controller/serviceaccount/serviceaccounts_controller.go`):
//!   each Active namespace has a ServiceAccount `default`, created again when deleted; no
//!   token Secret since v1.24, no events;
//! - the root CA certificate publisher
//!   (`pkg/controller/certificates/rootcacertpublisher/publisher.go`): each namespace has the
//!   ConfigMap `kube-root-ca.crt` with the cluster CA (`ca.crt`), created again when deleted
//!   and reset when changed. Pods mount it through their `kube-api-access-*` volume.

use std::collections::BTreeMap;

use k8s_openapi::api::core::v1::{ConfigMap, ServiceAccount};
use k8s_openapi::apimachinery::pkg::apis::meta::v1::ObjectMeta;

use crate::lang::Lang;
use crate::object::{Kind, Object};
use crate::runtime::Runtime;
use crate::runtime::queue::Key;
use crate::runtime::registry::Controller;
use crate::runtime::step::{Explain, StepCtx};
use crate::store::{WatchEvent, WatchType};

/// The name of the root CA ConfigMap (`RootCACertConfigMapName`).
pub const ROOT_CA_CONFIG_MAP: &str = "kube-root-ca.crt";
/// Its `kubernetes.io/description` annotation (`DescriptionAnnotation`).
pub const ROOT_CA_DESCRIPTION: &str = "Contains a CA bundle that can be used to verify the kube-apiserver when using internal endpoints such as the internal service IP or kubernetes.default.svc. No other usage is guaranteed across distributions of Kubernetes clusters.";
/// The simulated cluster's CA certificate (one fixed self-signed `CN=kubernetes` certificate:
/// a real cluster's is made by kubeadm at init).
pub const CLUSTER_CA: &str = "-----BEGIN CERTIFICATE-----
MIIDCzCCAfOgAwIBAgIUelMNq9o9LgPzFDCSL8hpQvM9hJQwDQYJKoZIhvcNAQEL
BQAwFTETMBEGA1UEAwwKa3ViZXJuZXRlczAeFw0yNjEyMDQxODA3NTNaFw0zNjEy
MDExODA3NTNaMBUxEzARBgNVBAMMCmt1YmVybmV0ZXMwggEiMA0GCSqGSIb3DQEB
AQUAA4IBDwAwggEKAoIBAQDOVba091rge/4y0yK6lpEisny6RGN9hq/An9X4RB8u
KdxBu00ccB/9xhbtLqFyZ8iXjHfcPRisukku3Ws8PQkmWUDrXX6nQp8TA7ny2DX6
pxuwB/CKt3XOflQRdxADkqSXQ8zRdRnvS+UnqOl5smJOmZx2ew7pCoP3qwQO1q6e
Ju23EiUmUkEorIkGm5SzvcU3lBNuxQehTPHNnPOOZE4cB/JcAeEUg+m3O3z1FlpO
SQU5iksTzVN04jppBrjr1Js5Uur1LJBnuCWzsfmTO2xK/NoppkLUH98yo6E+y2VS
7OCQZ1PY85bkzDFgByeTMLHQDDZR2e8hFb9r/hwgJS4xAgMBAAGjUzBRMB0GA1Ud
DgQWBBRG8ln9HIJQd7pnQJfLel5MypQBSzAfBgNVHSMEGDAWgBRG8ln9HIJQd7pn
QJfLel5MypQBSzAPBgNVHRMBAf8EBTADAQH/MA0GCSqGSIb3DQEBCwUAA4IBAQBw
yI3IKrOz9bBR9o76QWS8dVqgj/zaMJ5IHJJI4WQpKNl1jnUnnlnc9sCVpDuQOniK
6AJ7BpONwDiJNxiO2o9SMQpKMvM+Y3P76dZxeyUZWztZnXHhGAdmcPj0/8Wald1p
jZv2Xjzzu4Kwa5xvxeLaJ6T8EnZdjv4+BSyJ2FnhJ647gEOBWTo5Qs1x630JDiDF
MHFp7O/YZLpDNZzsfvITXpd5zWK6rbRBzdrLCpzngt1A3JVUkDxPNF/Q5YiGqpkA
ZMBQzNGMsHfoOhg/RCC2P/CJbLRs21GjbfGjOgkXkFWBqoolYwr4dxlbfAotXtAZ
6xwipyhQqUtWv7oLWS/l
-----END CERTIFICATE-----
";

fn namespace_active(c: &Runtime, ns: &str) -> bool {
    c.get(Kind::Namespace, "", ns).is_some_and(|o| {
        o.as_namespace()
            .and_then(|n| n.status.as_ref())
            .and_then(|s| s.phase.as_deref())
            == Some("Active")
            && o.meta().deletion_timestamp.is_none()
    })
}

/// The ServiceAccounts controller (no state between syncs).
#[derive(Clone, Debug, Default)]
pub struct ServiceAccountsController;

impl Controller for ServiceAccountsController {
    fn clients(&self, _: crate::profile::Profile) -> Option<crate::runtime::flowcontrol::Clients> {
        Some(crate::runtime::flowcontrol::Clients::KUBE_CONTROLLER_MANAGER)
    }

    fn name(&self) -> &'static str {
        "serviceaccount-controller"
    }

    fn watches(&self, kind: Kind) -> bool {
        matches!(kind, Kind::Namespace | Kind::ServiceAccount)
    }

    fn on_event(&mut self, c: &mut Runtime, ev: &WatchEvent) {
        if c.bootstrapping {
            return;
        }
        let ns = match (ev.obj.kind(), ev.ty) {
            // namespaceAdded / namespaceUpdated
            (Kind::Namespace, WatchType::Added | WatchType::Modified) => ev.obj.name().to_string(),
            // serviceAccountDeleted
            (Kind::ServiceAccount, WatchType::Deleted) if ev.obj.name() == "default" => {
                ev.obj.namespace().to_string()
            }
            _ => return,
        };
        let w = c.work(0, Key::Name(ns));
        c.enqueue(w);
    }

    fn sync(&mut self, c: &mut Runtime, cx: &mut StepCtx, _op: u8, key: &Key) {
        let ns = key.name().to_string();
        // syncNamespace: nothing for a namespace that is gone or not Active.
        if !namespace_active(c, &ns) || c.get(Kind::ServiceAccount, &ns, "default").is_some() {
            return;
        }
        let sa = ServiceAccount {
            metadata: ObjectMeta {
                name: Some("default".into()),
                namespace: Some(ns.clone()),
                ..Default::default()
            },
            ..Default::default()
        };
        // AlreadyExists and NamespaceTerminating are ignored.
        if c.api_create(cx, Object::from(sa), true).is_ok() {
            cx.say(ServiceAccountWhy::CreatedDefault { ns });
        }
    }
}

/// The root CA publisher (no state between syncs).
#[derive(Clone, Debug, Default)]
pub struct RootCaCertPublisher;

fn root_ca_data() -> BTreeMap<String, String> {
    [("ca.crt".to_string(), CLUSTER_CA.to_string())].into()
}

fn root_ca_annotations() -> BTreeMap<String, String> {
    [(
        "kubernetes.io/description".to_string(),
        ROOT_CA_DESCRIPTION.to_string(),
    )]
    .into()
}

impl Controller for RootCaCertPublisher {
    fn clients(&self, _: crate::profile::Profile) -> Option<crate::runtime::flowcontrol::Clients> {
        Some(crate::runtime::flowcontrol::Clients::KUBE_CONTROLLER_MANAGER)
    }

    fn name(&self) -> &'static str {
        "root-ca-cert-publisher"
    }

    fn watches(&self, kind: Kind) -> bool {
        matches!(kind, Kind::Namespace | Kind::ConfigMap)
    }

    fn on_event(&mut self, c: &mut Runtime, ev: &WatchEvent) {
        if c.bootstrapping {
            return;
        }
        let ns = match (ev.obj.kind(), ev.ty) {
            // namespaceAdded / namespaceUpdated
            (Kind::Namespace, WatchType::Added | WatchType::Modified) => ev.obj.name().to_string(),
            // configMapDeleted / configMapUpdated of kube-root-ca.crt
            (Kind::ConfigMap, WatchType::Deleted | WatchType::Modified)
                if ev.obj.name() == ROOT_CA_CONFIG_MAP =>
            {
                ev.obj.namespace().to_string()
            }
            _ => return,
        };
        let w = c.work(0, Key::Name(ns));
        c.enqueue(w);
    }

    fn sync(&mut self, c: &mut Runtime, cx: &mut StepCtx, _op: u8, key: &Key) {
        let ns = key.name().to_string();
        if c.get(Kind::Namespace, "", &ns).is_none() {
            return;
        }
        match c.get(Kind::ConfigMap, &ns, ROOT_CA_CONFIG_MAP) {
            None => {
                let cm = ConfigMap {
                    metadata: ObjectMeta {
                        name: Some(ROOT_CA_CONFIG_MAP.into()),
                        namespace: Some(ns.clone()),
                        annotations: Some(root_ca_annotations()),
                        ..Default::default()
                    },
                    data: Some(root_ca_data()),
                    ..Default::default()
                };
                // A terminating namespace refuses it: not retried.
                if c.api_create(cx, Object::from(cm), true).is_ok() {
                    cx.say(RootCaWhy::Created { ns });
                }
            }
            Some(o) => {
                let Some(cm) = o.as_configmap() else { return };
                let ann = cm.metadata.annotations.clone().unwrap_or_default();
                let same_data = cm.data.as_ref() == Some(&root_ca_data())
                    && cm.binary_data.as_ref().is_none_or(|b| b.is_empty());
                let same_ann = ann.get("kubernetes.io/description").map(String::as_str)
                    == Some(ROOT_CA_DESCRIPTION);
                if same_data && same_ann {
                    return;
                }
                // The publisher puts back its data and its annotation, keeping the others.
                let mut cm = cm.clone();
                cm.data = Some(root_ca_data());
                cm.binary_data = None;
                cm.metadata
                    .annotations
                    .get_or_insert_with(BTreeMap::new)
                    .insert(
                        "kubernetes.io/description".into(),
                        ROOT_CA_DESCRIPTION.into(),
                    );
                if c.api_update(cx, Object::from(cm), false, true).is_ok() {
                    cx.say(RootCaWhy::Reset { ns });
                }
            }
        }
    }
}

/// What the ServiceAccounts controller did.
#[derive(Clone, Debug)]
pub enum ServiceAccountWhy {
    CreatedDefault { ns: String },
}

impl Explain for ServiceAccountWhy {
    fn text(&self, w: Lang) -> String {
        match self {
            ServiceAccountWhy::CreatedDefault { ns } => w.pick(
                "namespace {0} has no ServiceAccount \"default\": created it (pods that name no service account run as default; since v1.24 no token Secret is made, the kubelet mounts a short-lived token instead)",
                "命名空间 {0} 没有名为 \"default\" 的 ServiceAccount：创建它（未指定服务账号的 Pod 以 default 运行；自 v1.24 起不再生成令牌 Secret，kubelet 改为挂载短期令牌）",
                [ns],
            ),
        }
    }
}

/// What the root CA publisher did.
#[derive(Clone, Debug)]
pub enum RootCaWhy {
    Created { ns: String },
    Reset { ns: String },
}

impl Explain for RootCaWhy {
    fn text(&self, w: Lang) -> String {
        match self {
            RootCaWhy::Created { ns } => w.pick(
                "namespace {0} has no ConfigMap kube-root-ca.crt: created it with the cluster's CA certificate (ca.crt), which every pod's kube-api-access volume mounts to verify the API server",
                "命名空间 {0} 没有 ConfigMap kube-root-ca.crt：用集群 CA 证书（ca.crt）创建它；每个 Pod 的 kube-api-access 卷都挂载它，用来校验 API 服务器",
                [ns],
            ),
            RootCaWhy::Reset { ns } => w.pick(
                "ConfigMap kube-root-ca.crt in {0} was changed: put back the cluster's CA certificate and the description annotation",
                "{0} 中的 ConfigMap kube-root-ca.crt 被修改：恢复集群 CA 证书和描述注解",
                [ns],
            ),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::runtime::step::check_all;

    #[test]
    fn every_explanation_renders_in_both_languages() {
        check_all(
            &[ServiceAccountWhy::CreatedDefault { ns: "shop".into() }],
            |_| 0,
            1,
        );
        check_all(
            &[
                RootCaWhy::Created { ns: "shop".into() },
                RootCaWhy::Reset { ns: "shop".into() },
            ],
            |w| match w {
                RootCaWhy::Created { .. } => 0,
                RootCaWhy::Reset { .. } => 1,
            },
            2,
        );
    }
}
