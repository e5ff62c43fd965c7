//! Languages: every step explanation of every scenario translates to Chinese; a table of
//! representative sentences with their exact Chinese; language tags.

use std::collections::BTreeSet;
use std::path::Path;

use kubestep::i18n::{self, Lang, Ui};
use kubestep::script::{exec_command, parse_script};
use kubestep::{Engine, EngineConfig, Profile};

/// Every distinct (summary, trigger) the scenarios produce, under both profiles, including
/// steps later undone by `rewind`.
fn scenario_steps() -> (BTreeSet<String>, BTreeSet<String>) {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("scenarios");
    let mut paths: Vec<_> = std::fs::read_dir(dir)
        .expect("scenarios dir")
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "kss"))
        .collect();
    paths.sort();
    assert!(paths.len() >= 5, "scenarios missing: {:?}", paths);
    let mut summaries = BTreeSet::new();
    let mut triggers = BTreeSet::new();
    for p in &paths {
        let text = std::fs::read_to_string(p).expect("scenario readable");
        let cmds = parse_script(&text).unwrap_or_else(|e| panic!("{}: {}", p.display(), e));
        for profile in [Profile::V1_32, Profile::V1_26] {
            let mut e = Engine::new(EngineConfig { seed: 0, profile });
            let mut seen = 0usize;
            for c in &cmds {
                let _ = exec_command(&mut e, c);
                let h = e.history();
                let from = if h.len() >= seen { seen } else { 0 };
                for r in &h[from..] {
                    summaries.insert(r.summary.clone());
                    triggers.insert(r.trigger.clone());
                }
                seen = h.len();
            }
        }
    }
    (summaries, triggers)
}

#[test]
fn every_step_explanation_of_every_scenario_is_translated() {
    let (summaries, triggers) = scenario_steps();
    assert!(summaries.len() > 100, "too few steps: {}", summaries.len());
    let mut unmatched = BTreeSet::new();
    for s in &summaries {
        for f in i18n::untranslated(s) {
            unmatched.insert(f);
        }
        let zh = i18n::explain(Lang::Zh, s);
        assert_ne!(&zh, s, "not translated at all: {}", s);
        assert_eq!(i18n::explain(Lang::En, s), *s);
    }
    let bad_triggers: Vec<&String> = triggers
        .iter()
        .filter(|t| !i18n::trigger_translated(t))
        .collect();
    assert!(
        unmatched.is_empty() && bad_triggers.is_empty(),
        "{} fragment(s) without a template:\n  {}\ntriggers without a template: {:?}",
        unmatched.len(),
        unmatched.iter().cloned().collect::<Vec<_>>().join("\n  "),
        bad_triggers
    );
    for t in &triggers {
        if !t.is_empty() {
            assert_ne!(&i18n::trigger(Lang::Zh, t), t, "trigger kept: {}", t);
        }
    }
}

#[test]
fn representative_sentences_read_as_exact_chinese() {
    let table: &[(&str, &str)] = &[
        ("no change", "无变化"),
        (
            "kubectl apply: created Deployment default/web",
            "kubectl apply：创建了 Deployment default/web",
        ),
        (
            "the pod template has no ReplicaSet yet: created web-5d4f8c6b9 (pod-template-hash 5d4f8c6b9, revision 1) with 3 replicas (maxSurge 1: at most 3 + 1 = 4 pods in total)",
            "该 Pod 模板还没有 ReplicaSet：创建了 web-5d4f8c6b9（pod-template-hash 5d4f8c6b9，修订版本 1），副本数 3（maxSurge 1：总共最多 3 + 1 = 4 个 Pod）",
        ),
        (
            "scaled new ReplicaSet web-7c5d from 1 to 2: maxSurge 1 allows 3 + 1 = 4 pods in total and 3 exist (scale-up waits only for surge room, never for readiness)",
            "把新的 ReplicaSet web-7c5d 从 1 扩容到 2：maxSurge 1 允许总共 3 + 1 = 4 个 Pod，现有 3 个（扩容只等待 maxSurge 留出的余量，从不等待 Pod 就绪）",
        ),
        (
            "maxScaledDown = allPods 5 − minAvailable 3 − newUnavailable 1 = 1; available 4 − minAvailable 3 = 1, so 1 old replica is scaled down.",
            "maxScaledDown = allPods 5 − minAvailable 3 − newUnavailable 1 = 1；available 4 − minAvailable 3 = 1，因此缩容 1 个旧副本。",
        ),
        (
            "ReplicaSet web-7c5d wants 1 replica and has 2 active pods: deleted web-7c5d-abcde (web-7c5d-abcde goes first: it is newer (created 5s ago vs 40s ago for web-7c5d-fghij; all Running and Ready))",
            "ReplicaSet web-7c5d 需要 1 个副本，现有 2 个活跃 Pod：删除了 web-7c5d-abcde（最先删除 web-7c5d-abcde：它较新（创建于 5s 前，而 web-7c5d-fghij 创建于 40s 前；全部为 Running 且就绪））",
        ),
        (
            "ReplicaSet newkubia-5b7c9 wants 3 replicas and has 5 active pods: deleted newkubia-5b7c9-aaaaa, newkubia-5b7c9-bbbbb (newkubia-5b7c9-aaaaa and newkubia-5b7c9-bbbbb go first; newkubia-5b7c9-bbbbb, the closest call, ties with newkubia-5b7c9-ccccc on every ranking rule, so list order decided (all Running and Ready))",
            "ReplicaSet newkubia-5b7c9 需要 3 个副本，现有 5 个活跃 Pod：删除了 newkubia-5b7c9-aaaaa, newkubia-5b7c9-bbbbb（最先删除 newkubia-5b7c9-aaaaa 和 newkubia-5b7c9-bbbbb；其中最接近被保留的 newkubia-5b7c9-bbbbb 与 newkubia-5b7c9-ccccc 在每条排序规则上都相同，因此由列表顺序决定（全部为 Running 且就绪））",
        ),
        (
            "bound pod web-1 to worker-2: picked worker-2 (score 270 vs worker-1 262: NodeResourcesFit 88 vs 80; TaintToleration 300, NodeResourcesBalancedAllocation 98 and ImageLocality 0 on both; 2 of 3 nodes checked passed the filters)",
            "把 Pod web-1 绑定到 worker-2：选择了 worker-2（得分 270，worker-1 为 262：NodeResourcesFit 88 vs 80；两者的 TaintToleration 300, NodeResourcesBalancedAllocation 98 和 ImageLocality 0 相同；检查的 3 个节点中有 2 个通过了过滤）",
        ),
        (
            "bound pod web-2 to worker-1: picked worker-1: tied with worker-2 at score 262, chosen by the seeded tie-break",
            "把 Pod web-2 绑定到 worker-1：选择了 worker-1：它与 worker-2 并列最高分 262，由带种子的随机决胜选出",
        ),
        (
            "pod big-1 does not fit anywhere: none of the 3 nodes passed the filters (control-plane: node(s) had untolerated taint {node-role.kubernetes.io/control-plane: }; worker-1: Insufficient cpu; worker-2: Insufficient cpu); it waits in the unschedulable queue until the cluster changes (or 5 minutes pass)",
            "Pod big-1 无处可放：3 个节点都没有通过过滤（control-plane: node(s) had untolerated taint {node-role.kubernetes.io/control-plane: }；worker-1: Insufficient cpu；worker-2: Insufficient cpu）；它在不可调度队列中等待，直到集群发生变化（或过了 5 分钟）",
        ),
        (
            "container worker is in CrashLoopBackOff: back-off 10s, so it is restarted at 00:00:31.000",
            "容器 worker 处于 CrashLoopBackOff：回退 10s，因此将在 00:00:31.000 重启",
        ),
        (
            "liveness probe of container nginx failed 3 times in a row (failureThreshold 3): the kubelet kills it and will restart it",
            "容器 nginx 的存活探针连续失败 3 次（failureThreshold 3）：kubelet 会杀死它，然后重启",
        ),
        (
            "worker-2: its Lease was last renewed at 00:01:00.000 and the node controller last saw a heartbeat at 00:01:00.000; the 50s grace period (--node-monitor-grace-period) has passed: set its conditions Ready, MemoryPressure, DiskPressure and PIDPressure to Unknown (NodeStatusUnknown: \"Kubelet stopped posting node status.\")",
            "worker-2：它的 Lease 最后一次续约是在 00:01:00.000，节点控制器最后一次看到心跳是在 00:01:00.000；50s 的宽限期（--node-monitor-grace-period）已过：把它的 Ready、MemoryPressure、DiskPressure 和 PIDPressure 状况设为 Unknown（NodeStatusUnknown: \"Kubelet stopped posting node status.\"）",
        ),
        (
            "pod web-1: it tolerated the NoExecute taint node.kubernetes.io/unreachable:NoExecute of worker-2 for 5m0s (tolerationSeconds), which ran out; added condition DisruptionTarget (DeletionByTaintManager) and deleted it with its 30s grace period",
            "Pod web-1：它对 worker-2 的 NoExecute 污点 node.kubernetes.io/unreachable:NoExecute 的容忍时长 5m0s（tolerationSeconds）已经用完；添加了状况 DisruptionTarget（DeletionByTaintManager），并以它的 30s 宽限期删除了它",
        ),
        (
            "Service web selects 2 pods with an IP: added web-1 (10.244.1.2, ready), web-2 became ready; updated EndpointSlice web-abcde (2 endpoints, 2 ready)",
            "Service web 选中了 2 个有 IP 的 Pod：加入了 web-1（10.244.1.2，就绪），web-2 变为就绪；更新了 EndpointSlice web-abcde（2 个端点，2 个就绪）",
        ),
        (
            "event broadcaster posted 2 Events (ScalingReplicaSet)",
            "事件广播器发布了 2 个事件（ScalingReplicaSet）",
        ),
    ];
    for (en, want) in table {
        assert_eq!(i18n::untranslated(en), Vec::<String>::new(), "{}", en);
        assert_eq!(i18n::explain(Lang::Zh, en), *want, "\n  from {}", en);
    }
}

#[test]
fn triggers_read_as_exact_chinese() {
    let table: &[(&str, &str)] = &[
        (
            "watch: MODIFIED replicasets web-7c5d (rev 42)",
            "watch 事件：MODIFIED replicasets web-7c5d（修订版本 42）",
        ),
        ("timer due at 00:00:01.300", "定时器到期（00:00:01.300）"),
        ("kubectl rollout undo", "命令 kubectl rollout undo"),
        ("event broadcaster", "事件广播器"),
        ("", ""),
    ];
    for (en, want) in table {
        assert_eq!(i18n::trigger(Lang::Zh, en), *want);
    }
    assert_eq!(i18n::woken_by(Lang::Zh, "timer"), "唤醒原因：定时器");
    assert_eq!(i18n::woken_by(Lang::En, "timer"), "woken by timer");
}

#[test]
fn language_tags_parse_and_the_browser_preference_decides() {
    for (tag, want) in [
        ("zh", Some(Lang::Zh)),
        ("zh-CN", Some(Lang::Zh)),
        ("zh-Hans", Some(Lang::Zh)),
        ("zh_TW", Some(Lang::Zh)),
        ("ZH-cn", Some(Lang::Zh)),
        ("en", Some(Lang::En)),
        ("en-GB", Some(Lang::En)),
        (" en-US ", Some(Lang::En)),
        ("fr", None),
        ("", None),
        ("zhx", None),
    ] {
        assert_eq!(Lang::parse(tag), want, "{:?}", tag);
    }
    assert_eq!(Lang::Zh.code(), "zh-CN");
    assert_eq!(Lang::En.code(), "en");
    assert_eq!(Lang::parse(Lang::Zh.code()), Some(Lang::Zh));
    let v = |xs: &[&str]| xs.iter().map(|s| s.to_string()).collect::<Vec<_>>();
    assert_eq!(Lang::from_browser(&v(&["zh-CN", "en"])), Lang::Zh);
    assert_eq!(Lang::from_browser(&v(&["en-US", "zh-CN"])), Lang::En);
    assert_eq!(
        Lang::from_browser(&v(&["fr-FR", "zh-Hans", "en"])),
        Lang::Zh
    );
    assert_eq!(Lang::from_browser(&v(&["fr-FR", "de"])), Lang::En);
    assert_eq!(Lang::from_browser(&[]), Lang::En);
}

#[test]
fn ui_strings_with_parameters_read_naturally() {
    assert_eq!(
        i18n::looking_at(Lang::En, 3, 9),
        "Looking at step 3 of 9: acting here (Apply, Tick, console) forks a new future from this point."
    );
    assert_eq!(
        i18n::looking_at(Lang::Zh, 3, 9),
        "正在查看第 3 步（共 9 步）：在这里操作（应用、时钟、控制台）会从这一点分叉出新的未来。"
    );
    assert_eq!(i18n::step_counter(Lang::Zh, 3, 9), "第 3 / 9 步");
    assert_eq!(i18n::restarts(Lang::En, 1), "1 restart");
    assert_eq!(i18n::restarts(Lang::En, 2), "2 restarts");
    assert_eq!(i18n::restarts(Lang::Zh, 2), "重启 2 次");
    assert_eq!(
        i18n::write_path(
            Lang::En,
            "kubelet/worker-1",
            &["update pods/a (rev 4)".into()],
            2,
            6
        ),
        "kubelet/worker-1 → kube-apiserver: update pods/a (rev 4) and 2 more → etcd revision 6"
    );
    assert_eq!(
        i18n::editor_error(Lang::Zh, Some(3), Some(5), "error: x"),
        "第 3 行，第 5 列：error: x"
    );
    assert_eq!(ui_en(Ui::Back), "◀ Back");
    assert_eq!(i18n::ui(Lang::Zh, Ui::KubeletStopped), "kubelet 已停止");
    assert_eq!(
        i18n::scenario_title(Lang::Zh, "rolling", "Rolling update"),
        "滚动更新"
    );
    assert_eq!(
        i18n::scenario_title(Lang::Zh, "not-a-scenario", "Something new"),
        "Something new"
    );
    assert_eq!(
        i18n::scenario_hint(Lang::En, "rolling", "English hint"),
        "English hint"
    );
}

fn ui_en(k: Ui) -> &'static str {
    i18n::ui(Lang::En, k)
}
