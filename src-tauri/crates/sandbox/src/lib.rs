//! Stand-ins for the world outside the vault, faithful enough to test against and to train on:
//! a stateful BioTrack v1 server on loopback and virtual scales and scanners on ptys.
//! Depends on nothing of ours: it must behave like the real thing, not like our client wishes.

pub mod biotrack;
pub mod devices;
