//! The TypeScript types in ui/src/bindings are generated from the Rust types that cross IPC, and
//! the words of every backend code (`ui/src/i18n/terms.*.json`) from the domain's catalogue.
//! These tests regenerate both and fail when the committed copies differ;
//! `UPDATE_BINDINGS=1 cargo test --test bindings` rewrites the committed copies.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use ts_rs::{Config, TS};

/// Every type a command takes or returns; their dependencies are exported with them.
fn export_all(cfg: &Config) {
    use clearance_domain as d;
    use clearance_tracker_lib::{commands, error, office, store};
    macro_rules! export {
        ($($t:ty),* $(,)?) => { $( <$t>::export_all(cfg).expect(stringify!($t)); )* };
    }
    export!(
        office::AppInfo,
        office::AccountSummary,
        d::access::Role,
        d::access::Operation,
        office::PersonDetail,
        office::PhotoView,
        office::AuditPage,
        office::ReplayReport,
        office::AuditFilter,
        office::AuditDetail,
        office::AuditCheck,
        d::audit::ChainHead,
        error::ApiError,
        d::register::PeopleQuery,
        d::register::PeoplePage,
        d::person::PersonInput,
        d::person::Person,
        d::audit::Verification,
        d::Lang,
        office::LifecycleView,
        office::PolicyInfo,
        d::lifecycle::Transition,
        d::lifecycle::ReturnedItem,
        d::lifecycle::PersonalEvent,
        d::lifecycle::TrainingSession,
        office::TrainingSessionsPage,
        store::IssuedForm,
        store::FormsPage,
        store::FormsQuery,
        office::FormVerification,
        commands::forms::FormIssued,
        commands::forms::FormSaved,
        commands::forms::FormDraft,
        store::FormState,
        office::SetupOptions,
        office::FirstStart,
        commands::files::FilePurpose,
        commands::files::DialogMode,
        commands::register::RegisterView,
        commands::register::RegisterStatus,
        commands::server::RegisterChoiceView,
        clearance_tracker_lib::paths::RegisterChoice,
        office::KeyStatus,
        office::FormSettings,
        office::ReminderBoard,
        office::ReminderFilter,
        office::ReminderRow,
        office::RemindersDone,
        office::NotificationText,
        office::TripView,
        office::TripSummary,
        office::TripAction,
        office::DocumentAction,
        office::DocumentEntry,
        office::Movement,
        office::PersonTravel,
        d::travel::TripInput,
        d::travel::document::DocumentInput,
        d::travel::countries::Country,
        d::history::AuditLine,
        office::RegisterCheck,
        office::BackupSettings,
        office::BackupReport,
        office::RestoreReport,
        office::ImportOptions,
        office::ImportReport,
        office::ExportRequest,
        office::ExportDone,
        office::RebuildProgress,
    );
}

fn read_dir(dir: &Path) -> BTreeMap<String, String> {
    std::fs::read_dir(dir)
        .map(|entries| {
            entries
                .filter_map(Result::ok)
                .filter(|e| e.path().extension().is_some_and(|x| x == "ts"))
                .map(|e| (e.file_name().to_string_lossy().into_owned(), std::fs::read_to_string(e.path()).unwrap_or_default()))
                .collect()
        })
        .unwrap_or_default()
}

#[test]
fn committed_typescript_bindings_are_up_to_date() {
    let committed_dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("ui/src/bindings");
    let fresh = tempfile::tempdir().expect("temp dir");
    let cfg = Config::new().with_large_int("number").with_out_dir(fresh.path());
    export_all(&cfg);
    let generated = read_dir(fresh.path());
    if std::env::var_os("UPDATE_BINDINGS").is_some() {
        for old in read_dir(&committed_dir).keys() {
            if !generated.contains_key(old) {
                std::fs::remove_file(committed_dir.join(old)).expect("remove stale binding");
            }
        }
        std::fs::create_dir_all(&committed_dir).expect("bindings dir");
        for (name, text) in &generated {
            std::fs::write(committed_dir.join(name), text).expect("write binding");
        }
        return;
    }
    let committed = read_dir(&committed_dir);
    let stale: Vec<&String> = generated.keys().filter(|k| committed.get(*k) != generated.get(*k)).collect();
    let extra: Vec<&String> = committed.keys().filter(|k| !generated.contains_key(*k)).collect();
    assert!(
        stale.is_empty() && extra.is_empty(),
        "ui/src/bindings is stale (changed or missing: {stale:?}; no longer generated: {extra:?}).\n\
         Run `UPDATE_BINDINGS=1 cargo test --test bindings` and commit the result."
    );
}

/// The window's words for the backend's codes are the domain's own (`clearance_domain::terms`),
/// written as JSON the UI merges into its dictionary.
#[test]
fn committed_terms_are_the_domains_catalogue() {
    use clearance_domain::Lang;
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("ui/src/i18n");
    let mut stale = Vec::new();
    for lang in [Lang::ZhCn, Lang::En] {
        let path = dir.join(format!("terms.{}.json", lang.tag()));
        let fresh = serde_json::to_string_pretty(&clearance_domain::terms::catalogue(lang)).expect("terms as JSON") + "\n";
        if std::env::var_os("UPDATE_BINDINGS").is_some() {
            std::fs::write(&path, &fresh).expect("write terms");
        } else if std::fs::read_to_string(&path).ok().as_deref() != Some(fresh.as_str()) {
            stale.push(path.display().to_string());
        }
    }
    assert!(stale.is_empty(), "{stale:?} differ from clearance_domain::terms: run `UPDATE_BINDINGS=1 cargo test --test bindings`");
}
