//! Turning a metric's proposal into the replica count (`pkg/controller/podautoscaler/horizontal.go`):
//! without `spec.behavior`, the legacy rules (`normalizeDesiredReplicas`: a 5-minute
//! downscale stabilization window over past recommendations, and a scale-up limit of
//! max(2 × current, 4)); with it, `normalizeDesiredReplicasWithBehaviors` (stabilization
//! windows both ways and the scaling policies over the recorded scale events).

use crate::time::{Millis, SimTime};

/// `--horizontal-pod-autoscaler-downscale-stabilization`.
pub const DOWNSCALE_STABILIZATION_MS: Millis = 300_000;

/// A past recommendation (`timestampedRecommendation`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Recommendation {
    pub replicas: i32,
    pub at: SimTime,
}

/// A past scale change (`timestampedScaleEvent`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ScaleEvent {
    pub change: i32,
    pub at: SimTime,
    pub outdated: bool,
}

/// One direction's rules (`HPAScalingRules`), defaults applied.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Rules {
    pub window_s: i32,
    /// `Max`, `Min` or `Disabled`.
    pub select: String,
    /// (`Pods` or `Percent`, value, periodSeconds).
    pub policies: Vec<(String, i32, i32)>,
}

/// A condition to set: (reason, message).
pub type Cond = (&'static str, &'static str);

/// The outcome of normalization: the replicas, the AbleToScale reason/message and the
/// ScalingLimited status/reason/message.
#[derive(Clone, Debug, PartialEq)]
pub struct Normalized {
    pub replicas: i32,
    /// The stabilized recommendation (before rate limits and bounds).
    pub stabilized: i32,
    pub able: Cond,
    pub limited: bool,
    pub limit: Cond,
}

const READY: Cond = ("ReadyForNewScale", "recommended size matches current size");
const DOWN_STABILIZED: Cond = (
    "ScaleDownStabilized",
    "recent recommendations were higher than current one, applying the highest recent recommendation",
);
const UP_STABILIZED: Cond = (
    "ScaleUpStabilized",
    "recent recommendations were lower than current one, applying the lowest recent recommendation",
);
const WITHIN: Cond = (
    "DesiredWithinRange",
    "the desired count is within the acceptable range",
);
const UP_LIMIT: Cond = (
    "ScaleUpLimit",
    "the desired replica count is increasing faster than the maximum scale rate",
);
const DOWN_LIMIT: Cond = (
    "ScaleDownLimit",
    "the desired replica count is decreasing faster than the maximum scale rate",
);
const TOO_MANY: Cond = (
    "TooManyReplicas",
    "the desired replica count is more than the maximum replica count",
);
const TOO_FEW: Cond = (
    "TooFewReplicas",
    "the desired replica count is less than the minimum replica count",
);

/// `stabilizeRecommendation` (legacy): the highest recommendation of the window; the
/// proposal is recorded over the oldest expired sample (or appended).
pub fn stabilize_legacy(recs: &mut Vec<Recommendation>, proposal: i32, now: SimTime) -> i32 {
    let cutoff = now.plus(-DOWNSCALE_STABILIZATION_MS);
    let mut max = proposal;
    let mut old = None;
    for (i, r) in recs.iter().enumerate() {
        if r.at < cutoff {
            old = Some(i);
        } else if r.replicas > max {
            max = r.replicas;
        }
    }
    let rec = Recommendation {
        replicas: proposal,
        at: now,
    };
    match old {
        Some(i) => recs[i] = rec,
        None => recs.push(rec),
    }
    max
}

/// `calculateScaleUpLimit`: max(2 × current, 4).
pub fn scale_up_limit(current: i32) -> i32 {
    ((2.0 * current as f64).max(4.0)) as i32
}

/// `convertDesiredReplicasWithRules` (legacy bounds): (replicas, reason, message).
pub fn convert_with_rules(current: i32, desired: i32, min: i32, max: i32) -> (i32, Cond) {
    let limit = scale_up_limit(current);
    let (max_allowed, cond) = if max > limit {
        (limit, UP_LIMIT)
    } else {
        (max, TOO_MANY)
    };
    if desired < min {
        return (min, TOO_FEW);
    }
    if desired > max_allowed {
        return (max_allowed, cond);
    }
    (desired, WITHIN)
}

/// `normalizeDesiredReplicas`: the legacy path.
pub fn normalize_legacy(
    recs: &mut Vec<Recommendation>,
    current: i32,
    proposal: i32,
    min: i32,
    max: i32,
    now: SimTime,
) -> Normalized {
    let stabilized = stabilize_legacy(recs, proposal, now);
    let able = if stabilized != proposal {
        DOWN_STABILIZED
    } else {
        READY
    };
    let (replicas, limit) = convert_with_rules(current, stabilized, min, max);
    Normalized {
        replicas,
        stabilized,
        able,
        limited: replicas != stabilized,
        limit,
    }
}

/// `stabilizeRecommendationWithBehaviors`.
pub fn stabilize_with_behaviors(
    recs: &mut Vec<Recommendation>,
    current: i32,
    proposal: i32,
    up: &Rules,
    down: &Rules,
    now: SimTime,
) -> (i32, Cond) {
    let up_cut = now.plus(-(up.window_s as i64) * 1000);
    let down_cut = now.plus(-(down.window_s as i64) * 1000);
    let (mut up_rec, mut down_rec) = (proposal, proposal);
    let mut old = None;
    for (i, r) in recs.iter().enumerate() {
        if r.at > up_cut {
            up_rec = up_rec.min(r.replicas);
        }
        if r.at > down_cut {
            down_rec = down_rec.max(r.replicas);
        }
        if r.at < up_cut && r.at < down_cut {
            old = Some(i);
        }
    }
    let mut rec = current;
    if rec < up_rec {
        rec = up_rec;
    }
    if rec > down_rec {
        rec = down_rec;
    }
    let sample = Recommendation {
        replicas: proposal,
        at: now,
    };
    match old {
        Some(i) => recs[i] = sample,
        None => recs.push(sample),
    }
    let cond = if proposal >= current {
        UP_STABILIZED
    } else {
        DOWN_STABILIZED
    };
    (rec, cond)
}

/// `getReplicasChangePerPeriod`: the changes newer than the period.
pub fn change_per_period(period_s: i32, events: &[ScaleEvent], now: SimTime) -> i32 {
    let cutoff = now.plus(-(period_s as i64) * 1000);
    events
        .iter()
        .filter(|e| e.at > cutoff)
        .map(|e| e.change)
        .sum()
}

/// `calculateScaleUpLimitWithScalingRules`.
pub fn scale_up_limit_with_rules(
    current: i32,
    events: &[ScaleEvent],
    r: &Rules,
    now: SimTime,
) -> i32 {
    if r.select == "Disabled" {
        return current;
    }
    let min_change = r.select == "Min";
    let mut result = if min_change { i32::MAX } else { i32::MIN };
    for (ty, value, period) in &r.policies {
        let start = current - change_per_period(*period, events, now);
        let proposed = if ty == "Pods" {
            start.saturating_add(*value)
        } else {
            (start as f64 * (1.0 + *value as f64 / 100.0)).ceil() as i32
        };
        result = if min_change {
            result.min(proposed)
        } else {
            result.max(proposed)
        };
    }
    result
}

/// `calculateScaleDownLimitWithBehaviors`.
pub fn scale_down_limit_with_rules(
    current: i32,
    events: &[ScaleEvent],
    r: &Rules,
    now: SimTime,
) -> i32 {
    if r.select == "Disabled" {
        return current;
    }
    let min_change = r.select == "Min";
    let mut result = if min_change { i32::MIN } else { i32::MAX };
    for (ty, value, period) in &r.policies {
        let start = current + change_per_period(*period, events, now);
        let proposed = if ty == "Pods" {
            start - value
        } else {
            (start as f64 * (1.0 - *value as f64 / 100.0)) as i32
        };
        result = if min_change {
            result.max(proposed)
        } else {
            result.min(proposed)
        };
    }
    result
}

/// `convertDesiredReplicasWithBehaviorRate`.
#[allow(clippy::too_many_arguments)]
pub fn convert_with_behavior_rate(
    current: i32,
    desired: i32,
    min: i32,
    max: i32,
    up: &Rules,
    down: &Rules,
    up_events: &[ScaleEvent],
    down_events: &[ScaleEvent],
    now: SimTime,
) -> (i32, Cond) {
    if desired > current {
        let limit = scale_up_limit_with_rules(current, up_events, up, now).max(current);
        let (max_allowed, cond) = if max > limit {
            (limit, UP_LIMIT)
        } else {
            (max, TOO_MANY)
        };
        if desired > max_allowed {
            return (max_allowed, cond);
        }
    } else if desired < current {
        let limit = scale_down_limit_with_rules(current, down_events, down, now).min(current);
        let (min_allowed, cond) = if min < limit {
            (limit, DOWN_LIMIT)
        } else {
            (min, TOO_FEW)
        };
        if desired < min_allowed {
            return (min_allowed, cond);
        }
    }
    (desired, WITHIN)
}

/// `normalizeDesiredReplicasWithBehaviors`.
#[allow(clippy::too_many_arguments)]
pub fn normalize_with_behaviors(
    recs: &mut Vec<Recommendation>,
    up_events: &[ScaleEvent],
    down_events: &[ScaleEvent],
    current: i32,
    proposal: i32,
    min: i32,
    max: i32,
    up: &Rules,
    down: &Rules,
    now: SimTime,
) -> Normalized {
    let (stabilized, cond) = stabilize_with_behaviors(recs, current, proposal, up, down, now);
    let able = if stabilized != proposal { cond } else { READY };
    let (replicas, limit) = convert_with_behavior_rate(
        current,
        stabilized,
        min,
        max,
        up,
        down,
        up_events,
        down_events,
        now,
    );
    Normalized {
        replicas,
        stabilized,
        able,
        limited: replicas != stabilized,
        limit,
    }
}

/// `storeScaleEvent`: record a change over the first outdated event (older than the
/// direction's longest policy period), or append.
pub fn store_scale_event(
    events: &mut Vec<ScaleEvent>,
    change: i32,
    longest_period_s: i32,
    now: SimTime,
) {
    let cutoff = now.plus(-(longest_period_s as i64) * 1000);
    for e in events.iter_mut() {
        if e.at < cutoff {
            e.outdated = true;
        }
    }
    let ev = ScaleEvent {
        change,
        at: now,
        outdated: false,
    };
    match events.iter().position(|e| e.outdated) {
        Some(i) => events[i] = ev,
        None => events.push(ev),
    }
}

/// The default rules (`GenerateHPAScaleUpRules` / `GenerateHPAScaleDownRules`).
pub fn default_up() -> Rules {
    Rules {
        window_s: 0,
        select: "Max".into(),
        policies: vec![("Pods".into(), 4, 15), ("Percent".into(), 100, 15)],
    }
}

/// See [`default_up`].
pub fn default_down() -> Rules {
    Rules {
        window_s: 300,
        select: "Max".into(),
        policies: vec![("Percent".into(), 100, 15)],
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn t(s: i64) -> SimTime {
        SimTime(s * 1000)
    }

    /// horizontal_test.go TestNormalizeDesiredReplicas-style: the legacy window holds the
    /// highest of the last five minutes.
    #[test]
    fn legacy_downscale_waits_five_minutes() {
        let mut recs = vec![Recommendation {
            replicas: 5,
            at: t(0),
        }];
        let n = normalize_legacy(&mut recs, 5, 2, 1, 10, t(60));
        assert_eq!((n.replicas, n.able.0), (5, "ScaleDownStabilized"));
        // At 301 s the 5 is older than the window; the 2 of t=60 is not.
        let n = normalize_legacy(&mut recs, 5, 2, 1, 10, t(301));
        assert_eq!((n.replicas, n.able.0), (2, "ReadyForNewScale"));
    }

    /// TestScaleUpLimit-style: the legacy scale-up is capped at max(2 × current, 4).
    #[test]
    fn legacy_scale_up_is_capped() {
        assert_eq!(convert_with_rules(1, 10, 1, 20), (4, UP_LIMIT));
        assert_eq!(convert_with_rules(3, 10, 1, 20), (6, UP_LIMIT));
        assert_eq!(convert_with_rules(3, 10, 1, 5), (5, TOO_MANY));
        assert_eq!(convert_with_rules(3, 0, 1, 5), (1, TOO_FEW));
        assert_eq!(convert_with_rules(3, 4, 1, 5), (4, WITHIN));
    }

    /// TestGenerateScaleUpRules / TestScalingWithRules-style tables for the policies.
    #[test]
    fn policies_limit_the_rate() {
        let up = default_up();
        // From 1: Pods 4 → 5, Percent 100 → 2; Max → 5.
        assert_eq!(scale_up_limit_with_rules(1, &[], &up, t(100)), 5);
        // From 10: Pods → 14, Percent → 20; Max → 20.
        assert_eq!(scale_up_limit_with_rules(10, &[], &up, t(100)), 20);
        // A change of +3 ten seconds ago counts against the period's start.
        let ev = [ScaleEvent {
            change: 3,
            at: t(90),
            outdated: false,
        }];
        assert_eq!(scale_up_limit_with_rules(4, &ev, &up, t(100)), 5);
        let mut min_up = default_up();
        min_up.select = "Min".into();
        assert_eq!(scale_up_limit_with_rules(10, &[], &min_up, t(100)), 14);
        let down = default_down();
        // Percent 100 down: to 0 (bounded by minReplicas elsewhere).
        assert_eq!(scale_down_limit_with_rules(10, &[], &down, t(100)), 0);
        let pods_down = Rules {
            window_s: 0,
            select: "Max".into(),
            policies: vec![("Pods".into(), 1, 60), ("Percent".into(), 10, 60)],
        };
        // Max change when scaling down picks the lower bound: 10-1 = 9 vs 10*0.9 = 9.
        assert_eq!(scale_down_limit_with_rules(10, &[], &pods_down, t(100)), 9);
        let mut disabled = default_down();
        disabled.select = "Disabled".into();
        assert_eq!(scale_down_limit_with_rules(10, &[], &disabled, t(100)), 10);
    }

    #[test]
    fn behavior_windows_stabilize_both_ways() {
        let up = Rules {
            window_s: 60,
            ..default_up()
        };
        let down = default_down();
        let mut recs = vec![
            Recommendation {
                replicas: 3,
                at: t(50),
            },
            Recommendation {
                replicas: 8,
                at: t(80),
            },
        ];
        // Proposal 6 from 4: up window (60 s) holds the lowest of (3, 8, 6) = 3 → stays 4;
        // the down window's highest is 8 → no cap.
        let n = normalize_with_behaviors(&mut recs, &[], &[], 4, 6, 1, 10, &up, &down, t(100));
        assert_eq!((n.replicas, n.able.0), (4, "ScaleUpStabilized"));
    }

    #[test]
    fn scale_events_reuse_outdated_slots() {
        let mut ev = vec![ScaleEvent {
            change: 2,
            at: t(0),
            outdated: false,
        }];
        store_scale_event(&mut ev, 3, 15, t(100));
        assert_eq!(ev.len(), 1);
        assert_eq!(ev[0].change, 3);
        store_scale_event(&mut ev, 1, 15, t(105));
        assert_eq!(ev.len(), 2);
    }

    /// horizontal_test.go TestConvertDesiredReplicasWithRules and TestNormalizeDesiredReplicas.
    #[test]
    fn upstream_legacy_tables() {
        // (current, desired, min, max) → (replicas, reason)
        for (cur, des, min, max, want, reason) in [
            (5, 7, 3, 8, 7, "DesiredWithinRange"),
            (3, 1, 2, 8, 2, "TooFewReplicas"),
            (1, 0, 0, 10, 0, "DesiredWithinRange"),
            (20, 1000, 1, 10, 10, "TooManyReplicas"),
            (3, 1000, 1, 2000, 6, "ScaleUpLimit"),
        ] {
            let (r, c) = convert_with_rules(cur, des, min, max);
            assert_eq!((r, c.0), (want, reason), "{cur} {des} {min} {max}");
        }
        let now = t(3600);
        let rec = |r: i32, ago_s: i64| Recommendation {
            replicas: r,
            at: now.plus(-ago_s * 1000),
        };
        // (log, proposal) → (stabilized, log length)
        let cases: Vec<(Vec<Recommendation>, i32, i32, usize)> = vec![
            (vec![], 5, 5, 1),
            (vec![rec(4, 120), rec(5, 60)], 3, 5, 3),
            (vec![rec(1, 120), rec(2, 60)], 3, 3, 3),
            (vec![rec(10, 600), rec(9, 540)], 3, 3, 2),
            (
                vec![rec(10, 600), rec(4, 60), rec(5, 120), rec(9, 540)],
                3,
                5,
                4,
            ),
        ];
        for (mut log, p, want, len) in cases {
            assert_eq!(stabilize_legacy(&mut log, p, now), want);
            assert_eq!(log.len(), len);
        }
    }

    /// TestScalingWithRules (convertDesiredReplicasWithBehaviorRate), rows without events.
    #[test]
    fn upstream_scaling_with_rules() {
        let rules = |pods: Option<(i32, i32)>, pct: Option<(i32, i32)>| Rules {
            window_s: 0,
            select: "Max".into(),
            policies: pods
                .map(|(v, p)| ("Pods".to_string(), v, p))
                .into_iter()
                .chain(pct.map(|(v, p)| ("Percent".to_string(), v, p)))
                .collect(),
        };
        let now = t(1000);
        let up = |r: &Rules, cur, des, min, max| {
            convert_with_behavior_rate(cur, des, min, max, r, &default_down(), &[], &[], now)
        };
        let down = |r: &Rules, cur, des, min, max| {
            convert_with_behavior_rate(cur, des, min, max, &default_up(), r, &[], &[], now)
        };
        assert_eq!(up(&default_up(), 10, 50, 1, 1000), (20, UP_LIMIT));
        assert_eq!(
            up(&rules(Some((100, 60)), Some((100, 60))), 10, 500, 1, 1000),
            (110, UP_LIMIT)
        );
        assert_eq!(
            up(&rules(Some((2, 60)), Some((100, 60))), 10, 500, 1, 1000),
            (20, UP_LIMIT)
        );
        assert_eq!(
            up(&rules(Some((30, 60)), None), 10, 50, 1, 1000),
            (40, UP_LIMIT)
        );
        assert_eq!(
            up(&rules(None, Some((200, 60))), 10, 50, 1, 1000),
            (30, UP_LIMIT)
        );
        assert_eq!(
            up(&rules(None, Some((1, 60))), 3, 1000, 1, 1000),
            (4, UP_LIMIT)
        );
        assert_eq!(
            down(&rules(Some((20, 60)), None), 1000, 3, 3, 1000),
            (980, DOWN_LIMIT)
        );
        assert_eq!(
            down(&rules(Some((20, 60)), Some((1, 60))), 100, 2, 1, 1000),
            (80, DOWN_LIMIT)
        );
        assert_eq!(
            down(&rules(Some((2, 60)), Some((1, 60))), 100, 2, 1, 1000),
            (98, DOWN_LIMIT)
        );
        assert_eq!(
            down(&rules(Some((5, 60)), None), 10, 2, 1, 1000),
            (5, DOWN_LIMIT)
        );
        assert_eq!(
            down(&rules(None, Some((50, 60))), 10, 5, 1, 1000),
            (5, WITHIN)
        );
        assert_eq!(
            down(&rules(None, Some((100, 60))), 10, 2, 5, 1000),
            (5, TOO_FEW)
        );
    }
}
