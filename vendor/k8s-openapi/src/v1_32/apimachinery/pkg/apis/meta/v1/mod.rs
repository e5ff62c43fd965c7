

mod condition;
pub use self::condition::Condition;

mod fields_v1;
pub use self::fields_v1::FieldsV1;

mod label_selector;
pub use self::label_selector::LabelSelector;

mod label_selector_requirement;
pub use self::label_selector_requirement::LabelSelectorRequirement;

mod managed_fields_entry;
pub use self::managed_fields_entry::ManagedFieldsEntry;

mod micro_time;
pub use self::micro_time::MicroTime;

mod object_meta;
pub use self::object_meta::ObjectMeta;

mod owner_reference;
pub use self::owner_reference::OwnerReference;

mod time;
pub use self::time::Time;

