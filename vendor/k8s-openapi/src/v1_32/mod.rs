

pub mod api;

pub mod apimachinery;

