//! kube-apiserver: request handling, defaulting, validation, admission.

pub mod admission;
pub mod autoscaling_v1;
pub mod decode;
pub mod defaults;
pub mod events_v1;
pub mod fields;
pub mod service;
pub mod validation;
// The REST layer: `kubestep serve`'s handler and the built-in kubectl's server side.
pub mod rest;
