//! What a step records: the writes and events a component made, and why. A leaf of the
//! runtime (no `Runtime` here), so every module can name these types without a cycle.

use crate::events::EventSpec;
use crate::object::Kind;
use crate::time::SimTime;

/// One API write made during a step.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct WriteRec {
    /// `create`, `update`, `update status`, `delete` (graceful: marks), `remove`.
    pub verb: String,
    pub kind: Kind,
    pub namespace: String,
    pub name: String,
    pub rev: i64,
}

/// An event emitted during a step (as written, after aggregation).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct EventRec {
    pub ty: String,
    pub reason: String,
    pub object: String,
    pub message: String,
}

/// The record of one step: who did what, why, and what it wrote.
#[derive(Clone, Debug)]
pub struct StepRecord {
    /// 1-based step number since the cluster was reset.
    pub index: u64,
    pub time: SimTime,
    /// `deployment-controller`, `kubelet/worker-1`, …
    pub component: String,
    /// What woke the component (`watch: MODIFIED replicasets/web-7c5d`, `timer`, `kubectl`).
    pub trigger: String,
    /// One plain sentence: what the component did and why.
    pub summary: String,
    pub writes: Vec<WriteRec>,
    pub events: Vec<EventRec>,
    /// Store revision after the step.
    pub revision: i64,
}

impl StepRecord {
    /// `[00:00:01.300] kubelet/worker-1: …` as `step` prints it.
    pub fn line(&self) -> String {
        format!(
            "[{}] {}: {}",
            self.time.clock(),
            self.component,
            self.summary
        )
    }
}

/// Per-step scratch: the writes and events collected while a component works.
#[derive(Debug, Default)]
pub struct StepCtx {
    pub component: String,
    pub trigger: String,
    pub writes: Vec<WriteRec>,
    pub events: Vec<EventRec>,
    pub why: Vec<String>,
    /// Events the component records after its API calls return; they are posted by the
    /// component's event broadcaster in a later step (client-go's recorder is asynchronous).
    pub deferred_events: Vec<EventSpec>,
}

impl StepCtx {
    pub fn new(component: impl Into<String>, trigger: impl Into<String>) -> StepCtx {
        StepCtx {
            component: component.into(),
            trigger: trigger.into(),
            ..Default::default()
        }
    }

    pub fn say(&mut self, s: impl Into<String>) {
        self.why.push(s.into());
    }

    pub fn did_something(&self) -> bool {
        !self.writes.is_empty() || !self.events.is_empty() || !self.deferred_events.is_empty()
    }
}
