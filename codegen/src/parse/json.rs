//! Tolerant JSON reading for annotations and example bodies.
