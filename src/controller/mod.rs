//! Controllers of kube-controller-manager.

pub mod deployment;
pub mod replicaset;
