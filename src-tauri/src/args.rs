//! Command-line arguments. Two flags do not justify an argument-parser dependency.

use crate::paths::Mode;

pub const USAGE: &str = "\
Usage: vaultpick-app [--training]

  --training   training mode: its own data directory, seeded with demo products, packages and
               orders from a simulated point of sale (nothing reaches the state system)
  --help       show this help
  --version    show the version

Environment:
  VAULTPICK_DATA_DIR   base data directory (the app keeps `training/` and `production/` inside it)
  VAULTPICK_LOG        log filter, e.g. `debug` or `vaultpick_app=trace` (default `info`)";

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Args {
    pub mode: Mode,
}

#[derive(Debug, PartialEq, Eq)]
pub enum Parsed {
    Run(Args),
    Help,
    Version,
}

impl Args {
    pub fn parse(args: impl IntoIterator<Item = String>) -> Result<Parsed, String> {
        let mut mode = Mode::Production;
        for arg in args {
            match arg.as_str() {
                "--training" => mode = Mode::Training,
                "--help" | "-h" => return Ok(Parsed::Help),
                "--version" | "-V" => return Ok(Parsed::Version),
                other => return Err(format!("unknown argument '{other}'")),
            }
        }
        Ok(Parsed::Run(Args { mode }))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(args: &[&str]) -> Result<Parsed, String> {
        Args::parse(args.iter().map(|s| s.to_string()))
    }

    #[test]
    fn production_unless_training_is_asked_for() {
        assert_eq!(
            parse(&[]),
            Ok(Parsed::Run(Args {
                mode: Mode::Production
            }))
        );
        assert_eq!(
            parse(&["--training"]),
            Ok(Parsed::Run(Args {
                mode: Mode::Training
            }))
        );
    }

    #[test]
    fn unknown_arguments_are_refused_by_name() {
        let err = parse(&["--trainig"]).err().unwrap_or_default();
        assert!(err.contains("--trainig"), "{err}");
    }
}
