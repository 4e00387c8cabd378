//! Closed sets of values, each stored in SQLite as its stable lowercase name.

use serde::{Deserialize, Serialize};

/// Defines an enum whose variants map one-to-one to stable text names (used in SQLite and on the wire).
macro_rules! text_enum {
    ($(#[$m:meta])* $name:ident { $($variant:ident => $text:literal),+ $(,)? }) => {
        $(#[$m])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
        #[cfg_attr(feature = "specta", derive(specta::Type))]
        #[serde(rename_all = "snake_case")]
        pub enum $name { $($variant),+ }

        impl $name {
            pub const ALL: &'static [$name] = &[$($name::$variant),+];

            pub fn as_str(self) -> &'static str {
                match self { $($name::$variant => $text),+ }
            }
        }

        impl std::str::FromStr for $name {
            type Err = crate::CoreError;
            fn from_str(s: &str) -> Result<Self, Self::Err> {
                match s {
                    $($text => Ok($name::$variant),)+
                    other => Err(crate::CoreError::Invalid(format!(
                        "unknown {} '{}'", stringify!($name), other
                    ))),
                }
            }
        }

        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(self.as_str())
            }
        }

        impl rusqlite::types::ToSql for $name {
            fn to_sql(&self) -> rusqlite::Result<rusqlite::types::ToSqlOutput<'_>> {
                Ok(self.as_str().into())
            }
        }

        impl rusqlite::types::FromSql for $name {
            fn column_result(v: rusqlite::types::ValueRef<'_>) -> rusqlite::types::FromSqlResult<Self> {
                v.as_str()?.parse().map_err(|e| rusqlite::types::FromSqlError::Other(Box::new(e)))
            }
        }
    };
}

text_enum!(Category {
    Flower => "flower",
    PreRoll => "pre_roll",
    Vape => "vape",
    Edible => "edible",
    Concentrate => "concentrate",
    Topical => "topical",
});

text_enum!(QuantityUnit {
    Milligram => "mg",
    Each => "each",
});

text_enum!(PackageStatus {
    Active => "active",
    Quarantined => "quarantined",
    PendingSale => "pending_sale",
    Sold => "sold",
    Destroyed => "destroyed",
});

text_enum!(QaStatus {
    Passed => "passed",
    Pending => "pending",
    Failed => "failed",
});

text_enum!(Channel {
    Pickup => "pickup",
    Curbside => "curbside",
    Delivery => "delivery",
});

text_enum!(
    /// Where an order stands. Transitions are enforced by the workflow, not here.
    OrderStatus {
        Queued => "queued",
        Claimed => "claimed",
        Picking => "picking",
        Verifying => "verifying",
        Staged => "staged",
        HandedOff => "handed_off",
        Paused => "paused",
        Cancelled => "cancelled",
    }
);

impl Category {
    /// Edibles and topicals state potency per unit (mg THC per piece); the rest as a percentage.
    pub fn potency_per_unit(self) -> bool {
        matches!(self, Category::Edible | Category::Topical)
    }
}
