
pub mod v2;
