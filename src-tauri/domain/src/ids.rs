//! The ids the register hands out to its records.
//!
//! Each kind of record has its own id type, so a trip's id can never be passed where a person's
//! is expected. Outside this crate an id can only come from the register itself
//! ([`PersonId::from_stored`] in the store) or from the window, which only ever holds ids the
//! register gave it: what a person types is resolved to an id at the edge (see
//! [`crate::person::PersonRef`]), never used as one.

/// Declares an id newtype: serialised as its number, its field private outside the crate.
macro_rules! record_id {
    ($(#[$meta:meta])* $name:ident) => {
        $(#[$meta])*
        #[derive(
            Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, serde::Serialize, serde::Deserialize, ts_rs::TS,
        )]
        #[ts(export)]
        #[serde(transparent)]
        pub struct $name(pub(crate) i64);

        impl $name {
            /// The id of a record not stored yet: the store gives it its own.
            pub const NEW: Self = $name(0);

            /// An id read back from the register (the row's primary key).
            pub const fn from_stored(raw: i64) -> Self {
                $name(raw)
            }

            /// The row's primary key, for the store's queries.
            pub const fn get(self) -> i64 {
                self.0
            }
        }

        /// Reads an id as typed at the command line: `42` or `#42`.
        impl std::str::FromStr for $name {
            type Err = String;

            fn from_str(text: &str) -> Result<Self, String> {
                let digits = text.trim().trim_start_matches(['#', '＃']).trim();
                match digits.parse::<i64>() {
                    Ok(n) if n > 0 => Ok($name(n)),
                    _ => Err(format!("“{}” 不是编号 / is not a number such as 42", text.trim())),
                }
            }
        }

        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                write!(f, "{}", self.0)
            }
        }
    };
}

pub(crate) use record_id;
