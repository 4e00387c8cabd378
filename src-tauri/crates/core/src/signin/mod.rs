//! Agent sign-in and the station lock (being built).
