//! How CLI results are printed: stable JSON with `--json`, a readable table otherwise.

use clearance_domain::history::AuditLine;
use clearance_domain::level::{LevelDef, LevelId};
use clearance_domain::person::Person;
use clearance_domain::register::PeoplePage;
use clearance_domain::terms::Term;
use clearance_domain::Lang;
use serde::Serialize;
use unicode_width::UnicodeWidthStr;

use crate::office::{AppInfo, PersonDetail};

/// Text for a terminal: a character the terminal would act on rather than show (an escape
/// sequence, a bidi override, a zero-width mark) is written as `<U+202E>`, so a name or an
/// operator stored by an older version cannot erase lines or reorder what is printed.
pub fn for_terminal(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        if c != '\n' && c != '\t' && (clearance_domain::text::is_unseen(c) || c.is_control()) {
            out.push_str(&format!("<U+{:04X}>", u32::from(c)));
        } else {
            out.push(c);
        }
    }
    out
}

/// Writes to standard output as is (JSON, an exported file). When the reader has gone (`| head
/// -1`), the program ends quietly instead of failing.
pub fn write_out(text: &str) {
    use std::io::Write;
    let mut out = std::io::stdout().lock();
    if let Err(e) = out.write_all(text.as_bytes()).and_then(|()| out.flush()) {
        if e.kind() == std::io::ErrorKind::BrokenPipe {
            std::process::exit(0);
        }
    }
}

/// A line of the CLI's text output, made safe for a terminal.
macro_rules! say {
    ($($arg:tt)*) => {
        $crate::cli::output::write_out(&($crate::cli::output::for_terminal(&format!($($arg)*)) + "\n"))
    };
}
pub(crate) use say;

pub struct Printer {
    pub lang: Lang,
}

fn level_name(levels: &[LevelDef], id: &LevelId, lang: Lang) -> String {
    levels.iter().find(|l| &l.id == id).map(|l| l.name(lang).to_owned()).unwrap_or_else(|| id.0.clone())
}

/// Pads to a display width (a CJK character takes two columns in a terminal) so tables line up.
fn pad(text: &str, width: usize) -> String {
    format!("{text}{}", " ".repeat(width.saturating_sub(UnicodeWidthStr::width(text))))
}

impl Printer {
    /// A text of the CLI's own (`cli.*` in the domain's catalogue, beside every other message).
    pub(super) fn text(&self, code: &str) -> String {
        clearance_domain::i18n::message(code, &Default::default(), self.lang)
    }

    /// A field's label, as the window and the messages name it.
    pub(super) fn field(&self, code: &str) -> String {
        clearance_domain::i18n::field_label(code, self.lang)
    }

    pub fn json_or<T: Serialize>(&self, value: &T, json: bool, text: impl FnOnce() -> String) {
        if json {
            write_out(&(serde_json::to_string_pretty(value).unwrap_or_default() + "\n"));
        } else {
            say!("{}", text());
        }
    }

    pub fn person(&self, p: &Person, json: bool) {
        self.json_or(p, json, || format!("{} {}  #{}", p.staff_no, p.name, p.id));
    }

    pub fn people(&self, page: &PeoplePage, levels: &[LevelDef], json: bool) {
        if json {
            return self.json_or(page, true, String::new);
        }
        say!(
            "{}{}{}{}{}{}{}",
            pad(&self.field("staff_no"), 14),
            pad(&self.field("name"), 22),
            pad(&self.field("level"), 12),
            pad(&self.field("unit"), 20),
            pad(&self.field("id_number"), 22),
            pad(&self.field("stage"), 12),
            self.field("next_due")
        );
        for r in &page.rows {
            let stage = r.stage.map(|s| s.word(self.lang)).unwrap_or_default();
            let next = r.next_due.as_ref().map(|n| {
                let what = if self.lang == Lang::ZhCn { &n.what_zh } else { &n.what_en };
                format!("{} {what}", n.date)
            });
            say!(
                "{}{}{}{}{}{}{}{}",
                pad(&r.staff_no, 14),
                pad(&r.name, 22),
                pad(&level_name(levels, &r.level, self.lang), 12),
                pad(&r.unit, 20),
                pad(&r.id_number_masked, 22),
                pad(stage, 12),
                next.unwrap_or_default(),
                if r.archived { self.text("cli.archived") } else { String::new() }
            );
        }
        // Past the people table's threshold the count stopped there: "1000+" (`total_exact` in JSON).
        say!("{}{} {}", page.total, if page.total_exact { "" } else { "+" }, self.text("cli.people"));
    }

    pub fn person_detail(&self, d: &PersonDetail, levels: &[LevelDef], json: bool) {
        if json {
            return self.json_or(&d.person, true, String::new);
        }
        let p = &d.person;
        let row = |label: &str, value: &str| say!("{} {value}", pad(label, 16));
        row(&self.field("name"), &p.name);
        row(&self.field("staff_no"), &p.staff_no);
        row(&self.field("id_number"), &p.id_number);
        row(&self.field("unit"), &p.unit);
        row(&self.field("post"), &p.post);
        row(&self.field("level"), &level_name(levels, &p.level, self.lang));
        row(&self.field("start_date"), &p.start_date.to_string());
        row(&self.field("registered"), &p.registered_on.to_string());
        if let Some(a) = &p.archived {
            row(&self.field("archived_on"), &format!("{} {}", a.on, a.reason));
        }
        say!("{}", self.text("cli.level_history"));
        for c in &p.level_history {
            say!("  {}  {}  {}", c.effective, level_name(levels, &c.level, self.lang), c.reason);
        }
    }

    /// Entries in words, each change on a line of its own (`label: old → new`).
    pub fn audit(&self, lines: &[AuditLine]) {
        for l in lines {
            let subject = match &l.record {
                Some(record) if l.person_id.is_some() => format!("{} · {record}", l.subject),
                _ => l.subject.clone(),
            };
            let at = l.at.with_timezone(&chrono::Local).format("%Y-%m-%d %H:%M:%S");
            say!("{:>6}  {at}  {}  {}  {subject}", l.seq, l.operator, l.action_text);
            if let Some(as_of) = &l.as_of_text {
                say!("        {as_of}");
            }
            for c in &l.changes {
                let value = match (&c.old, &c.new) {
                    (Some(old), Some(new)) => format!("{old} → {new}"),
                    (None, Some(new)) => new.clone(),
                    (Some(old), None) => format!("{old} → —"),
                    (None, None) => String::new(),
                };
                say!("        {}{}{value}", c.label, self.text("cli.colon"));
            }
        }
    }

    pub fn info(&self, info: &AppInfo, json: bool) {
        self.json_or(info, json, || {
            let account = match &info.account {
                Some(a) => format!("{}({})", a.name, a.role_words),
                None => "—".to_owned(),
            };
            format!(
                "{} {account}\n{} {}\n{} {}\n{} {}",
                self.text("cli.account"),
                self.text("cli.language"),
                info.lang.tag(),
                self.text("cli.idle_lock"),
                info.idle_lock_minutes,
                self.text("cli.database"),
                info.db_path
            )
        });
    }
}
