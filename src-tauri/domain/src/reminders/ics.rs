//! The calendar export: obligations as an RFC 5545 iCalendar text.
//!
//! One all-day VEVENT per obligation on its due date, with an alarm the lead time before. The UID
//! is the obligation's key (`person:42:on_duty:re_review@clearance-tracker`), so importing a newer
//! export updates the events instead of duplicating them. Lines end in CRLF and are folded at
//! 75 octets without splitting a UTF-8 character; text values are escaped (`\\`, `;`, `,`,
//! newlines). No clock is read: the export's time stamp is passed in.

use std::fmt::Write;

use chrono::{DateTime, Datelike, NaiveDate, Utc};

use super::obligation::Obligation;
use super::text::{fill, text};
use crate::i18n::Lang;
use crate::person::PersonId;

/// The part after `@` in every UID, unless the caller chooses another.
pub const DEFAULT_UID_DOMAIN: &str = "clearance-tracker";

/// Octets of a content line before it is folded (RFC 5545 §3.1), CRLF not counted.
const LINE_OCTETS: usize = 75;

pub struct IcsOptions<'a> {
    /// The calendar's name as calendar programs show it (`X-WR-CALNAME`).
    pub calendar_name: &'a str,
    pub lang: Lang,
    /// The moment of the export (`DTSTAMP` of every event).
    pub stamp: DateTime<Utc>,
    /// The part after `@` in every UID: [`DEFAULT_UID_DOMAIN`], or one per office when several
    /// offices' exports may meet in one calendar. Changing it changes every UID.
    pub uid_domain: &'a str,
    /// Each event cites the rule and its source (which can reveal the person's level): only in
    /// the export with names, asked for (issue 14); the default names the staff number and the
    /// item only.
    pub sources: bool,
}

/// The iCalendar text of `obligations`. `person_name` gives the name shown in each event's
/// summary (the caller has the register); a person without one is shown by id. An obligation
/// due after the year 9999 (which iCalendar cannot write) is left out.
pub fn ics<'a, 'n>(
    obligations: impl IntoIterator<Item = &'a Obligation>,
    person_name: impl Fn(PersonId) -> Option<&'n str>,
    opts: &IcsOptions<'_>,
) -> String {
    let lang = opts.lang;
    let mut w = Writer::default();
    w.raw("BEGIN:VCALENDAR");
    w.raw("VERSION:2.0");
    w.raw(match lang {
        Lang::ZhCn => "PRODID:-//Clearance Tracker//Reminders//ZH-CN",
        Lang::En => "PRODID:-//Clearance Tracker//Reminders//EN",
    });
    w.raw("CALSCALE:GREGORIAN");
    w.raw("METHOD:PUBLISH");
    w.text("X-WR-CALNAME", opts.calendar_name);
    let stamp = opts.stamp.format("%Y%m%dT%H%M%SZ").to_string();
    for o in obligations {
        let due = o.due.date;
        if due.year() > 9999 || due.year() < 1 {
            continue;
        }
        let id = o.person.0.to_string();
        let person = match person_name(o.person) {
            Some(name) if !name.trim().is_empty() => name.trim().to_owned(),
            _ => fill("ics.person", lang, &[("id", &id)]),
        };
        let summary = fill("ics.summary", lang, &[("person", &person), ("what", o.name(lang))]);
        let citation = match lang {
            Lang::ZhCn => &o.due.citation.zh,
            Lang::En => &o.due.citation.en,
        };
        let lead = match o.lead_days {
            0 => text("ics.lead_none", lang).to_owned(),
            1 => text("ics.lead_one", lang).to_owned(),
            n => fill("ics.lead", lang, &[("days", &n.to_string())]),
        };
        let due_line = fill("ics.due", lang, &[("date", &due.to_string())]);
        let mut description = if opts.sources {
            [due_line, fill("ics.source", lang, &[("citation", citation)]), fill("ics.rule", lang, &[("rule", &o.due.rule_id)]), lead]
                .join("\n")
        } else {
            [due_line, lead].join("\n")
        };
        if o.due.beyond_calendar {
            description.push('\n');
            description.push_str(text("ics.beyond_calendar", lang));
        }

        w.raw("BEGIN:VEVENT");
        w.uid(&o.key, opts.uid_domain);
        w.prop("DTSTAMP", &stamp);
        w.date("DTSTART;VALUE=DATE", due);
        // All day: the event ends (exclusively) the next day.
        if let Some(next) = due.succ_opt().filter(|d| d.year() <= 9999) {
            w.date("DTEND;VALUE=DATE", next);
        }
        w.text("SUMMARY", &summary);
        w.text("DESCRIPTION", &description);
        w.text("CATEGORIES", o.kind.name(lang));
        // A reminder does not make the day busy.
        w.raw("TRANSP:TRANSPARENT");
        w.raw("BEGIN:VALARM");
        w.raw("ACTION:DISPLAY");
        w.text("DESCRIPTION", &summary);
        if o.lead_days == 0 {
            w.raw("TRIGGER:PT0S");
        } else {
            w.prop("TRIGGER", &format!("-P{}D", o.lead_days));
        }
        w.raw("END:VALARM");
        w.raw("END:VEVENT");
    }
    w.raw("END:VCALENDAR");
    w.out
}

/// Writes content lines: builds each in a reused buffer, then folds it into the output.
#[derive(Default)]
struct Writer {
    out: String,
    line: String,
}

impl Writer {
    /// A line written as given (names and values that need no escaping).
    fn raw(&mut self, line: &str) {
        fold_into(&mut self.out, line);
    }

    fn prop(&mut self, name: &str, value: &str) {
        self.line.clear();
        self.line.push_str(name);
        self.line.push(':');
        self.line.push_str(value);
        fold_into(&mut self.out, &self.line);
    }

    fn date(&mut self, name: &str, date: NaiveDate) {
        self.line.clear();
        let _ = write!(self.line, "{name}:{:04}{:02}{:02}", date.year(), date.month(), date.day());
        fold_into(&mut self.out, &self.line);
    }

    /// A TEXT value, escaped.
    fn text(&mut self, name: &str, value: &str) {
        self.line.clear();
        self.line.push_str(name);
        self.line.push(':');
        escape_into(&mut self.line, value);
        fold_into(&mut self.out, &self.line);
    }

    fn uid(&mut self, key: &str, domain: &str) {
        self.line.clear();
        self.line.push_str("UID:");
        escape_into(&mut self.line, key);
        self.line.push('@');
        escape_into(&mut self.line, domain);
        fold_into(&mut self.out, &self.line);
    }
}

/// Escapes a TEXT value (RFC 5545 §3.3.11): backslash, semicolon and comma get a backslash, a
/// line break becomes `\n`; other control characters, which TEXT may not hold, become spaces.
pub fn escape_into(out: &mut String, value: &str) {
    let mut chars = value.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\\' => out.push_str("\\\\"),
            ';' => out.push_str("\\;"),
            ',' => out.push_str("\\,"),
            '\r' => {
                // CRLF is one line break; a lone CR is one too.
                if chars.peek() == Some(&'\n') {
                    chars.next();
                }
                out.push_str("\\n");
            }
            '\n' => out.push_str("\\n"),
            '\t' => out.push('\t'),
            c if c.is_control() => out.push(' '),
            c => out.push(c),
        }
    }
}

/// Appends `line` with CRLF, folded so that no physical line exceeds 75 octets: each
/// continuation starts with a space and carries at most 74 octets of the line. A cut never falls
/// inside a UTF-8 character.
pub fn fold_into(out: &mut String, line: &str) {
    let mut room = LINE_OCTETS;
    let mut used = 0;
    for c in line.chars() {
        if used + c.len_utf8() > room {
            out.push_str("\r\n ");
            used = 0;
            room = LINE_OCTETS - 1;
        }
        out.push(c);
        used += c.len_utf8();
    }
    out.push_str("\r\n");
}
