//! kube-apiserver: request handling, defaulting, validation, admission.

pub mod decode;
pub mod defaults;
pub mod service;
pub mod validation;
