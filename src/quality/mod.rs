//! Data-quality rules over observations and the register.

pub mod finding;
