//! The command line's shape (clap). `--json` output is documented in docs/cli.md.

use std::path::PathBuf;

use chrono::NaiveDate;
use clap::builder::{PossibleValue, PossibleValuesParser, TypedValueParser};
use clap::{Args, Parser, Subcommand};
use clearance_domain::id_card::Sex;
use clearance_domain::person::PersonInput;
use clearance_domain::register::SortKey;
use clearance_domain::terms::Term;
use clearance_domain::Lang;

#[derive(Parser, Debug)]
#[command(
    name = "clearance-tracker",
    version,
    about = "Clearance Tracker: the register of cleared personnel.\nWith no command, opens the window."
)]
pub struct Cli {
    /// The register file (default: register.db in the app's data directory).
    #[arg(long, global = true, value_name = "PATH", env = "CLEARANCE_TRACKER_DB")]
    pub db: Option<PathBuf>,
    /// The account to sign in as (the audit trail records it). Its password is asked for on a
    /// terminal, or read from the file named by CLEARANCE_TRACKER_PASSWORD_FILE; never an argument.
    #[arg(long, global = true, value_name = "NAME", env = "CLEARANCE_TRACKER_USER")]
    pub user: Option<String>,
    /// Language of messages: zh-CN or en (default: the app's setting, else the OS locale).
    #[arg(long, global = true, value_parser = parse_lang)]
    pub lang: Option<Lang>,
    /// Open the register for reading only: nothing can be changed.
    #[arg(long = "read-only", global = true)]
    pub read_only: bool,
    /// A file holding the encrypted register's passphrase or its recovery key (never the
    /// passphrase itself on the command line). Without it, an encrypted register asks on a terminal.
    #[arg(long = "key-file", global = true, value_name = "PATH", env = "CLEARANCE_TRACKER_KEY_FILE")]
    pub key_file: Option<PathBuf>,
    /// Treat this date as today (for checking what the register will say on a given day).
    /// Administrators only; entries made under it record the day beside the real time.
    #[arg(long, global = true, value_name = "YYYY-MM-DD", value_parser = crate::cli::args::date_arg, hide = true)]
    pub today: Option<NaiveDate>,
    #[command(subcommand)]
    pub command: Option<Command>,
}

/// The value parser for any term of the domain's vocabulary: its code (`on_duty`, or `on-duty`),
/// its words in either language (`在岗`, `On duty`), or one of `aliases`, ignoring case. `--help`
/// lists the codes.
pub fn term<T: Term + Send + Sync>(aliases: &'static [(&'static str, &'static str)]) -> impl TypedValueParser<Value = T> {
    let spellings = |t: T| {
        let (zh, en) = t.words();
        let extra = aliases.iter().filter(move |(_, code)| *code == t.code()).map(|(alias, _)| alias.to_string());
        [t.code().to_owned(), t.code().replace('_', "-"), zh.to_owned(), en.to_owned()].into_iter().chain(extra)
    };
    let values = T::ALL.iter().map(move |t| {
        let mut value = PossibleValue::new(t.code());
        for s in spellings(*t).skip(1) {
            value = value.alias(s);
        }
        value
    });
    PossibleValuesParser::new(values).map(move |typed: String| {
        let typed = typed.trim().to_lowercase();
        // PossibleValuesParser let only a spelling of some term through.
        T::ALL.iter().copied().find(|t| spellings(*t).any(|s| s.to_lowercase() == typed)).unwrap_or(T::ALL[0])
    })
}

/// A date as typed on the command line, read by the same rule as every date the office types
/// (`2026-03-01`, `2026/3/1`, `2026年3月1日`, full-width digits; no two-digit years, nothing
/// outside 1900–2100). The register's language is not known yet: the refusal says it in both.
pub fn date_arg(s: &str) -> Result<NaiveDate, String> {
    clearance_domain::parse_date("date", s).map_err(|e| format!("{} / {}", e.message(Lang::ZhCn), e.message(Lang::En)))
}

fn parse_lang(s: &str) -> Result<Lang, String> {
    Lang::parse(s).ok_or_else(|| format!("expected zh-CN or en, got {s:?}"))
}

#[derive(Subcommand, Debug)]
pub enum Command {
    /// The register of people.
    #[command(subcommand)]
    Person(PersonCommand),
    /// The audit trail.
    #[command(subcommand)]
    Audit(AuditCommand),
    /// Language, the idle lock, and where the register is.
    #[command(subcommand)]
    Settings(SettingsCommand),
    /// Accounts that sign in: create, list, set-role, disable, enable, password.
    #[command(subcommand)]
    Account(crate::cli::accounts::AccountCommand),
    /// The register's encryption: status, change (of passphrase), encrypt (a plain register), recovery (key).
    #[command(subcommand)]
    Key(crate::cli::key::KeyCommand),
    /// Lifecycle steps.
    #[command(subcommand)]
    Step(crate::cli::lifecycle::StepCommand),
    /// A person's stage: show, advance, extend the decommissioning period.
    #[command(subcommand)]
    Stage(crate::cli::lifecycle::StageCommand),
    /// Start a departure: leaving the post or the organisation.
    Depart {
        person: String,
        /// post (leaving the post) or organisation (leaving the organisation).
        #[arg(long, value_parser = term::<clearance_domain::lifecycle::DepartureKind>(&[
            ("post", "leave_post"),
            ("organisation", "leave_organisation"),
            ("organization", "leave_organisation"),
        ]))]
        kind: clearance_domain::lifecycle::DepartureKind,
        #[arg(long, value_name = "YYYY-MM-DD", value_parser = crate::cli::args::date_arg)]
        date: NaiveDate,
        #[arg(long)]
        json: bool,
    },
    /// Set the departure's returned-items checklist (replaces it).
    Returned {
        person: String,
        /// ITEM;CLASSIFICATION;NUMBER;RECEIVED_BY;YYYY-MM-DD (repeat for each item).
        #[arg(long = "item")]
        items: Vec<String>,
        #[arg(long)]
        json: bool,
    },
    /// Release a person at the end of the decommissioning period.
    Release {
        person: String,
        #[arg(long, value_name = "YYYY-MM-DD", value_parser = crate::cli::args::date_arg)]
        date: Option<NaiveDate>,
        #[arg(long)]
        json: bool,
    },
    /// Training sessions.
    #[command(subcommand)]
    Training(crate::cli::lifecycle::TrainingCommand),
    /// Reportable personal events.
    #[command(subcommand)]
    Event(crate::cli::lifecycle::EventCommand),
    /// The policy: check a file, show, select, load, export.
    #[command(subcommand)]
    Policy(crate::cli::lifecycle::PolicyCommand),
    /// Sign-off forms and the issued-forms register.
    #[command(subcommand)]
    Form(crate::cli::forms::FormCommand),
    /// A list as an Excel workbook (.xlsx) or CSV: people, reminders, trips, documents, forms.
    #[command(subcommand)]
    Export(crate::cli::export::ExportCommand),
    /// Reminders: list, acknowledge, snooze, export as .ics, send the day's notification.
    Reminders(crate::cli::reminders::RemindersArgs),
    /// Travel documents in custody: register, hand in, check out, return, list.
    #[command(subcommand)]
    Doc(crate::cli::travel::DocCommand),
    /// Trips abroad: request, approve or refuse, brief, depart, return, report, extend, list.
    #[command(subcommand)]
    Trip(crate::cli::travel::TripCommand),
    /// Check the register file's structure (quick; --full checks every index too). Exit code 1
    /// when it is damaged.
    Check {
        #[arg(long)]
        full: bool,
        #[arg(long)]
        json: bool,
    },
    /// Import the office's roster from Excel, ODS or CSV; write a template to start one from.
    #[command(subcommand)]
    Import(crate::cli::import::ImportCommand),
    /// Back up the whole register and its scans into one checked file (default: into the
    /// backup folder); `backup auto` for a scheduled task; the backup settings.
    Backup(crate::cli::backup::BackupArgs),
    /// Restore the register from a backup file. The register as it was is kept aside as
    /// `<name>.before-restore-<time>`; a backup that is not sound is refused, nothing changed.
    Restore {
        #[arg(value_name = "FILE")]
        file: PathBuf,
        #[arg(long)]
        json: bool,
    },
    /// Load the sample register (only into an empty register).
    Sample {
        #[arg(long)]
        json: bool,
    },
    /// Move a register file to the office server: everything copied, audit chain included (and
    /// verified there), into an empty register on the server; the file is only read. Signed in
    /// to the file as usual (--user); --db is not used.
    Migrate {
        /// The register file to move.
        #[arg(long, value_name = "PATH")]
        from: PathBuf,
        /// The register on the office server: postgres://role@host/database (the role needs to
        /// own the register's tables or be in ct_admin).
        #[arg(long, value_name = "ADDRESS")]
        to: String,
        /// A file holding the server role's password (else the one in the address).
        #[arg(long = "to-password-file", value_name = "PATH")]
        to_password_file: Option<PathBuf>,
        #[arg(long)]
        json: bool,
    },
}

/// The fields of a person that `add` and `edit` take; `edit` changes only those given.
#[derive(Args, Debug, Default)]
pub struct PersonFields {
    #[arg(long)]
    pub name: Option<String>,
    #[arg(long = "staff-no")]
    pub staff_no: Option<String>,
    #[arg(long = "id-number")]
    pub id_number: Option<String>,
    #[arg(long, value_parser = term::<Sex>(&[("m", "male"), ("f", "female")]))]
    pub sex: Option<Sex>,
    #[arg(long = "birth-date", value_name = "YYYY-MM-DD", value_parser = crate::cli::args::date_arg)]
    pub birth_date: Option<NaiveDate>,
    #[arg(long)]
    pub unit: Option<String>,
    #[arg(long)]
    pub post: Option<String>,
    /// Planned start date on the post (default: 30 days after registration).
    #[arg(long, value_name = "YYYY-MM-DD", value_parser = crate::cli::args::date_arg)]
    pub start: Option<NaiveDate>,
    #[arg(long)]
    pub phone: Option<String>,
    #[arg(long)]
    pub notes: Option<String>,
}

impl PersonFields {
    /// Overlays the given fields on `base`.
    pub fn into_input(self, base: PersonInput) -> PersonInput {
        PersonInput {
            name: self.name.unwrap_or(base.name),
            staff_no: self.staff_no.unwrap_or(base.staff_no),
            id_number: self.id_number.unwrap_or(base.id_number),
            sex: self.sex.or(base.sex),
            birth_date: self.birth_date.or(base.birth_date),
            unit: self.unit.unwrap_or(base.unit),
            post: self.post.unwrap_or(base.post),
            level: base.level,
            start_date: self.start.or(base.start_date),
            phone: self.phone.unwrap_or(base.phone),
            notes: self.notes.unwrap_or(base.notes),
        }
    }
}

#[derive(Subcommand, Debug)]
pub enum PersonCommand {
    /// Register a person.
    Add {
        #[command(flatten)]
        fields: PersonFields,
        /// The person's level (core, important, general in the default policy).
        #[arg(long)]
        level: String,
        #[arg(long)]
        json: bool,
    },
    /// Change a person's details (not the level: see set-level).
    Edit {
        /// The person's staff number (or #ID for the register's internal id).
        id: String,
        #[command(flatten)]
        fields: PersonFields,
        #[arg(long)]
        json: bool,
    },
    /// List people, optionally searched and filtered.
    List {
        /// Name, pinyin ("zhangsan"), pinyin initials ("zs"), staff number or ID number.
        #[arg(long)]
        search: Option<String>,
        #[arg(long)]
        level: Option<String>,
        #[arg(long)]
        unit: Option<String>,
        /// Only people in this stage (onboarding, on-duty, departing, decommissioning, released).
        #[arg(long, value_parser = term::<clearance_domain::lifecycle::Stage>(&[]))]
        stage: Option<clearance_domain::lifecycle::Stage>,
        /// Include archived people.
        #[arg(long)]
        archived: bool,
        #[arg(long, value_enum, default_value = "name")]
        sort: SortArg,
        #[arg(long)]
        desc: bool,
        #[arg(long, default_value_t = 0)]
        offset: u32,
        #[arg(long, default_value_t = 50)]
        limit: u32,
        #[arg(long)]
        json: bool,
    },
    /// Show one person, their level history and their audit history. The ID number is masked
    /// unless --reveal is given (the read is recorded in the audit trail).
    Show {
        id: String,
        #[arg(long)]
        reveal: bool,
        #[arg(long)]
        json: bool,
    },
    /// Record a change of level.
    SetLevel {
        id: String,
        #[arg(long)]
        level: String,
        #[arg(long, value_name = "YYYY-MM-DD", value_parser = crate::cli::args::date_arg)]
        effective: NaiveDate,
        #[arg(long)]
        reason: String,
        #[arg(long)]
        json: bool,
    },
    /// Archive a person (people are never deleted).
    Archive {
        id: String,
        #[arg(long)]
        reason: String,
        #[arg(long)]
        json: bool,
    },
    /// Bring an archived person back.
    Unarchive {
        id: String,
        #[arg(long)]
        json: bool,
    },
    /// Set or replace a person's photograph from a JPEG or PNG file (cropped and scaled to a
    /// 一寸 photo, kept in the register), or remove it with --remove.
    Photo {
        id: String,
        /// The picture: a JPEG or PNG file of at most 10 MB.
        #[arg(long, value_name = "PATH", conflicts_with = "remove", required_unless_present = "remove")]
        file: Option<PathBuf>,
        /// Remove the person's photograph.
        #[arg(long)]
        remove: bool,
        #[arg(long)]
        json: bool,
    },
}

#[derive(clap::ValueEnum, Clone, Copy, Debug)]
pub enum SortArg {
    Name,
    StaffNo,
    Unit,
    Level,
    Start,
    /// The lifecycle stage, onboarding first.
    Stage,
    /// The next due item's date, the most overdue first (nothing open last).
    NextDue,
}

impl From<SortArg> for SortKey {
    fn from(s: SortArg) -> Self {
        match s {
            SortArg::Name => SortKey::Name,
            SortArg::StaffNo => SortKey::StaffNo,
            SortArg::Unit => SortKey::Unit,
            SortArg::Level => SortKey::Level,
            SortArg::Start => SortKey::StartDate,
            SortArg::Stage => SortKey::Stage,
            SortArg::NextDue => SortKey::NextDue,
        }
    }
}

#[derive(Subcommand, Debug)]
pub enum AuditCommand {
    /// Check the hash chain and the entries' signatures, and — with --head — the trail against a
    /// head printed on a form, an export or a backup report (`#1234·3f9a12bc·d4e1a0b7`): names
    /// each fault in words (exit code 2 if any).
    Verify {
        /// The audit chain head as printed (spaces, full-width characters and either case are fine).
        #[arg(long, value_name = "HEAD")]
        head: Option<String>,
        #[arg(long)]
        json: bool,
    },
    /// The latest entries, filtered as the Audit screen filters them (every filter given must
    /// hold): a person's (their record, lifecycle, trips, documents, forms, training), an
    /// operator's, some actions', a range of days.
    List {
        #[command(flatten)]
        filter: AuditFilterArgs,
        #[arg(long, default_value_t = 0)]
        offset: u32,
        /// How many entries at most (default 50; every entry of a person given with --person).
        #[arg(long)]
        limit: Option<u32>,
        #[arg(long)]
        json: bool,
        /// With --json, the entries as stored, whole ID numbers included (each person's number
        /// read is an audit entry of its own); without it, ID numbers are masked.
        #[arg(long)]
        reveal: bool,
    },
}

/// The Audit screen's filters on the command line (`audit list`, `export audit`).
#[derive(Args, Debug, Default)]
pub struct AuditFilterArgs {
    /// The person's staff number (or #ID).
    #[arg(long)]
    pub person: Option<String>,
    /// Entries this account made, as recorded (`--user` names who runs the command).
    #[arg(long = "by", id = "audit_operator", value_name = "OPERATOR")]
    pub operator: Option<String>,
    /// An action, by its code (trip.request) or its words (出国(境)申请, "Trip requested");
    /// repeat for several.
    #[arg(long = "action", value_parser = term::<clearance_domain::terms::AuditAction>(&[]))]
    pub actions: Vec<clearance_domain::terms::AuditAction>,
    /// The first day (entries made on it or later, the office's calendar day).
    #[arg(long, value_name = "YYYY-MM-DD", value_parser = crate::cli::args::date_arg)]
    pub from: Option<NaiveDate>,
    /// The last day (entries made on it or earlier).
    #[arg(long, value_name = "YYYY-MM-DD", value_parser = crate::cli::args::date_arg)]
    pub to: Option<NaiveDate>,
}

#[derive(Subcommand, Debug)]
pub enum SettingsCommand {
    /// Minutes of inactivity before the window locks (0: never; administrators).
    IdleLock {
        minutes: u32,
        #[arg(long)]
        json: bool,
    },
    /// Set the language (zh-CN or en).
    Language {
        #[arg(value_parser = parse_lang)]
        lang: Lang,
    },
    /// Show the settings and where the register is.
    Show {
        #[arg(long)]
        json: bool,
    },
}

#[cfg(test)]
mod tests {
    use clap::Parser;
    use proptest::prelude::*;

    use super::Cli;

    /// Every place the command line reads a value the user typed: the value parsers of dates,
    /// levels of the vocabulary, ids and references, numbers.
    const SHAPES: &[&[&str]] = &[
        &["person", "show", "{}"],
        &["person", "add", "--name", "{}", "--staff-no", "{}", "--id-number", "{}", "--unit", "{}", "--level", "{}", "--start", "{}"],
        &["person", "list", "--stage", "{}", "--sex", "{}"],
        &["person", "set-level", "{}", "--level", "core", "--effective", "{}", "--reason", "{}"],
        &["depart", "{}", "--kind", "{}", "--date", "{}"],
        &["returned", "{}", "--item", "{}"],
        &["stage", "advance", "{}", "--period", "{}", "--date", "{}"],
        &["training", "add", "--date", "{}", "--hours", "{}", "--category", "{}", "{}"],
        &["trip", "request", "{}", "--to", "{}", "--purpose", "{}", "--kind", "{}", "--depart", "{}", "--return", "{}"],
        &["trip", "list", "--state", "{}"],
        &["trip", "approve", "{}", "--by", "{}", "--level", "{}"],
        &["doc", "add", "{}", "--kind", "{}", "--number", "{}", "--issued", "{}", "--expires", "{}"],
        &["doc", "list", "--status", "{}"],
        &["form", "render", "{}", "--person", "{}", "--trip", "{}", "--out", "{}"],
        &["form", "received", "{}", "--on", "{}"],
        &["reminders", "--state", "{}", "--as-of", "{}"],
        &["reminders", "snooze", "{}", "--until", "{}"],
        &["reminders", "done", "{}", "--date", "{}", "--note", "{}"],
        &["reminders", "check", "--as-of", "{}"],
        &["export", "people", "--out", "{}", "--format", "{}", "--stage", "{}", "--search", "{}"],
        &["export", "trips", "--out", "x.csv", "--state", "{}", "--person", "{}"],
        &["backup", "--out", "{}"],
        &["backup", "settings", "--folder", "{}", "--keep", "{}"],
        &["restore", "{}"],
        &["--today", "{}", "--lang", "{}", "audit", "list", "--person", "{}"],
        &["audit", "list", "--by", "{}", "--action", "{}", "--from", "{}", "--to", "{}", "--limit", "{}"],
        &["export", "audit", "--out", "x.csv", "--action", "{}", "--from", "{}", "--person", "{}"],
    ];

    proptest! {
        #![proptest_config(ProptestConfig { cases: 10_000, ..ProptestConfig::default() })]

        /// 10,000 arbitrary texts (any Unicode: full-width, CJK, control characters, bidi
        /// marks, very long) in every value position of the command line: each is accepted or
        /// refused with a message, and none makes the program panic. The same texts go through
        /// the references the commands resolve (`PersonRef`, form numbers, record ids).
        #[test]
        fn no_typed_value_panics(value in any::<String>(), shape in 0..SHAPES.len()) {
            let args: Vec<String> =
                std::iter::once("clearance-tracker".to_owned()).chain(SHAPES[shape].iter().map(|a| a.replace("{}", &value))).collect();
            let _ = Cli::try_parse_from(&args);
            let _ = clearance_domain::person::PersonRef::parse(&value);
            let _ = clearance_domain::form::FormNumber::parse(&value);
            let _ = value.parse::<clearance_domain::travel::TripId>();
            let _ = super::date_arg(&value);
        }
    }
}
