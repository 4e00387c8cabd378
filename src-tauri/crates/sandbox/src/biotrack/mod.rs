//! Stateful BioTrack v1 sandbox (being built).
