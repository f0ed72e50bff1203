//! The indicator register: the council's definitions of its indicators.

mod embedded;
mod error;
mod index;
mod indicator;
mod load;
mod row;
mod targets;

pub use embedded::embedded_register;
pub(crate) use error::problem_list;
pub use error::{RegisterError, RegisterProblem};
pub use index::{
    directorate_key, header_key, normalise_code, same_directorate, unify_directorates, Register,
};
pub use indicator::{
    parse_measure, parse_polarity, parse_unit, Indicator, Measure, Polarity, Unit,
};
pub(crate) use load::find_header;
pub use load::{load_register, parse_register, RegisterOptions};
