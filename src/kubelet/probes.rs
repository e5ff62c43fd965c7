//! Container probes (`pkg/kubelet/prober/worker.go`, `prober.go`, `prober_manager.go`).
//!
//! Timing, as upstream: one probe worker per container and probe is created when the
//! kubelet admits the pod, and ticks every `periodSeconds` from then on (the random initial
//! sleep only happens right after a kubelet restart). A tick is skipped while the
//! container is not running, while `int(seconds since startedAt) < initialDelaySeconds`,
//! and (for readiness/liveness) until a startup probe has succeeded. When the kubelet
//! builds the status of a running container that is not ready yet it also triggers the
//! readiness worker at once (`UpdatePodStatus` → `manualTriggerCh`); this model does that
//! once, at the first sync after the container starts (the PLEG relist, 1s later).
//! A result only counts after `successThreshold` / `failureThreshold` equal results in a
//! row; a new container starts from readiness=failure, liveness=success, startup=unknown.

use k8s_openapi::api::core::v1::{Container, Probe};
use k8s_openapi::apimachinery::pkg::util::intstr::IntOrString;

use crate::faults::ProbeKind;
use crate::time::{Millis, SimTime};

/// The timing fields of one probe (defaults applied as `SetDefaults_Probe` does).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ProbeSpec {
    pub kind: ProbeKind,
    pub initial_delay_s: i32,
    pub period: Millis,
    pub success_threshold: i32,
    pub failure_threshold: i32,
}

impl ProbeSpec {
    fn from(kind: ProbeKind, p: &Probe) -> ProbeSpec {
        let pos = |v: Option<i32>, d: i32| v.filter(|v| *v > 0).unwrap_or(d);
        ProbeSpec {
            kind,
            initial_delay_s: p.initial_delay_seconds.unwrap_or(0).max(0),
            period: pos(p.period_seconds, 10) as Millis * 1000,
            success_threshold: pos(p.success_threshold, 1),
            failure_threshold: pos(p.failure_threshold, 3),
        }
    }

    /// The first tick at or after `t` (ticks at `origin + k × period`).
    pub fn tick_at_or_after(&self, origin: SimTime, t: SimTime) -> SimTime {
        if t <= origin {
            return origin;
        }
        let k = (t.0 - origin.0 + self.period - 1) / self.period;
        origin.plus(k * self.period)
    }

    /// Whether the initial delay has passed at `now` for a container started at `started`
    /// (`int32(time.Since(startedAt).Seconds()) < InitialDelaySeconds` skips the probe).
    pub fn delay_passed(&self, started: SimTime, now: SimTime) -> bool {
        (now.0 - started.0) / 1000 >= self.initial_delay_s as Millis
    }

    /// The next tick that actually probes a container started at `started`: strictly after
    /// `last` (the last tick handled, if any) and once the initial delay has passed.
    pub fn next_probe(&self, origin: SimTime, started: SimTime, last: Option<SimTime>) -> SimTime {
        let earliest = started.plus(self.initial_delay_s as Millis * 1000);
        let after_last = last.map(|l| l.plus(1)).unwrap_or(SimTime(i64::MIN));
        self.tick_at_or_after(origin, earliest.max(after_last))
    }
}

/// The probes a container declares, in the order the kubelet runs them.
pub fn probe_specs(c: &Container) -> Vec<(ProbeSpec, &Probe)> {
    let mut v = vec![];
    if let Some(p) = c.startup_probe.as_deref() {
        v.push((ProbeSpec::from(ProbeKind::Startup, p), p));
    }
    if let Some(p) = c.readiness_probe.as_deref() {
        v.push((ProbeSpec::from(ProbeKind::Readiness, p), p));
    }
    if let Some(p) = c.liveness_probe.as_deref() {
        v.push((ProbeSpec::from(ProbeKind::Liveness, p), p));
    }
    v
}

/// A probe worker's memory of results for the current container (`lastResult`, `resultRun`).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ProbeRun {
    pub last_result: Option<bool>,
    pub result_run: i32,
    /// The last tick handled.
    pub last_tick: Option<SimTime>,
    /// After a liveness/startup failure the worker stops until a new container appears.
    pub on_hold: bool,
}

impl ProbeRun {
    /// Count one result; returns the result once it reaches its threshold (the value the
    /// worker then sets in the results manager), `None` while below it.
    pub fn record(&mut self, ok: bool, spec: &ProbeSpec) -> Option<bool> {
        if self.last_result == Some(ok) {
            self.result_run += 1;
        } else {
            self.last_result = Some(ok);
            self.result_run = 1;
        }
        let need = if ok {
            spec.success_threshold
        } else {
            spec.failure_threshold
        };
        if self.result_run < need {
            return None;
        }
        if !ok && spec.kind != ProbeKind::Readiness {
            self.on_hold = true;
            self.result_run = 0;
        }
        Some(ok)
    }
}

fn port_of(port: &IntOrString, c: &Container) -> String {
    match port {
        IntOrString::Int(p) => p.to_string(),
        IntOrString::String(name) => c
            .ports
            .iter()
            .flatten()
            .find(|p| p.name.as_deref() == Some(name.as_str()))
            .map(|p| p.container_port.to_string())
            .unwrap_or_else(|| name.clone()),
    }
}

/// The output of a failing probe, as the prober reports it after `<Kind> probe failed: `.
pub fn failure_output(p: &Probe, c: &Container, pod_ip: &str) -> String {
    if p.http_get.is_some() {
        // prober/http: a non-2xx/3xx answer.
        return "HTTP probe failed with statuscode: 500".to_string();
    }
    if let Some(t) = p.tcp_socket.as_ref() {
        let host = t
            .host
            .as_deref()
            .filter(|h| !h.is_empty())
            .unwrap_or(pod_ip);
        return format!(
            "dial tcp {}:{}: connect: connection refused",
            host,
            port_of(&t.port, c)
        );
    }
    if let Some(g) = p.grpc.as_ref() {
        return format!(
            "timeout: failed to connect service \"{}:{}\" within {}s",
            pod_ip,
            g.port,
            p.timeout_seconds.unwrap_or(1).max(1)
        );
    }
    if let Some(e) = p.exec.as_ref() {
        // The command's own output; `cat FILE` is the classic example.
        let cmd = e.command.as_deref().unwrap_or(&[]);
        if let [c0, file] = cmd
            && c0 == "cat"
        {
            return format!("cat: can't open '{}': No such file or directory", file);
        }
        return String::new();
    }
    String::new()
}

#[cfg(test)]
mod tests {
    use super::*;
    use k8s_openapi::api::core::v1::{ExecAction, HTTPGetAction, TCPSocketAction};

    fn spec(delay: i32, period: i32, succ: i32, fail: i32) -> ProbeSpec {
        ProbeSpec {
            kind: ProbeKind::Readiness,
            initial_delay_s: delay,
            period: period as Millis * 1000,
            success_threshold: succ,
            failure_threshold: fail,
        }
    }

    #[test]
    fn first_probe_waits_for_the_initial_delay_then_the_next_tick() {
        // (admitted, started, delay, period) → first probing tick
        let rows = [
            (0, 2_000, 0, 10, 10_000),
            (0, 2_000, 5, 10, 10_000),
            (0, 2_000, 10, 10, 20_000),
            (300, 2_100, 5, 5, 10_300),
            (300, 2_100, 0, 1, 2_300),
            (1_000, 1_500, 3, 2, 5_000),
        ];
        for (origin, started, delay, period, want) in rows {
            let s = spec(delay, period, 1, 3);
            assert_eq!(
                s.next_probe(SimTime(origin), SimTime(started), None),
                SimTime(want),
                "origin {} started {} delay {} period {}",
                origin,
                started,
                delay,
                period
            );
        }
    }

    #[test]
    fn later_probes_follow_the_period() {
        let s = spec(0, 10, 1, 3);
        let t1 = s.next_probe(SimTime(0), SimTime(2_000), None);
        let t2 = s.next_probe(SimTime(0), SimTime(2_000), Some(t1));
        let t3 = s.next_probe(SimTime(0), SimTime(2_000), Some(t2));
        assert_eq!((t1.0, t2.0, t3.0), (10_000, 20_000, 30_000));
    }

    #[test]
    fn initial_delay_counts_whole_seconds() {
        let s = spec(5, 10, 1, 3);
        assert!(!s.delay_passed(SimTime(1_000), SimTime(5_999)));
        assert!(s.delay_passed(SimTime(1_000), SimTime(6_000)));
    }

    #[test]
    fn thresholds_need_consecutive_equal_results() {
        let s = spec(0, 10, 2, 3);
        let mut r = ProbeRun::default();
        // (probe ok?, result reported)
        let rows = [
            (true, None),
            (true, Some(true)),
            (false, None),
            (false, None),
            (true, None),
            (false, None),
            (false, None),
            (false, Some(false)),
            (false, Some(false)),
        ];
        for (i, (ok, want)) in rows.into_iter().enumerate() {
            assert_eq!(r.record(ok, &s), want, "row {}", i);
        }
    }

    #[test]
    fn a_failed_liveness_probe_holds_the_worker() {
        let mut s = spec(0, 10, 1, 1);
        s.kind = ProbeKind::Liveness;
        let mut r = ProbeRun::default();
        assert_eq!(r.record(false, &s), Some(false));
        assert!(r.on_hold);
    }

    #[test]
    fn failure_messages_look_like_the_prober() {
        let c = Container {
            name: "web".into(),
            ports: Some(vec![k8s_openapi::api::core::v1::ContainerPort {
                name: Some("http".into()),
                container_port: 8080,
                ..Default::default()
            }]),
            ..Default::default()
        };
        let http = Probe {
            http_get: Some(HTTPGetAction {
                port: IntOrString::Int(80),
                ..Default::default()
            }),
            ..Default::default()
        };
        let tcp = Probe {
            tcp_socket: Some(TCPSocketAction {
                port: IntOrString::String("http".into()),
                host: None,
            }),
            ..Default::default()
        };
        let exec = Probe {
            exec: Some(ExecAction {
                command: Some(vec!["cat".into(), "/tmp/healthy".into()]),
            }),
            ..Default::default()
        };
        assert_eq!(
            failure_output(&http, &c, "10.244.1.5"),
            "HTTP probe failed with statuscode: 500"
        );
        assert_eq!(
            failure_output(&tcp, &c, "10.244.1.5"),
            "dial tcp 10.244.1.5:8080: connect: connection refused"
        );
        assert_eq!(
            failure_output(&exec, &c, "10.244.1.5"),
            "cat: can't open '/tmp/healthy': No such file or directory"
        );
    }
}
