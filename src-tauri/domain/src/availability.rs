//! What stands between a record and one of its steps before any input is looked at.
//!
//! Each step function (approve a trip, mark a person on duty ...) first asks a precondition
//! function, then checks its inputs. The lists of what can be done next (`Trip::available_steps`,
//! `lifecycle::available_actions`) ask the same functions, so a step they offer is never refused
//! for the record's state, and a step they omit or block is always refused.
//!
//! A precondition that depends on a date (a window, an end date, items back by then) is judged
//! on the day the step is dated: the step function passes the date it is given, the lists pass
//! today, the date their dialogs start with.

use crate::error::{Errors, FieldError};

/// The reasons a step cannot be taken now, in two kinds.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Preconditions {
    /// The record's state leaves no room for the step (approve a closed trip, release a person
    /// on duty): the step is not offered at all.
    pub not_applicable: Vec<FieldError>,
    /// The step belongs to the record's state but waits on something else (the travel document
    /// back in the safe, an end date, the items returned): offered, blocked, with the reason.
    pub waiting: Vec<FieldError>,
}

impl Preconditions {
    pub fn met() -> Preconditions {
        Preconditions::default()
    }

    pub fn not_applicable(reason: FieldError) -> Preconditions {
        Preconditions { not_applicable: vec![reason], waiting: Vec::new() }
    }

    pub fn waiting(reason: FieldError) -> Preconditions {
        Preconditions { not_applicable: Vec::new(), waiting: vec![reason] }
    }

    pub fn and_not_applicable(mut self, reason: FieldError) -> Preconditions {
        self.not_applicable.push(reason);
        self
    }

    pub fn and_waiting(mut self, reason: FieldError) -> Preconditions {
        self.waiting.push(reason);
        self
    }

    /// Whether the step is offered (possibly blocked).
    pub fn applies(&self) -> bool {
        self.not_applicable.is_empty()
    }

    pub fn is_met(&self) -> bool {
        self.not_applicable.is_empty() && self.waiting.is_empty()
    }

    /// The reason shown on an offered step that cannot be taken yet.
    pub fn blocker(&self) -> Option<FieldError> {
        self.waiting.first().cloned()
    }

    /// Every reason, those of the state first, into a step function's refusal.
    pub fn report(self, errors: &mut Errors) {
        for e in self.not_applicable.into_iter().chain(self.waiting) {
            errors.push_new(e);
        }
    }
}
