pub mod v1;

