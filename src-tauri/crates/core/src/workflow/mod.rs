//! The pick/verify workflow (being built).
