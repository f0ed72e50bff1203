//! Return layouts -> observations.
