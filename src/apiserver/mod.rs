//! kube-apiserver: request handling, defaulting, validation, admission.

pub mod decode;
pub mod defaults;
pub mod fields;
pub mod service;
pub mod validation;
// The REST layer (`kubestep serve`, the `api` command) is not part of the page's build.
#[cfg(not(feature = "web"))]
pub mod rest;
