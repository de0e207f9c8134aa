//! Who may do what: the roles of the accounts that sign in, the kinds of thing the office does,
//! and the one table between them.
//!
//! Every operation of the office layer asks [`allows`] before it reads or writes anything, for
//! the window and the CLI alike; a shared (PostgreSQL) backend maps its database roles onto the
//! same four and reuses this table. Pure: no clock, no storage. The account rules (names,
//! passwords, the wait after failed sign-ins) live here too, so they are tested without a register.

use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::FieldError;

/// What an account is for. Stored as its code (`clerk`); words in [`crate::terms`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, TS)]
#[ts(export)]
#[serde(rename_all = "snake_case")]
pub enum Role {
    /// Day-to-day work: people, lifecycle steps, trips requested and recorded, forms, training,
    /// reminders, import and export.
    Clerk,
    /// A clerk's work and the decisions: approves trips, puts a person on duty with an onboarding
    /// step missing, changes the policy.
    Approver,
    /// Reads everything and checks the audit trail; changes nothing.
    Auditor,
    /// Everything: accounts, backup, restore, encryption, settings, and (a small office may be
    /// one person) every clerk's and approver's power.
    Admin,
}

/// A kind of thing a role may or may not do: each office operation names one.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, TS)]
#[ts(export)]
#[serde(rename_all = "snake_case")]
pub enum Operation {
    /// Read the register: people, stages, travel, forms, reminders, the dashboard, settings.
    Read,
    /// Language and the system-tray choice: how the app behaves for whoever is at the keyboard.
    Preferences,
    /// Add and edit people, change a level, archive, photographs.
    EditPeople,
    /// Show a person's full ID number (recorded in the trail).
    RevealId,
    /// Lifecycle steps, stage changes, departures, releases, training, personal events.
    RecordSteps,
    /// Travel documents in custody and trips: requested, briefed, departed, returned, reported,
    /// closed, corrected, withdrawn.
    RecordTravel,
    /// Approve or refuse a trip.
    ApproveTrip,
    /// Put a person on duty while an onboarding step is missing.
    OverrideOnboarding,
    /// Choose or load the policy.
    ChangePolicy,
    /// Issue, receive, void and reprint forms.
    IssueForms,
    /// Acknowledge, snooze and withdraw reminders.
    Reminders,
    /// Import a roster.
    Import,
    /// Export a list (people, reminders, trips, documents, forms, calendar).
    Export,
    /// Read, verify and export the audit trail.
    Audit,
    /// Back the register up, and the automatic backups' settings.
    Backup,
    /// Restore the register from a backup.
    Restore,
    /// The register's encryption: passphrase, encryption in place, recovery key.
    Encryption,
    /// Create accounts, change their roles, disable them, set their passwords.
    Accounts,
    /// The office's settings: its name, the forms' language and templates, the idle lock,
    /// sample data.
    Settings,
    /// Work as if another day were today (the hidden `--today`).
    ShiftToday,
}

impl Role {
    pub const ALL: [Role; 4] = [Role::Clerk, Role::Approver, Role::Auditor, Role::Admin];
}

impl Operation {
    pub const ALL: [Operation; 20] = [
        Operation::Read,
        Operation::Preferences,
        Operation::EditPeople,
        Operation::RevealId,
        Operation::RecordSteps,
        Operation::RecordTravel,
        Operation::ApproveTrip,
        Operation::OverrideOnboarding,
        Operation::ChangePolicy,
        Operation::IssueForms,
        Operation::Reminders,
        Operation::Import,
        Operation::Export,
        Operation::Audit,
        Operation::Backup,
        Operation::Restore,
        Operation::Encryption,
        Operation::Accounts,
        Operation::Settings,
        Operation::ShiftToday,
    ];
}

/// The one table: whether `role` may do `op`.
pub fn allows(role: Role, op: Operation) -> bool {
    use Operation::*;
    let clerk = matches!(
        op,
        Read | Preferences | EditPeople | RevealId | RecordSteps | RecordTravel | IssueForms | Reminders | Import | Export | Audit
    );
    match role {
        Role::Admin => true,
        Role::Approver => clerk || matches!(op, ApproveTrip | OverrideOnboarding | ChangePolicy),
        Role::Clerk => clerk,
        Role::Auditor => matches!(op, Read | Preferences | Export | Audit),
    }
}

/// Everything `role` may do, in the table's order (what the window shows).
pub fn allowed(role: Role) -> Vec<Operation> {
    Operation::ALL.into_iter().filter(|op| allows(role, *op)).collect()
}

/// The shortest password an account may have.
pub const MIN_PASSWORD: usize = 8;
/// The longest (Argon2 takes more, but nobody types more).
pub const MAX_PASSWORD: usize = 256;
/// Consecutive failed sign-ins allowed before the waits begin.
pub const FREE_FAILURES: u32 = 4;
/// The first wait, doubled at each further failure up to [`MAX_WAIT_SECS`].
pub const FIRST_WAIT_SECS: i64 = 30;
pub const MAX_WAIT_SECS: i64 = 15 * 60;

/// A password as typed for a new account or a change: long enough, not only spaces, not absurd.
pub fn check_password(password: &str) -> Result<(), FieldError> {
    let len = password.chars().count();
    if password.trim().is_empty() {
        return Err(FieldError::new("password", "required").with("field", "password"));
    }
    if len < MIN_PASSWORD {
        return Err(FieldError::new("password", "account.password_short").with("min", MIN_PASSWORD).with("len", len));
    }
    if len > MAX_PASSWORD {
        return Err(FieldError::new("password", "too_long").with("field", "password").with("max", MAX_PASSWORD));
    }
    if password.chars().any(char::is_control) {
        return Err(FieldError::new("password", "account.password_control"));
    }
    Ok(())
}

/// An account's name, checked like every operator name the trail records.
pub fn account_name(raw: &str) -> Result<String, FieldError> {
    crate::text::operator_name(raw).map_err(|e| {
        if e.code == "operator.required" {
            FieldError::new("account", "account.name_required")
        } else {
            e
        }
    })
}

/// How long sign-in waits after the `failures`-th consecutive failure, in seconds: nothing for
/// the first four, then 30 s, 60 s, 120 s … up to 15 minutes.
pub fn wait_after(failures: u32) -> i64 {
    if failures <= FREE_FAILURES {
        return 0;
    }
    let doublings = (failures - FREE_FAILURES - 1).min(16);
    (FIRST_WAIT_SECS << doublings).min(MAX_WAIT_SECS)
}

#[cfg(test)]
mod tests {
    use super::*;
    use Operation::*;

    #[test]
    fn admin_may_do_everything() {
        for op in Operation::ALL {
            assert!(allows(Role::Admin, op), "{op:?}");
        }
    }

    #[test]
    fn a_clerk_does_the_day_to_day_work_and_nothing_more() {
        for op in [Read, EditPeople, RecordSteps, RecordTravel, IssueForms, Reminders, Import, Export, Audit, RevealId] {
            assert!(allows(Role::Clerk, op), "{op:?}");
        }
        for op in [ApproveTrip, OverrideOnboarding, ChangePolicy, Backup, Restore, Encryption, Accounts, Settings, ShiftToday] {
            assert!(!allows(Role::Clerk, op), "{op:?}");
        }
    }

    #[test]
    fn an_approver_is_a_clerk_who_also_decides() {
        for op in Operation::ALL {
            if allows(Role::Clerk, op) {
                assert!(allows(Role::Approver, op), "{op:?}");
            }
        }
        for op in [ApproveTrip, OverrideOnboarding, ChangePolicy] {
            assert!(allows(Role::Approver, op) && !allows(Role::Clerk, op), "{op:?}");
        }
        for op in [Backup, Restore, Encryption, Accounts, Settings, ShiftToday] {
            assert!(!allows(Role::Approver, op), "{op:?}");
        }
    }

    #[test]
    fn an_auditor_reads_and_checks_but_changes_nothing() {
        assert_eq!(allowed(Role::Auditor), vec![Read, Preferences, Export, Audit]);
        for op in [EditPeople, RevealId, RecordSteps, RecordTravel, ApproveTrip, Import, Backup, Accounts, ShiftToday] {
            assert!(!allows(Role::Auditor, op), "{op:?}");
        }
    }

    #[test]
    fn only_an_admin_shifts_today() {
        for role in Role::ALL {
            assert_eq!(allows(role, ShiftToday), role == Role::Admin, "{role:?}");
        }
    }

    #[test]
    fn every_role_may_read() {
        for role in Role::ALL {
            assert!(allows(role, Read) && allows(role, Preferences), "{role:?}");
        }
    }

    #[test]
    fn passwords_shorter_than_eight_are_refused() {
        assert_eq!(check_password("1234567").unwrap_err().code, "account.password_short");
        assert_eq!(check_password("        ").unwrap_err().code, "required");
        assert!(check_password("12345678").is_ok());
        assert!(check_password("密码密码密码密码").is_ok());
        assert_eq!(check_password("abcdefg\u{7}h").unwrap_err().code, "account.password_control");
        assert_eq!(check_password(&"x".repeat(257)).unwrap_err().code, "too_long");
    }

    #[test]
    fn account_names_are_checked_like_operator_names() {
        assert_eq!(account_name("  王芳 ").unwrap(), "王芳");
        assert_eq!(account_name(" ").unwrap_err().code, "account.name_required");
    }

    #[test]
    fn the_wait_grows_from_the_fifth_failure_and_is_capped() {
        assert_eq!((1..=4).map(wait_after).collect::<Vec<_>>(), [0, 0, 0, 0]);
        assert_eq!(wait_after(5), 30);
        assert_eq!(wait_after(6), 60);
        assert_eq!(wait_after(7), 120);
        assert_eq!(wait_after(50), MAX_WAIT_SECS);
        assert_eq!(wait_after(u32::MAX), MAX_WAIT_SECS);
    }
}
