//! The indicator register: the council's definitions of its indicators, read
//! from its file into [`crate::model::Register`], or every bad row.

mod embedded;
mod error;
mod load;
mod row;
mod targets;
mod words;

pub use embedded::embedded_register;
pub(crate) use error::problem_list;
pub use error::{RegisterError, RegisterProblem};
pub(crate) use load::{attribute_columns, find_header};
pub use load::{load_register, parse_register, RegisterOptions};
pub use words::{parse_measure, parse_polarity, parse_unit};
