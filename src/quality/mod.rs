//! Data-quality rules over observations and the register.

pub mod checks;
pub mod finding;
pub mod history;
pub mod rules;
