//! TEMPORARY stub until the printers branch lands.
use crate::object::Object;
use crate::store::Store;
use crate::time::SimTime;
pub fn describe(obj: &Object, _store: &Store, _now: SimTime) -> String {
    format!("Name: {}\n", obj.name())
}
