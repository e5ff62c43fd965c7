

pub mod apps;

pub mod autoscaling;

pub mod batch;

pub mod coordination;

pub mod core;

pub mod discovery;

pub mod policy;

pub mod storage;

