//! What the deployment controller did and why, as data (rendered per language by
//! [`Explain`]).

use crate::lang::{Lang, plural, s};
use crate::runtime::step::{Explain, ExplainText};

/// The numbers of one `reconcileOldReplicaSets` pass (`rolling.go`): how far the old
/// ReplicaSets may be scaled down, and what was done.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ScaleDownWhy {
    /// Every old ReplicaSet is already at 0.
    NoneLeft,
    /// `maxScaledDown = allPods − minAvailable − newUnavailable` is ≤ 0.
    Blocked {
        all_pods: i32,
        min_available: i32,
        new_unavailable: i32,
        max_scaled_down: i32,
    },
    /// Old replicas scaled down: `cleaned` unhealthy ones first, then `rest`.
    Scaled {
        all_pods: i32,
        min_available: i32,
        new_unavailable: i32,
        max_scaled_down: i32,
        cleaned: i32,
        rest: ScaleDownRest,
    },
}

/// What followed the unhealthy clean-up in a scale-down pass.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ScaleDownRest {
    /// The clean-up stopped with this error.
    CleanupStopped(String),
    /// No available old replica can go: `available ≤ minAvailable`.
    NoneAvailable { available: i32, min_available: i32 },
    /// `available − minAvailable` allowed `removed` old replicas to go.
    Removed {
        available: i32,
        min_available: i32,
        removed: i32,
    },
}

impl Explain for ScaleDownWhy {
    fn text(&self, w: Lang) -> String {
        let formula = |all: &i32, min: &i32, unav: &i32, max: &i32| {
            format!(
                "maxScaledDown = allPods {all} − minAvailable {min} − newUnavailable {unav} = {max}"
            )
        };
        match self {
            ScaleDownWhy::NoneLeft => w.pick(
                "No old replicas are left to scale down.",
                "没有需要缩容的旧副本了。",
                [],
            ),
            ScaleDownWhy::Blocked {
                all_pods,
                min_available,
                new_unavailable,
                max_scaled_down,
            } => w.pick(
                "{0}, so no old replica can be scaled down yet.",
                "{0}，因此暂时还不能缩容任何旧副本。",
                [&formula(
                    all_pods,
                    min_available,
                    new_unavailable,
                    max_scaled_down,
                )],
            ),
            ScaleDownWhy::Scaled {
                all_pods,
                min_available,
                new_unavailable,
                max_scaled_down,
                cleaned,
                rest,
            } => {
                let f = formula(all_pods, min_available, new_unavailable, max_scaled_down);
                let cleaned = match cleaned {
                    0 => String::new(),
                    n => w.pick(
                        "; {0} unhealthy old replica{1} removed first",
                        "；先移除 {0} 个不健康的旧副本",
                        [n, &plural(*n, " is", "s are")],
                    ),
                };
                let rest = match rest {
                    ScaleDownRest::CleanupStopped(err) => w.pick(
                        "; then the cleanup stopped ({0}), so nothing else is scaled this pass.",
                        "；随后清理停止（{0}），因此本轮不再扩缩其他副本。",
                        [err],
                    ),
                    ScaleDownRest::NoneAvailable {
                        available,
                        min_available,
                    } => w.pick(
                        "; available {0} ≤ minAvailable {1}, so no available old replica can go.",
                        "；available {0} ≤ minAvailable {1}，因此不能移除任何可用的旧副本。",
                        [available, min_available],
                    ),
                    ScaleDownRest::Removed {
                        available,
                        min_available,
                        removed,
                    } => w.pick(
                        "; available {0} − minAvailable {1} = {2}, so {3} old replica{4} {5} scaled down.",
                        "；available {0} − minAvailable {1} = {2}，因此缩容 {3} 个旧副本。",
                        [
                            available,
                            min_available,
                            &(available - min_available),
                            removed,
                            &s(*removed),
                            &plural(*removed, "is", "are"),
                        ],
                    ),
                };
                format!("{}{}{}", f, cleaned, rest)
            }
        }
    }
}

/// `maxSurge` arithmetic shown when a ReplicaSet is created: at most `replicas + surge`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct SurgeRoom {
    pub surge: i32,
    pub replicas: i32,
}

/// One thing the deployment controller did.
#[derive(Clone, Debug)]
pub enum DeploymentWhy {
    SelectsAll {
        name: String,
    },
    Paused,
    Resumed,
    DeadlineExceeded {
        name: String,
    },
    /// Status written, nothing else done; `ready` is shown when the rollout status was
    /// synced (not during a scaling-only sync).
    Status {
        name: String,
        replicas: i32,
        updated: i32,
        ready: Option<i32>,
        available: i32,
    },
    RevisionSet {
        rs: String,
        revision: i64,
    },
    HashCollision {
        name: String,
    },
    CreatedReplicaSet {
        name: String,
        hash: String,
        revision: String,
        replicas: i32,
        surge: Option<SurgeRoom>,
    },
    /// `spec.replicas` changed: proportional scaling (`name`, from, to).
    ScaledProportionally {
        want: i32,
        surge: i32,
        changes: Vec<(String, i32, i32)>,
    },
    DeletedOldReplicaSet {
        name: String,
        limit: i32,
    },
    RecreateScaledDown {
        names: Vec<String>,
    },
    RecreateWaiting,
    RecreateScaledUp {
        rs: String,
        from: i32,
        to: i32,
    },
    NewScaledDown {
        rs: String,
        has: i32,
        want: i32,
    },
    ScaledNewUp {
        rs: String,
        from: i32,
        to: i32,
        surge: i32,
        want: i32,
        total: i32,
    },
    /// The old ReplicaSets' scale-down, with its arithmetic.
    OldScaledDown(ScaleDownWhy),
}

impl Explain for DeploymentWhy {
    fn text(&self, w: Lang) -> String {
        use DeploymentWhy::*;
        match self {
            SelectsAll { name } => w.pick(
                "Deployment {0} selects all pods; refusing to act",
                "Deployment {0} 的选择算符会选中所有 Pod；拒绝执行任何操作",
                [&name],
            ),
            Resumed => w.pick(
                "the Deployment was resumed: Progressing=Unknown (DeploymentResumed)",
                "Deployment 已恢复：Progressing=Unknown（DeploymentResumed）",
                [],
            ),
            DeadlineExceeded { name } => w.pick(
                "Deployment {0} made no progress for progressDeadlineSeconds: Progressing=False (ProgressDeadlineExceeded)",
                "Deployment {0} 在 progressDeadlineSeconds 内没有任何进展：Progressing=False（ProgressDeadlineExceeded）",
                [&name],
            ),
            Status {
                name,
                replicas,
                updated,
                ready: Some(ready),
                available,
            } => w.pick(
                "Deployment {0} status: {1} replicas, {2} updated, {3} ready, {4} available",
                "Deployment {0} 状态：{1} 个副本，{2} 个已更新，{3} 个就绪，{4} 个可用",
                [&name, &replicas, &updated, &ready, &available],
            ),
            Status {
                name,
                replicas,
                updated,
                ready: None,
                available,
            } => w.pick(
                "Deployment {0} status: {1} replicas, {2} updated, {3} available",
                "Deployment {0} 状态：{1} 个副本，{2} 个已更新，{3} 个可用",
                [&name, &replicas, &updated, &available],
            ),
            RevisionSet { rs, revision } => w.pick(
                "ReplicaSet {0} matches the pod template: set its revision to {1}",
                "ReplicaSet {0} 与 Pod 模板一致：把它的修订版本设为 {1}",
                [&rs, &revision],
            ),
            HashCollision { name } => w.pick(
                "ReplicaSet name {0} is taken by another template (hash collision): raised collisionCount to get a new hash",
                "ReplicaSet 名称 {0} 已被另一个模板占用（哈希冲突）：增大 collisionCount 以得到新的哈希",
                [&name],
            ),
            ScaledProportionally {
                want,
                surge,
                changes,
            } => w.pick(
                "spec.replicas changed to {0}: scaled proportionally within {0} + maxSurge {1} = {2} ({3})",
                "spec.replicas 改为 {0}：在 {0} + maxSurge {1} = {2} 的范围内按比例扩缩（{3}）",
                [&want, &surge, &(want + surge), &changes_text(changes)],
            ),
            DeletedOldReplicaSet { name, limit } => w.pick(
                "deleted old ReplicaSet {0} (revisionHistoryLimit {1})",
                "删除了旧的 ReplicaSet {0}（revisionHistoryLimit {1}）",
                [&name, &limit],
            ),
            RecreateScaledDown { names } => w.pick(
                "Recreate strategy: scaled old ReplicaSet{0} {1} to 0 before creating any new pod",
                "Recreate 策略：在创建任何新 Pod 之前，先把旧的 ReplicaSet {1} 缩容到 0",
                [&s(names.len() as i64), &names.join(", ")],
            ),
            RecreateWaiting => w.pick(
                "Recreate strategy: waiting for the old pods to terminate",
                "Recreate 策略：等待旧 Pod 终止",
                [],
            ),
            RecreateScaledUp { rs, from, to } => w.pick(
                "Recreate strategy: old pods are gone, scaled {0} from {1} to {2}",
                "Recreate 策略：旧 Pod 都已消失，把 {0} 从 {1} 扩容到 {2}",
                [&rs, &from, &to],
            ),
            NewScaledDown { rs, has, want } => w.pick(
                "new ReplicaSet {0} has {1} replicas but the Deployment wants {2}: scaled it down",
                "新的 ReplicaSet {0} 有 {1} 个副本，但 Deployment 只需要 {2} 个：将它缩容",
                [&rs, &has, &want],
            ),
            ScaledNewUp {
                rs,
                from,
                to,
                surge,
                want,
                total,
            } => w.pick(
                "scaled new ReplicaSet {0} from {1} to {2}: maxSurge {3} allows {4} + {3} = {5} pods in total and {6} exist (scale-up waits only for surge room, never for readiness)",
                "把新的 ReplicaSet {0} 从 {1} 扩容到 {2}：maxSurge {3} 允许总共 {4} + {3} = {5} 个 Pod，现有 {6} 个（扩容只等待 maxSurge 留出的余量，从不等待 Pod 就绪）",
                [&rs, &from, &to, &surge, &want, &(want + surge), &total],
            ),
            // MANUAL
            Paused => w.pick2(
                || "the Deployment is paused: Progressing=Unknown (DeploymentPaused); only scaling happens while paused".into(),
                || {
                "Deployment 已暂停：Progressing=Unknown（DeploymentPaused）；暂停期间只会进行扩缩容"
                    .into()
            },
            ),
            // MANUAL
            CreatedReplicaSet {
                name,
                hash,
                revision,
                replicas,
                surge,
            } => w.pick2(
                || format!(
                "the pod template has no ReplicaSet yet: created {} (pod-template-hash {}, revision {}) with {} replica{}{}",
                name,
                hash,
                revision,
                replicas,
                s(*replicas),
                match surge {
                    Some(r) => format!(
                        " (maxSurge {}: at most {} + {} = {} pods in total)",
                        r.surge,
                        r.replicas,
                        r.surge,
                        r.replicas + r.surge
                    ),
                    None => String::new(),
                }
            ),
                || format!(
                "该 Pod 模板还没有 ReplicaSet：创建了 {}（pod-template-hash {}，修订版本 {}），副本数 {}{}",
                name,
                hash,
                revision,
                replicas,
                match surge {
                    Some(r) => format!(
                        "（maxSurge {}：总共最多 {} + {} = {} 个 Pod）",
                        r.surge,
                        r.replicas,
                        r.surge,
                        r.replicas + r.surge
                    ),
                    None => String::new(),
                }
            ),
            ),
            // MANUAL
            OldScaledDown(sd) => w.pick2(
                || sd.en(),
                || sd.zh(),
            ),
        }
    }
}

/// `web-1 5 → 3, web-2 0 → 1` (names and numbers are the same in every language).
fn changes_text(changes: &[(String, i32, i32)]) -> String {
    changes
        .iter()
        .map(|(n, from, to)| format!("{} {} → {}", n, from, to))
        .collect::<Vec<_>>()
        .join(", ")
}

#[cfg(test)]
mod tests {
    use super::*;
    #[allow(unused_imports)]
    use crate::runtime::step::ExplainText;
    use crate::runtime::step::{check_all, check_renders};

    fn samples() -> Vec<DeploymentWhy> {
        use DeploymentWhy::*;
        let n = || "web".to_string();
        vec![
            SelectsAll { name: n() },
            Paused,
            Resumed,
            DeadlineExceeded { name: n() },
            Status {
                name: n(),
                replicas: 3,
                updated: 3,
                ready: Some(2),
                available: 2,
            },
            Status {
                name: n(),
                replicas: 3,
                updated: 3,
                ready: None,
                available: 2,
            },
            RevisionSet {
                rs: "web-7c5d".into(),
                revision: 2,
            },
            HashCollision {
                name: "web-7c5d".into(),
            },
            CreatedReplicaSet {
                name: "web-5d4f8c6b9".into(),
                hash: "5d4f8c6b9".into(),
                revision: "1".into(),
                replicas: 3,
                surge: Some(SurgeRoom {
                    surge: 1,
                    replicas: 3,
                }),
            },
            CreatedReplicaSet {
                name: "web-5d4f8c6b9".into(),
                hash: "5d4f8c6b9".into(),
                revision: "1".into(),
                replicas: 1,
                surge: None,
            },
            ScaledProportionally {
                want: 6,
                surge: 1,
                changes: vec![("web-a".into(), 3, 4), ("web-b".into(), 2, 3)],
            },
            DeletedOldReplicaSet {
                name: "web-1".into(),
                limit: 10,
            },
            RecreateScaledDown {
                names: vec!["web-1".into()],
            },
            RecreateWaiting,
            RecreateScaledUp {
                rs: "web-2".into(),
                from: 0,
                to: 3,
            },
            NewScaledDown {
                rs: "web-2".into(),
                has: 5,
                want: 3,
            },
            ScaledNewUp {
                rs: "web-7c5d".into(),
                from: 1,
                to: 2,
                surge: 1,
                want: 3,
                total: 3,
            },
            OldScaledDown(ScaleDownWhy::NoneLeft),
        ]
    }

    fn index(w: &DeploymentWhy) -> usize {
        use DeploymentWhy::*;
        match w {
            SelectsAll { .. } => 0,
            Paused => 1,
            Resumed => 2,
            DeadlineExceeded { .. } => 3,
            Status { .. } => 4,
            RevisionSet { .. } => 5,
            HashCollision { .. } => 6,
            CreatedReplicaSet { .. } => 7,
            ScaledProportionally { .. } => 8,
            DeletedOldReplicaSet { .. } => 9,
            RecreateScaledDown { .. } => 10,
            RecreateWaiting => 11,
            RecreateScaledUp { .. } => 12,
            NewScaledDown { .. } => 13,
            ScaledNewUp { .. } => 14,
            OldScaledDown(_) => 15,
        }
    }

    #[test]
    fn every_deployment_explanation_renders_in_both_languages() {
        check_all(&samples(), index, 16);
        let all = samples();
        assert_eq!(
            all[8].zh(),
            "该 Pod 模板还没有 ReplicaSet：创建了 web-5d4f8c6b9（pod-template-hash 5d4f8c6b9，修订版本 1），副本数 3（maxSurge 1：总共最多 3 + 1 = 4 个 Pod）"
        );
        assert_eq!(
            all[8].en(),
            "the pod template has no ReplicaSet yet: created web-5d4f8c6b9 (pod-template-hash 5d4f8c6b9, revision 1) with 3 replicas (maxSurge 1: at most 3 + 1 = 4 pods in total)"
        );
        assert_eq!(
            all[16].zh(),
            "把新的 ReplicaSet web-7c5d 从 1 扩容到 2：maxSurge 1 允许总共 3 + 1 = 4 个 Pod，现有 3 个（扩容只等待 maxSurge 留出的余量，从不等待 Pod 就绪）"
        );
    }

    #[test]
    fn every_scale_down_arithmetic_renders_in_both_languages() {
        let scaled = |cleaned, rest| ScaleDownWhy::Scaled {
            all_pods: 5,
            min_available: 3,
            new_unavailable: 1,
            max_scaled_down: 1,
            cleaned,
            rest,
        };
        let all = [
            ScaleDownWhy::NoneLeft,
            ScaleDownWhy::Blocked {
                all_pods: 10,
                min_available: 8,
                new_unavailable: 2,
                max_scaled_down: 0,
            },
            scaled(
                0,
                ScaleDownRest::Removed {
                    available: 4,
                    min_available: 3,
                    removed: 1,
                },
            ),
            scaled(
                2,
                ScaleDownRest::NoneAvailable {
                    available: 3,
                    min_available: 3,
                },
            ),
            scaled(1, ScaleDownRest::CleanupStopped("boom".into())),
        ];
        let index = |w: &ScaleDownWhy| match w {
            ScaleDownWhy::NoneLeft => 0,
            ScaleDownWhy::Blocked { .. } => 1,
            ScaleDownWhy::Scaled { rest, .. } => match rest {
                ScaleDownRest::Removed { .. } => 2,
                ScaleDownRest::NoneAvailable { .. } => 3,
                ScaleDownRest::CleanupStopped(_) => 4,
            },
        };
        check_all(&all, index, 5);
        assert_eq!(
            all[2].zh(),
            "maxScaledDown = allPods 5 − minAvailable 3 − newUnavailable 1 = 1；available 4 − minAvailable 3 = 1，因此缩容 1 个旧副本。"
        );
        assert_eq!(
            all[2].en(),
            "maxScaledDown = allPods 5 − minAvailable 3 − newUnavailable 1 = 1; available 4 − minAvailable 3 = 1, so 1 old replica is scaled down."
        );
        check_renders(&[DeploymentWhy::OldScaledDown(all[3].clone())]);
    }
}
