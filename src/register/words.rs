//! The words a register may use for an indicator's unit, polarity and measure.

use crate::model::{Measure, Polarity, Unit};
use crate::text::header_key;

/// Read a unit name.
pub fn parse_unit(s: &str) -> Option<Unit> {
    Some(match header_key(s).as_str() {
        "number" | "no" | "num" => Unit::Number,
        "percent" | "percentage" | "pct" | "" if s.trim() == "%" => Unit::Percent,
        "percent" | "percentage" | "pct" => Unit::Percent,
        "currency" | "pounds" | "gbp" => Unit::Currency,
        "" if s.trim() == "£" => Unit::Currency,
        "days" | "day" => Unit::Days,
        "count" => Unit::Count,
        "rate" => Unit::Rate,
        "ratio" => Unit::Ratio,
        _ => return None,
    })
}

/// Read a polarity.
pub fn parse_polarity(s: &str) -> Option<Polarity> {
    Some(match header_key(s).as_str() {
        "higher" | "higherisbetter" | "high" | "up" => Polarity::Higher,
        "lower" | "lowerisbetter" | "low" | "down" => Polarity::Lower,
        "band" | "ontarget" | "target" => Polarity::Band,
        "none" | "monitoring" | "monitoringonly" => Polarity::None,
        _ => return None,
    })
}

/// Read a measure.
pub fn parse_measure(s: &str) -> Option<Measure> {
    Some(match header_key(s).as_str() {
        "snapshot" | "point" | "pointintime" => Measure::Snapshot,
        "cumulative" | "ytd" | "yeartodate" => Measure::Cumulative,
        _ => return None,
    })
}
