//! ReplicaSet controller (`pkg/controller/replicaset`).

pub mod ranking;
