//! The lifecycle of a cleared person (DOMAIN.md §3): onboarding → on duty → departing →
//! decommissioning → released.

use serde::{Deserialize, Serialize};
use ts_rs::TS;

/// The stage a person is in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, TS)]
#[ts(export)]
#[serde(rename_all = "snake_case")]
pub enum Stage {
    Onboarding,
    OnDuty,
    Departing,
    Decommissioning,
    Released,
}

impl Stage {
    pub const ALL: [Stage; 5] = [Stage::Onboarding, Stage::OnDuty, Stage::Departing, Stage::Decommissioning, Stage::Released];
}
