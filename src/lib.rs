//! kubestep: the Kubernetes control plane as a deterministic state machine.
//!
//! See ARCHITECTURE.md for the bird's-eye view. The engine does no I/O and reads no clock.

pub mod apiserver;
pub mod cluster;
pub mod controller;
pub mod cron;
pub mod engine;
pub mod events;
pub mod faults;
#[cfg(test)]
mod generated;
pub mod image;
pub mod kubeadm;
pub mod kubectl;
pub mod kubelet;
pub mod labels;
pub mod lang;
pub mod load;
pub mod logs;
pub mod metrics;
pub mod object;
pub mod podutil;
pub mod printers;
pub mod profile;
pub mod proxy;
pub mod quantity;
pub mod rng;
pub mod runtime;
pub mod scheduler;
pub mod script;
pub mod sort;
pub mod store;
pub mod textdiff;
pub mod time;
pub mod tzdata;
pub mod waiting;

pub use engine::{Chunk, Engine, EngineConfig, ExecOutput, Profile};
