//! A cell -> a number, "no value", or the reason it is neither.
