

mod storage_class;
pub use self::storage_class::StorageClass;

