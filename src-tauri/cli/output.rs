//! How CLI results are printed: stable JSON with `--json`, a readable table otherwise.

use clearance_domain::audit::Verification;
use clearance_domain::history::AuditLine;
use clearance_domain::level::{LevelDef, LevelId};
use clearance_domain::person::Person;
use clearance_domain::register::PeoplePage;
use clearance_domain::Lang;
use serde::Serialize;
use unicode_width::UnicodeWidthStr;

use crate::office::{AppInfo, PersonDetail};

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
            println!("{}", serde_json::to_string_pretty(value).unwrap_or_default());
        } else {
            println!("{}", text());
        }
    }

    pub fn person(&self, p: &Person, json: bool) {
        self.json_or(p, json, || format!("{} {} ({})", p.id, p.name, p.staff_no));
    }

    pub fn people(&self, page: &PeoplePage, levels: &[LevelDef], json: bool) {
        if json {
            return self.json_or(page, true, String::new);
        }
        println!(
            "{}{}{}{}{}",
            pad(&self.field("staff_no"), 14),
            pad(&self.field("name"), 22),
            pad(&self.field("level"), 12),
            pad(&self.field("unit"), 20),
            self.field("id_number")
        );
        for r in &page.rows {
            println!(
                "{}{}{}{}{}{}",
                pad(&r.staff_no, 14),
                pad(&r.name, 22),
                pad(&level_name(levels, &r.level, self.lang), 12),
                pad(&r.unit, 20),
                r.id_number_masked,
                if r.archived { self.text("cli.archived") } else { String::new() }
            );
        }
        println!("{} {}", page.total, self.text("cli.people"));
    }

    pub fn person_detail(&self, d: &PersonDetail, levels: &[LevelDef], json: bool) {
        if json {
            return self.json_or(&d.person, true, String::new);
        }
        let p = &d.person;
        let row = |label: &str, value: &str| println!("{} {value}", pad(label, 16));
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
        println!("{}", self.text("cli.level_history"));
        for c in &p.level_history {
            println!("  {}  {}  {}", c.effective, level_name(levels, &c.level, self.lang), c.reason);
        }
    }

    /// Entries in words, each change on a line of its own (`label: old → new`).
    pub fn audit(&self, lines: &[AuditLine]) {
        for l in lines {
            println!("{:>6}  {}  {}  {}  {}", l.seq, l.at.format("%Y-%m-%d %H:%M:%S"), l.operator, l.action_text, l.subject);
            for c in &l.changes {
                let value = match (&c.old, &c.new) {
                    (Some(old), Some(new)) => format!("{old} → {new}"),
                    (None, Some(new)) => new.clone(),
                    (Some(old), None) => format!("{old} → —"),
                    (None, None) => String::new(),
                };
                println!("        {}{}{value}", c.label, self.text("cli.colon"));
            }
        }
    }

    pub fn verification(&self, v: &Verification, json: bool) {
        self.json_or(v, json, || match v.first_broken {
            None => format!("{} {}", self.text("cli.audit_chain_intact_entries"), v.entries),
            Some(_) => String::new(),
        });
    }

    pub fn info(&self, info: &AppInfo, json: bool) {
        self.json_or(info, json, || {
            format!(
                "{} {}\n{} {}\n{} {}",
                self.text("cli.operator"),
                info.operator.as_deref().unwrap_or("—"),
                self.text("cli.language"),
                info.lang.tag(),
                self.text("cli.database"),
                info.db_path
            )
        });
    }
}
