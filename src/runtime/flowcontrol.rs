//! Client-side rate limiting on the virtual clock: the token bucket of
//! `golang.org/x/time/rate` as client-go's `flowcontrol.NewTokenBucketRateLimiter` uses it
//! (`k8s.io/client-go/util/flowcontrol/throttle.go`), for each component's REST client
//! (kube-controller-manager's controllers 20 QPS / burst 30, the scheduler and the kubelets
//! 50 / 100), and for the workqueues' `DefaultControllerRateLimiter`.
//!
//! Tokens are counted in thousandths so that a bucket of integer QPS refills by exactly `qps`
//! milli-tokens per virtual millisecond: no floating point, the same arithmetic in wasm.

use crate::lang::Lang;
use crate::profile::Profile;
use crate::runtime::step::Explain;
use crate::time::{Millis, SimTime};

/// A REST client's `QPS` and `Burst` (`rest.Config`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ClientLimits {
    pub qps: i64,
    pub burst: i64,
}

/// kube-controller-manager's `--kube-api-qps` / `--kube-api-burst` defaults
/// (`pkg/controller/apis/config/v1alpha1/defaults.go`: 20 and 30), the same in 1.26 and 1.32.
pub const CONTROLLER_MANAGER: ClientLimits = ClientLimits { qps: 20, burst: 30 };
/// kube-scheduler's `clientConnection` defaults (`pkg/scheduler/apis/config/v1/defaults.go`:
/// 50 and 100).
pub const SCHEDULER: ClientLimits = ClientLimits {
    qps: 50,
    burst: 100,
};

/// The kubelet's `kubeAPIQPS` / `kubeAPIBurst` (`pkg/kubelet/apis/config/v1beta1/defaults.go`):
/// 50 / 100 since v1.27, 5 / 10 before.
pub fn kubelet_api(profile: Profile) -> ClientLimits {
    match profile {
        Profile::V1_32 => ClientLimits {
            qps: 50,
            burst: 100,
        },
        Profile::V1_26 => ClientLimits { qps: 5, burst: 10 },
    }
}

/// The kubelet's separate event client: `eventRecordQPS` 50, `eventBurst` 100.
pub const KUBELET_EVENTS: ClientLimits = ClientLimits {
    qps: 50,
    burst: 100,
};

/// The REST clients a component calls the API through.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Clients {
    /// The client of its API calls.
    pub api: ClientLimits,
    /// The client its event broadcaster posts through: `None` when it is the same client
    /// (each kube-controller-manager controller records with its own clientset), or a
    /// separate one (the scheduler's and the kubelet's event clients).
    pub events: Option<ClientLimits>,
}

impl Clients {
    /// A kube-controller-manager controller: its own clientset (20 QPS, burst 30), events
    /// included.
    pub const KUBE_CONTROLLER_MANAGER: Clients = Clients {
        api: CONTROLLER_MANAGER,
        events: None,
    };
}

/// A token bucket as `rate.Limiter` keeps one: it starts full, refills at `qps` per second
/// up to `burst`, and a reservation may take it below zero — the debt is the wait.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TokenBucket {
    /// Tokens × 1000 (negative: reserved ahead).
    milli_tokens: i64,
    last: SimTime,
    pub limits: ClientLimits,
}

impl TokenBucket {
    /// A full bucket at `now`.
    pub fn new(limits: ClientLimits, now: SimTime) -> TokenBucket {
        TokenBucket {
            milli_tokens: limits.burst * 1000,
            last: now,
            limits,
        }
    }

    /// `advance`: the tokens at `now` (never more than the burst).
    fn advance(&mut self, now: SimTime) {
        let elapsed = (now.0 - self.last.0).max(0);
        if elapsed > 0 {
            self.milli_tokens =
                (self.milli_tokens + elapsed * self.limits.qps).min(self.limits.burst * 1000);
            self.last = now;
        }
    }

    /// Milliseconds until one token is there (0: now), reserving nothing.
    pub fn wait_for_one(&mut self, now: SimTime) -> Millis {
        self.advance(now);
        let missing = 1000 - self.milli_tokens;
        if missing <= 0 {
            0
        } else {
            (missing + self.limits.qps - 1) / self.limits.qps
        }
    }

    /// Take a token if one is there now (`Limiter.Allow`, `TryAccept`).
    pub fn try_take(&mut self, now: SimTime) -> bool {
        self.advance(now);
        if self.milli_tokens >= 1000 {
            self.milli_tokens -= 1000;
            true
        } else {
            false
        }
    }

    /// `Reserve`: take `n` tokens, going into debt if need be; returns how long the last
    /// of them waits (ms, rounded up; 0 when they were all there).
    pub fn reserve(&mut self, now: SimTime, n: i64) -> Millis {
        self.advance(now);
        self.milli_tokens -= n * 1000;
        if self.milli_tokens >= 0 {
            0
        } else {
            (-self.milli_tokens + self.limits.qps - 1) / self.limits.qps
        }
    }
}

impl TokenBucket {
    /// Give back `n` tokens reserved but not used (`Reservation.Cancel`), up to the burst.
    pub fn refund(&mut self, n: i64) {
        self.milli_tokens = (self.milli_tokens + n * 1000).min(self.limits.burst * 1000);
    }
}

/// How a component's client paced a step.
#[derive(Clone, Debug)]
pub enum ClientWhy {
    /// The step's first request waited for a token (client-go's `Waited for …`).
    Waited { ms: Millis, limits: ClientLimits },
}

/// `0.05s`, `1.2s`, `2s`: a wait in seconds with no trailing zeros.
pub fn seconds(ms: Millis) -> String {
    let s = format!("{}.{:03}", ms / 1000, ms % 1000);
    let s = s.trim_end_matches('0').trim_end_matches('.');
    format!("{}s", s)
}

impl Explain for ClientWhy {
    fn text(&self, w: Lang) -> String {
        match self {
            ClientWhy::Waited { ms, limits } => w.pick(
                "waited {0} for its client's rate limiter ({1} QPS, burst {2})",
                "等待了 {0}：客户端限流器（每秒 {1} 个请求，突发 {2}）",
                [&seconds(*ms), &limits.qps, &limits.burst],
            ),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::runtime::step::ExplainText;

    const LIMITS: ClientLimits = CONTROLLER_MANAGER;

    /// `golang.org/x/time/rate`'s rate_test.go `TestSimultaneousRequests`-like table: a full
    /// bucket serves `burst` requests at once, then one every 1/qps; idle time refills it,
    /// never above the burst (`TestLimiterBurst…`, `TestReserve…`).
    #[test]
    fn reservations_table() {
        let mut b = TokenBucket::new(LIMITS, SimTime(0));
        // (time, reservations, wait of the last one)
        let table: &[(i64, i64, Millis)] = &[
            (0, 30, 0),   // the burst
            (0, 1, 50),   // 1/20 s
            (0, 1, 100),  // queued behind it
            (100, 1, 50), // 100 ms later two tokens came: debt 2 → 0, one more reserved
            (150, 1, 50),
            (10_000, 30, 0), // a long pause refills to the burst, no further
            (10_000, 1, 50),
            (10_010, 3, 190), // 10 ms: 0.2 tokens; 3 more → debt 3.8 → 190 ms
        ];
        for (i, &(t, n, want)) in table.iter().enumerate() {
            assert_eq!(b.reserve(SimTime(t), n), want, "row {}", i);
        }
    }

    #[test]
    fn waiting_for_one_token_reserves_nothing() {
        let mut b = TokenBucket::new(ClientLimits { qps: 5, burst: 10 }, SimTime(0));
        assert_eq!(b.reserve(SimTime(0), 10), 0);
        assert_eq!(b.wait_for_one(SimTime(0)), 200);
        assert_eq!(b.wait_for_one(SimTime(0)), 200);
        assert!(!b.try_take(SimTime(199)));
        assert!(b.try_take(SimTime(200)));
        assert!(!b.try_take(SimTime(200)));
        assert_eq!(b.wait_for_one(SimTime(250)), 150);
    }

    #[test]
    fn waits_print_in_seconds() {
        assert_eq!(seconds(50), "0.05s");
        assert_eq!(seconds(1200), "1.2s");
        assert_eq!(seconds(2000), "2s");
        let w = ClientWhy::Waited {
            ms: 50,
            limits: LIMITS,
        };
        assert_eq!(
            w.en(),
            "waited 0.05s for its client's rate limiter (20 QPS, burst 30)"
        );
        crate::runtime::step::check_all(std::slice::from_ref(&w), |_| 0, 1);
    }

    #[test]
    fn the_kubelet_client_is_faster_since_1_27() {
        assert_eq!(kubelet_api(Profile::V1_32).qps, 50);
        assert_eq!(
            kubelet_api(Profile::V1_26),
            ClientLimits { qps: 5, burst: 10 }
        );
    }
}
