//! `ipr`: the Integrated Performance Report.
//!
//! Reads directorates' Excel returns, checks their data quality against the
//! council's indicator register, assesses each indicator against its target,
//! and writes one council-wide workbook.
//!
//! Data flows one way:
//! read (cells) -> returns (observations) -> quality (findings) -> assess (results) -> report,
//! with the types they share in [`model`] and the order of the stages in [`pipeline`].

#![warn(missing_docs)]

pub mod assess;
pub mod cellref;
pub mod config;
pub mod discover;
pub mod infile;
pub mod init;
pub mod metadata;
pub mod model;
pub mod number;
pub mod period;
pub mod pipeline;
pub mod plan;
pub mod quality;
pub mod read;
pub mod register;
pub mod register_format;
pub mod remedial;
pub mod report;
pub mod returns;
pub mod text;
pub mod workspace;
