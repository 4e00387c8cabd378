//! Virtual scales and scanners on ptys (being built).
