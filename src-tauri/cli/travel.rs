//! The travel subcommands: `doc add|handin|checkout|return|give-back|refused|cancel|expire|list|show`
//! and `trip request|approve|refuse|brief|depart|return|report|close|extend|correct|withdraw|show|list`.
//! Dates default to today; every command takes `--json`.

use chrono::NaiveDate;
use clap::Subcommand;
use clearance_domain::travel::document::{DocumentId, DocumentInput, DocumentKind, DocumentStatus, EarlyCheckout};
use clearance_domain::travel::trip::{ApprovalLevel, TripCorrectionInput, TripDecisionInput, TripExtensionInput};
use clearance_domain::travel::{TripId, TripInput, TripKind, TripState};
use clearance_domain::{FieldError, Lang};

use super::args::term;
use super::output::{say, Printer};
use crate::error::AppResult;
use crate::office::{DocumentAction, DocumentEntry, Movement, Office, TripAction, TripSummary, TripView};

#[derive(Subcommand, Debug)]
pub enum DocCommand {
    /// Register a person's travel document; with --location it is handed in at once.
    Add {
        /// The holder's staff number (or #ID for the register's internal id).
        person: String,
        /// passport, hk-macao-permit, taiwan-permit or other.
        #[arg(long, value_parser = term::<DocumentKind>(&[("hk_macao", "hk_macao_permit"), ("taiwan", "taiwan_permit")]))]
        kind: DocumentKind,
        #[arg(long)]
        number: String,
        #[arg(long, value_name = "YYYY-MM-DD", value_parser = crate::cli::args::date_arg)]
        issued: NaiveDate,
        #[arg(long, value_name = "YYYY-MM-DD", value_parser = crate::cli::args::date_arg)]
        expires: NaiveDate,
        /// The day the office learned of it (default: today).
        #[arg(long, value_name = "YYYY-MM-DD", value_parser = crate::cli::args::date_arg)]
        registered: Option<NaiveDate>,
        /// The safe / box it goes into, when handed in now.
        #[arg(long)]
        location: Option<String>,
        /// Who handed it in (default: nobody named).
        #[arg(long = "from", default_value = "")]
        counterpart: String,
        #[arg(long, default_value = "")]
        notes: String,
        #[arg(long)]
        json: bool,
    },
    /// Hand a registered document in to the safe.
    Handin {
        document: DocumentId,
        #[arg(long)]
        location: String,
        #[arg(long, value_name = "YYYY-MM-DD", value_parser = crate::cli::args::date_arg)]
        date: Option<NaiveDate>,
        #[arg(long = "from", default_value = "")]
        counterpart: String,
        #[arg(long)]
        json: bool,
    },
    /// Check a document out for an approved and briefed trip. Earlier than the policy's lead
    /// time before the departure (a visa appointment) it needs --early-reason and --approver.
    Checkout {
        document: DocumentId,
        #[arg(long)]
        trip: TripId,
        #[arg(long, value_name = "YYYY-MM-DD", value_parser = crate::cli::args::date_arg)]
        date: Option<NaiveDate>,
        /// Who received it.
        #[arg(long = "to", default_value = "")]
        counterpart: String,
        /// Why it leaves the safe before the lead time (only for an early check-out).
        #[arg(long = "early-reason")]
        early_reason: Option<String>,
        /// Who allowed the early check-out.
        #[arg(long)]
        approver: Option<String>,
        #[arg(long)]
        json: bool,
    },
    /// Take a document back into the safe after its trip.
    Return {
        document: DocumentId,
        /// A new safe / box (default: where it was).
        #[arg(long, default_value = "")]
        location: String,
        #[arg(long, value_name = "YYYY-MM-DD", value_parser = crate::cli::args::date_arg)]
        date: Option<NaiveDate>,
        #[arg(long = "from", default_value = "")]
        counterpart: String,
        #[arg(long)]
        json: bool,
    },
    /// Give a document back to its holder for good.
    GiveBack {
        document: DocumentId,
        #[arg(long)]
        reason: String,
        #[arg(long, value_name = "YYYY-MM-DD", value_parser = crate::cli::args::date_arg)]
        date: Option<NaiveDate>,
        #[arg(long = "to", default_value = "")]
        counterpart: String,
        #[arg(long)]
        json: bool,
    },
    /// Record that the holder refuses to hand the document in or back.
    Refused {
        document: DocumentId,
        #[arg(long, default_value = "")]
        note: String,
        #[arg(long, value_name = "YYYY-MM-DD", value_parser = crate::cli::args::date_arg)]
        date: Option<NaiveDate>,
        #[arg(long)]
        json: bool,
    },
    /// Cancel a document (lost, replaced, invalidated).
    Cancel {
        document: DocumentId,
        #[arg(long)]
        reason: String,
        #[arg(long, value_name = "YYYY-MM-DD", value_parser = crate::cli::args::date_arg)]
        date: Option<NaiveDate>,
        #[arg(long)]
        json: bool,
    },
    /// Record that a document has passed its expiry date.
    Expire {
        document: DocumentId,
        #[arg(long, value_name = "YYYY-MM-DD", value_parser = crate::cli::args::date_arg)]
        date: Option<NaiveDate>,
        #[arg(long)]
        json: bool,
    },
    /// The custody register: what is out (and since when), what is in the safe.
    List {
        /// Only this person's documents.
        #[arg(long)]
        person: Option<String>,
        #[arg(long, value_parser = term::<DocumentStatus>(&[]))]
        status: Option<DocumentStatus>,
        #[arg(long)]
        json: bool,
    },
    /// One document with its custody log.
    Show {
        document: DocumentId,
        #[arg(long)]
        json: bool,
    },
}

#[derive(Subcommand, Debug)]
pub enum TripCommand {
    /// Request a trip.
    Request {
        /// The traveller's staff number (or #ID for the register's internal id).
        person: String,
        /// Destination country or region codes (ISO 3166-1 alpha-2), repeat or comma-separate.
        #[arg(long = "to", required = true, value_delimiter = ',')]
        destinations: Vec<String>,
        #[arg(long)]
        purpose: String,
        /// official or private.
        #[arg(long, value_parser = term::<TripKind>(&[]))]
        kind: TripKind,
        #[arg(long, value_name = "YYYY-MM-DD", value_parser = crate::cli::args::date_arg)]
        depart: NaiveDate,
        #[arg(long = "return", value_name = "YYYY-MM-DD", value_parser = crate::cli::args::date_arg)]
        return_date: NaiveDate,
        /// The document to travel on (its id, see `doc list`).
        #[arg(long)]
        document: Option<DocumentId>,
        /// The day of the request (default: today).
        #[arg(long, value_name = "YYYY-MM-DD", value_parser = crate::cli::args::date_arg)]
        requested: Option<NaiveDate>,
        #[arg(long, default_value = "")]
        notes: String,
        #[arg(long)]
        json: bool,
    },
    /// Approve a requested trip.
    Approve {
        trip: TripId,
        #[command(flatten)]
        decision: DecisionArgs,
        #[arg(long)]
        json: bool,
    },
    /// Refuse a requested trip (the trip is kept, with its reason).
    Refuse {
        trip: TripId,
        #[command(flatten)]
        decision: DecisionArgs,
        #[arg(long)]
        reason: String,
        #[arg(long)]
        json: bool,
    },
    /// Record the pre-trip briefing.
    Brief {
        trip: TripId,
        #[arg(long, value_name = "YYYY-MM-DD", value_parser = crate::cli::args::date_arg)]
        date: Option<NaiveDate>,
        #[arg(long, default_value = "")]
        note: String,
        #[arg(long)]
        json: bool,
    },
    /// Record the actual departure.
    Depart {
        trip: TripId,
        #[arg(long, value_name = "YYYY-MM-DD", value_parser = crate::cli::args::date_arg)]
        date: Option<NaiveDate>,
        #[arg(long)]
        json: bool,
    },
    /// Record the actual return.
    Return {
        trip: TripId,
        #[arg(long, value_name = "YYYY-MM-DD", value_parser = crate::cli::args::date_arg)]
        date: Option<NaiveDate>,
        #[arg(long)]
        json: bool,
    },
    /// Record the post-trip report as received.
    Report {
        trip: TripId,
        #[arg(long, value_name = "YYYY-MM-DD", value_parser = crate::cli::args::date_arg)]
        date: Option<NaiveDate>,
        #[arg(long, default_value = "")]
        summary: String,
        #[arg(long)]
        json: bool,
    },
    /// Close a reported trip (its document back in custody).
    Close {
        trip: TripId,
        #[arg(long, value_name = "YYYY-MM-DD", value_parser = crate::cli::args::date_arg)]
        date: Option<NaiveDate>,
        #[arg(long)]
        json: bool,
    },
    /// Extend a trip: a later return date, its reason and approver.
    Extend {
        trip: TripId,
        #[arg(long, value_name = "YYYY-MM-DD", value_parser = crate::cli::args::date_arg)]
        until: NaiveDate,
        #[arg(long)]
        reason: String,
        #[arg(long)]
        approver: String,
        /// The day the extension was approved (default: today).
        #[arg(long, value_name = "YYYY-MM-DD", value_parser = crate::cli::args::date_arg)]
        date: Option<NaiveDate>,
        #[arg(long)]
        json: bool,
    },
    /// Correct the planned dates of a trip not yet departed (recorded today, with the reason).
    Correct {
        trip: TripId,
        /// The planned departure as it should be (default: unchanged).
        #[arg(long, value_name = "YYYY-MM-DD", value_parser = crate::cli::args::date_arg)]
        depart: Option<NaiveDate>,
        /// The planned return as it should be (default: unchanged).
        #[arg(long = "return", value_name = "YYYY-MM-DD", value_parser = crate::cli::args::date_arg)]
        return_date: Option<NaiveDate>,
        #[arg(long)]
        reason: String,
        #[arg(long)]
        json: bool,
    },
    /// Call a trip off before departure.
    Withdraw {
        trip: TripId,
        #[arg(long)]
        reason: String,
        #[arg(long, value_name = "YYYY-MM-DD", value_parser = crate::cli::args::date_arg)]
        date: Option<NaiveDate>,
        #[arg(long)]
        json: bool,
    },
    /// A trip with the approver's view (conflicts) and its deadlines.
    Show {
        trip: TripId,
        #[arg(long)]
        json: bool,
    },
    /// Trips, overdue first.
    List {
        #[arg(long, value_parser = term::<TripState>(&[]))]
        state: Option<TripState>,
        #[arg(long)]
        person: Option<String>,
        #[arg(long)]
        json: bool,
    },
}

#[derive(clap::Args, Debug)]
pub struct DecisionArgs {
    /// Who decides.
    #[arg(long)]
    approver: String,
    #[arg(long, value_name = "YYYY-MM-DD", value_parser = crate::cli::args::date_arg)]
    date: Option<NaiveDate>,
    /// standard or higher.
    #[arg(long, value_parser = term::<ApprovalLevel>(&[]), default_value = "standard")]
    level: ApprovalLevel,
    /// The personnel department's opinion.
    #[arg(long = "personnel-opinion", default_value = "")]
    personnel_opinion: String,
    /// The secrecy office's opinion.
    #[arg(long = "secrecy-opinion", default_value = "")]
    secrecy_office_opinion: String,
}

impl DecisionArgs {
    fn into_input(self, today: NaiveDate, reason: String) -> TripDecisionInput {
        TripDecisionInput {
            by: self.approver,
            date: self.date.unwrap_or(today),
            level: self.level,
            personnel_opinion: self.personnel_opinion,
            secrecy_office_opinion: self.secrecy_office_opinion,
            reason,
        }
    }
}

pub async fn doc(office: &Office, cmd: DocCommand, out: &Printer) -> AppResult<()> {
    let today = office.today();
    let moved = |date: Option<NaiveDate>, counterpart: String| Movement { date: date.unwrap_or(today), counterpart };
    let (id, action, movement, json) = match cmd {
        DocCommand::Add { person, kind, number, issued, expires, registered, location, counterpart, notes, json } => {
            let input = DocumentInput { kind, number, issued: Some(issued), expires: Some(expires), notes };
            let hand_in = location.as_deref().map(|l| (l, counterpart.as_str()));
            let doc = office.add_document(office.resolve_person(&person).await?, &input, registered.unwrap_or(today), hand_in).await?;
            let entry = office.documents(None).await?.into_iter().find(|e| e.document.id == doc.id);
            match entry {
                Some(e) => print_document(out, &e, json),
                None => out.json_or(&doc, json, || doc.id.to_string()),
            }
            return Ok(());
        }
        DocCommand::Handin { document, location, date, counterpart, json } => {
            (document, DocumentAction::HandIn { location }, moved(date, counterpart), json)
        }
        DocCommand::Checkout { document, trip, date, counterpart, early_reason, approver, json } => {
            let early = (early_reason.is_some() || approver.is_some())
                .then(|| EarlyCheckout { reason: early_reason.unwrap_or_default(), approver: approver.unwrap_or_default() });
            let view = office.check_out_document_early(document, trip, &moved(date, counterpart), early.as_ref()).await?;
            print_trip(out, &view, json);
            return Ok(());
        }
        DocCommand::Return { document, location, date, counterpart, json } => {
            (document, DocumentAction::Return { location }, moved(date, counterpart), json)
        }
        DocCommand::GiveBack { document, reason, date, counterpart, json } => {
            (document, DocumentAction::GiveBack { reason }, moved(date, counterpart), json)
        }
        DocCommand::Refused { document, note, date, json } => {
            (document, DocumentAction::Refused { note }, moved(date, String::new()), json)
        }
        DocCommand::Cancel { document, reason, date, json } => {
            (document, DocumentAction::Cancel { reason }, moved(date, String::new()), json)
        }
        DocCommand::Expire { document, date, json } => (document, DocumentAction::MarkExpired, moved(date, String::new()), json),
        DocCommand::List { person, status, json } => {
            let entries = match person {
                Some(key) => office
                    .person_travel(office.resolve_person(&key).await?)
                    .await?
                    .documents
                    .into_iter()
                    .filter(|e| status.is_none_or(|s| e.document.status == s))
                    .collect(),
                None => office.documents(status).await?,
            };
            print_documents(out, &entries, json);
            return Ok(());
        }
        DocCommand::Show { document, json } => {
            let entry = office
                .documents(None)
                .await?
                .into_iter()
                .find(|e| e.document.id == document)
                .ok_or_else(|| FieldError::new("document", "document.not_found").with("value", document))?;
            print_document(out, &entry, json);
            return Ok(());
        }
    };
    let doc = office.move_document(id, &action, &movement).await?;
    let entry = office.documents(None).await?.into_iter().find(|e| e.document.id == doc.id);
    match entry {
        Some(e) => print_document(out, &e, json),
        None => out.json_or(&doc, json, || doc.id.to_string()),
    }
    Ok(())
}

pub async fn trip(office: &Office, cmd: TripCommand, out: &Printer) -> AppResult<()> {
    let today = office.today();
    let on = |date: Option<NaiveDate>| date.unwrap_or(today);
    let (id, action, json) = match cmd {
        TripCommand::Request { person, destinations, purpose, kind, depart, return_date, document, requested, notes, json } => {
            let input = TripInput {
                destinations,
                purpose,
                kind: Some(kind),
                planned_departure: Some(depart),
                planned_return: Some(return_date),
                document,
                notes,
            };
            let view = office.request_trip(office.resolve_person(&person).await?, &input, requested.unwrap_or(today)).await?;
            print_trip(out, &view, json);
            return Ok(());
        }
        TripCommand::Approve { trip, decision, json } => {
            (trip, TripAction::Approve { decision: decision.into_input(today, String::new()) }, json)
        }
        TripCommand::Refuse { trip, decision, reason, json } => {
            (trip, TripAction::Refuse { decision: decision.into_input(today, reason) }, json)
        }
        TripCommand::Brief { trip, date, note, json } => (trip, TripAction::Brief { date: on(date), note }, json),
        TripCommand::Depart { trip, date, json } => (trip, TripAction::Depart { date: on(date) }, json),
        TripCommand::Return { trip, date, json } => (trip, TripAction::Return { date: on(date) }, json),
        TripCommand::Report { trip, date, summary, json } => (trip, TripAction::Report { date: on(date), summary }, json),
        TripCommand::Close { trip, date, json } => (trip, TripAction::Close { date: on(date) }, json),
        TripCommand::Extend { trip, until, reason, approver, date, json } => {
            (trip, TripAction::Extend { extension: TripExtensionInput { date: on(date), new_return: until, reason, approver } }, json)
        }
        TripCommand::Correct { trip, depart, return_date, reason, json } => {
            let current = office.trip_view(trip).await?.trip;
            let correction = TripCorrectionInput {
                planned_departure: depart.unwrap_or(current.planned_departure),
                planned_return: return_date.unwrap_or(current.planned_return),
                reason,
            };
            (trip, TripAction::Correct { correction }, json)
        }
        TripCommand::Withdraw { trip, reason, date, json } => (trip, TripAction::Withdraw { date: on(date), reason }, json),
        TripCommand::Show { trip, json } => {
            let view = office.trip_view(trip).await?;
            print_trip(out, &view, json);
            return Ok(());
        }
        TripCommand::List { state, person, json } => {
            let person = match person {
                Some(key) => Some(office.resolve_person(&key).await?),
                None => None,
            };
            let trips = office.trips(state, person).await?;
            print_trips(out, &trips, json);
            return Ok(());
        }
    };
    let view = office.act_on_trip(id, &action).await?;
    print_trip(out, &view, json);
    Ok(())
}

fn tag<T: serde::Serialize>(value: &T) -> String {
    match serde_json::to_value(value) {
        Ok(serde_json::Value::String(s)) => s,
        _ => String::new(),
    }
}

fn state_name(state: TripState, lang: Lang) -> &'static str {
    let (zh, en) = match state {
        TripState::Requested => ("待审批", "requested"),
        TripState::Approved => ("已批准", "approved"),
        TripState::Refused => ("未批准", "refused"),
        TripState::Briefed => ("已行前教育", "briefed"),
        TripState::DocumentOut => ("证件已领出", "document out"),
        TripState::Departed => ("在外", "departed"),
        TripState::Returned => ("已回国(境)", "returned"),
        TripState::Reported => ("已报告", "reported"),
        TripState::Closed => ("已办结", "closed"),
        TripState::Withdrawn => ("已撤销", "withdrawn"),
    };
    if lang == Lang::ZhCn {
        zh
    } else {
        en
    }
}

fn status_name(status: DocumentStatus, lang: Lang) -> &'static str {
    let (zh, en) = match status {
        DocumentStatus::AwaitingHandIn => ("待交存", "awaiting hand-in"),
        DocumentStatus::InCustody => ("在柜", "in custody"),
        DocumentStatus::CheckedOut => ("已领出", "checked out"),
        DocumentStatus::Returned => ("已发还本人", "returned to holder"),
        DocumentStatus::RefusedToReturn => ("拒不交回", "refused to return"),
        DocumentStatus::Expired => ("已过期", "expired"),
        DocumentStatus::Cancelled => ("已注销", "cancelled"),
    };
    if lang == Lang::ZhCn {
        zh
    } else {
        en
    }
}

fn print_trip(out: &Printer, v: &TripView, json: bool) {
    if json {
        return out.json_or(v, true, String::new);
    }
    let lang = out.lang;
    let t = &v.trip;
    let places: Vec<&str> = v.destinations.iter().map(|c| c.name(lang)).collect();
    say!("{} {}  {} ({})  {}", out.text("cli.trip"), t.id, v.traveler.person.name, v.traveler.person.staff_no, state_name(v.state, lang));
    say!("  {} {}", out.text("cli.to"), places.join(", "));
    say!("  {} {} → {}", out.text("cli.planned"), t.planned_departure, v.current_return);
    for c in &t.corrections {
        say!(
            "  {} {} → {}  ({} {} → {})  {}",
            out.text("cli.corrected"),
            c.new_departure,
            c.new_return,
            c.date,
            c.previous_departure,
            c.previous_return,
            c.reason
        );
    }
    if let Some(early) = &t.checkout_early {
        say!("  {} {}  ({} {})", out.text("cli.early_checkout"), early.reason, out.text("cli.approved_by"), early.approver);
    }
    if let Some(d) = t.departed {
        say!("  {} {} → {}", out.text("cli.actual"), d, t.returned.map(|r| r.to_string()).unwrap_or_else(|| "…".into()));
    }
    if v.overdue {
        say!("  {}", out.text("cli.overdue_no_return_recorded"));
    }
    for o in &v.obligations {
        let cite = if lang == Lang::ZhCn { &o.due.citation.zh } else { &o.due.citation.en };
        say!("  {} {}  {}  [{cite}]", out.text("cli.due_2"), o.due.date, o.kind.name(lang));
    }
    for c in &v.conflicts {
        say!("  ⚠ {}", c.message);
    }
}

fn print_trips(out: &Printer, trips: &[TripSummary], json: bool) {
    if json {
        return out.json_or(&trips, true, String::new);
    }
    for s in trips {
        let flag = if s.overdue {
            "!"
        } else if s.attention {
            "*"
        } else {
            " "
        };
        say!(
            "{flag} {:>5}  {:<10} {:<12} {}  {} → {}  {}",
            s.trip.id,
            s.staff_no,
            s.person_name,
            s.trip.destinations.join(","),
            s.trip.planned_departure,
            s.current_return,
            state_name(s.state, out.lang)
        );
    }
}

fn print_document(out: &Printer, e: &DocumentEntry, json: bool) {
    if json {
        return out.json_or(e, true, String::new);
    }
    let d = &e.document;
    say!(
        "{} {}  {} {}  {} ({})  {}  {}",
        out.text("cli.document"),
        d.id,
        tag(&d.kind),
        d.number,
        e.person_name,
        e.staff_no,
        status_name(d.status, out.lang),
        d.location
    );
    for m in &d.movements {
        say!("  {}  {:<20} {}  {}  {}", m.date, tag(&m.kind), m.by, m.counterpart, m.location);
        if let Some(early) = &m.early {
            say!("      {} {} ({} {})", out.text("cli.early_checkout"), early.reason, out.text("cli.approved_by"), early.approver);
        }
    }
}

fn print_documents(out: &Printer, entries: &[DocumentEntry], json: bool) {
    if json {
        return out.json_or(&entries, true, String::new);
    }
    for e in entries {
        let d = &e.document;
        let mut since = e.out_since.map(|s| format!("{} {s}", out.text("cli.out_since"))).unwrap_or_default();
        if let Some(early) = &e.early {
            since = format!(
                "{since}  {} {} ({} {})",
                out.text("cli.early_checkout"),
                early.reason,
                out.text("cli.approved_by"),
                early.approver
            );
        }
        say!(
            "{} {:>5}  {:<10} {:<12} {:<16} {:<18} {:<12} {since}",
            if e.overdue { "!" } else { " " },
            d.id,
            e.staff_no,
            e.person_name,
            d.number,
            status_name(d.status, out.lang),
            d.location
        );
    }
}
