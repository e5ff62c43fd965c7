//! Controllers of kube-controller-manager.

pub mod deployment;
pub mod gc;
pub mod replicaset;
