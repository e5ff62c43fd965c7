//! The step view's before/after YAML diff: the core's line diff.

pub use kubestep::textdiff::{Line, diff, hunks};
