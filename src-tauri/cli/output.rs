//! How CLI results are printed: stable JSON with `--json`, a readable table otherwise.

use clearance_domain::audit::Verification;
use clearance_domain::history::AuditLine;
use clearance_domain::level::{LevelDef, LevelId};
use clearance_domain::person::Person;
use clearance_domain::register::PeoplePage;
use clearance_domain::Lang;
use serde::Serialize;

use crate::office::{AppInfo, PersonDetail};

pub struct Printer {
    pub lang: Lang,
}

fn level_name(levels: &[LevelDef], id: &LevelId, lang: Lang) -> String {
    levels.iter().find(|l| &l.id == id).map(|l| l.name(lang).to_owned()).unwrap_or_else(|| id.0.clone())
}

/// Pads to a display width, counting CJK characters as two columns so tables line up.
fn pad(text: &str, width: usize) -> String {
    let w: usize = text.chars().map(|c| if c as u32 >= 0x1100 { 2 } else { 1 }).sum();
    format!("{text}{}", " ".repeat(width.saturating_sub(w)))
}

impl Printer {
    pub(super) fn t<'a>(&self, zh: &'a str, en: &'a str) -> &'a str {
        if self.lang == Lang::ZhCn {
            zh
        } else {
            en
        }
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
            pad(self.t("编号", "Staff no"), 14),
            pad(self.t("姓名", "Name"), 22),
            pad(self.t("等级", "Level"), 12),
            pad(self.t("单位", "Unit"), 20),
            self.t("身份证号", "ID number")
        );
        for r in &page.rows {
            println!(
                "{}{}{}{}{}{}",
                pad(&r.staff_no, 14),
                pad(&r.name, 22),
                pad(&level_name(levels, &r.level, self.lang), 12),
                pad(&r.unit, 20),
                r.id_number_masked,
                if r.archived { self.t("  (已归档)", "  (archived)") } else { "" }
            );
        }
        println!("{} {}", page.total, self.t("人", "people"));
    }

    pub fn person_detail(&self, d: &PersonDetail, levels: &[LevelDef], json: bool) {
        if json {
            return self.json_or(&d.person, true, String::new);
        }
        let p = &d.person;
        let row = |label: &str, value: &str| println!("{} {value}", pad(label, 16));
        row(self.t("姓名", "Name"), &p.name);
        row(self.t("人员编号", "Staff no"), &p.staff_no);
        row(self.t("身份证号", "ID number"), &p.id_number);
        row(self.t("单位", "Unit"), &p.unit);
        row(self.t("岗位", "Post"), &p.post);
        row(self.t("等级", "Level"), &level_name(levels, &p.level, self.lang));
        row(self.t("计划上岗", "Start date"), &p.start_date.to_string());
        row(self.t("登记日期", "Registered"), &p.registered_on.to_string());
        if let Some(a) = &p.archived {
            row(self.t("已归档", "Archived"), &format!("{} {}", a.on, a.reason));
        }
        println!("{}", self.t("等级变更:", "Level history:"));
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
                println!("        {}{}{value}", c.label, self.t(":", ": "));
            }
        }
    }

    pub fn verification(&self, v: &Verification, json: bool) {
        self.json_or(v, json, || match v.first_broken {
            None => format!("{} {}", self.t("审计链完整,条目数:", "Audit chain intact, entries:"), v.entries),
            Some(_) => String::new(),
        });
    }

    pub fn info(&self, info: &AppInfo, json: bool) {
        self.json_or(info, json, || {
            format!(
                "{} {}\n{} {}\n{} {}",
                self.t("操作员:", "Operator:"),
                info.operator.as_deref().unwrap_or("—"),
                self.t("语言:", "Language:"),
                info.lang.tag(),
                self.t("数据库:", "Database:"),
                info.db_path
            )
        });
    }
}
