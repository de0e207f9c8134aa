//! A roster of cleared personnel as an office keeps it in a spreadsheet: its columns, the names
//! offices give them, in Chinese or English. The import reads a roster by these columns, the
//! export writes the register with them, so an exported register imports again.

use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::fullwidth;
use crate::i18n::{field_label, Lang};

/// A column of a roster.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, TS)]
#[ts(export)]
#[serde(rename_all = "snake_case")]
pub enum RosterField {
    Name,
    StaffNo,
    IdNumber,
    Sex,
    BirthDate,
    Unit,
    Post,
    Level,
    Phone,
    /// The day the person took (or will take) the post (上岗日期).
    StartDate,
    Notes,
    /// The stage the person is in today (在岗, 离岗离职, 脱密期 …); empty for onboarding.
    Stage,
    /// When the onboarding steps (review, initial training, commitment) were done.
    OnboardingDone,
    /// The last recurring security training attended.
    LastTraining,
    /// The last periodic re-review (复审).
    LastReview,
    /// The last confidentiality commitment signed.
    LastCommitment,
    /// For people already leaving: the departure date.
    DepartureDate,
    /// For people in their decommissioning period: the day it ends.
    DecommissioningEnd,
}

impl RosterField {
    pub const ALL: [RosterField; 18] = [
        RosterField::Name,
        RosterField::StaffNo,
        RosterField::IdNumber,
        RosterField::Sex,
        RosterField::BirthDate,
        RosterField::Unit,
        RosterField::Post,
        RosterField::Level,
        RosterField::Phone,
        RosterField::StartDate,
        RosterField::Notes,
        RosterField::Stage,
        RosterField::OnboardingDone,
        RosterField::LastTraining,
        RosterField::LastReview,
        RosterField::LastCommitment,
        RosterField::DepartureDate,
        RosterField::DecommissioningEnd,
    ];

    /// The field's code: the same as the person's field it fills, where there is one.
    pub fn code(self) -> &'static str {
        match self {
            RosterField::Name => "name",
            RosterField::StaffNo => "staff_no",
            RosterField::IdNumber => "id_number",
            RosterField::Sex => "sex",
            RosterField::BirthDate => "birth_date",
            RosterField::Unit => "unit",
            RosterField::Post => "post",
            RosterField::Level => "level",
            RosterField::Phone => "phone",
            RosterField::StartDate => "start_date",
            RosterField::Notes => "notes",
            RosterField::Stage => "stage",
            RosterField::OnboardingDone => "onboarding_done",
            RosterField::LastTraining => "last_training",
            RosterField::LastReview => "last_review",
            RosterField::LastCommitment => "last_commitment",
            RosterField::DepartureDate => "departure_date",
            RosterField::DecommissioningEnd => "decommissioning_end",
        }
    }

    pub fn from_code(code: &str) -> Option<RosterField> {
        RosterField::ALL.into_iter().find(|f| f.code() == code)
    }

    /// The header the export writes (and the template offers): the field's label as the window
    /// shows it.
    pub fn header(self, lang: Lang) -> String {
        match self {
            // Of the person, the day on the post: not the planned one, in a roster.
            RosterField::StartDate => match lang {
                Lang::ZhCn => "上岗日期".to_owned(),
                Lang::En => "Start date".to_owned(),
            },
            _ => field_label(self.code(), lang),
        }
    }

    /// The names offices give the column, besides [`RosterField::header`] in either language
    /// and the code itself, as [`normalize_header`] reads them.
    fn aliases(self) -> &'static [&'static str] {
        match self {
            RosterField::Name => &["姓名", "名字", "人员姓名", "name", "fullname", "full name"],
            RosterField::StaffNo => {
                &["工号", "人员编号", "职工号", "员工编号", "编号", "staffno", "staff no", "staff number", "employee no", "employee id"]
            }
            RosterField::IdNumber => {
                &["身份证号", "身份证号码", "公民身份号码", "公民身份证号", "身份证", "证件号码", "id", "idnumber", "id number", "id no"]
            }
            RosterField::Sex => &["性别", "sex", "gender"],
            RosterField::BirthDate => &["出生日期", "出生年月", "生日", "birthdate", "birth date", "date of birth", "dob"],
            RosterField::Unit => &["部门", "单位", "所在单位", "所在部门", "单位部门", "单位/部门", "unit", "department", "dept"],
            RosterField::Post => &["岗位", "职务", "涉密岗位", "岗位名称", "post", "position", "job title", "title"],
            RosterField::Level => &["涉密等级", "密级", "等级", "涉密人员类别", "类别", "level", "clearance", "clearance level"],
            RosterField::Phone => &["电话", "联系电话", "手机", "手机号", "phone", "telephone", "mobile"],
            RosterField::StartDate => &["上岗日期", "上岗时间", "任职日期", "入职日期", "startdate", "start date", "start"],
            RosterField::Notes => &["备注", "说明", "notes", "note", "remarks", "remark"],
            RosterField::Stage => &["阶段", "状态", "人员状态", "管理阶段", "stage", "status"],
            RosterField::OnboardingDone => &["上岗手续完成日期", "上岗审查日期", "审查日期", "onboarding done", "onboarding completed"],
            RosterField::LastTraining => &["最近培训日期", "上次培训日期", "培训日期", "last training", "training date"],
            RosterField::LastReview => &["最近复审日期", "上次复审日期", "复审日期", "last review", "last re-review", "review date"],
            RosterField::LastCommitment => {
                &["最近承诺书签订日期", "承诺书签订日期", "签订承诺书日期", "last commitment", "commitment signed", "commitment date"]
            }
            RosterField::DepartureDate => &["离岗日期", "离职日期", "离岗离职日期", "departure date", "left on", "leaving date"],
            RosterField::DecommissioningEnd => {
                &["脱密期截止日期", "脱密期届满日期", "脱密期至", "decommissioning end", "decommissioning ends"]
            }
        }
    }

    /// The field a header names, whatever the case, spacing, punctuation or full-width form
    /// (`身份证号码`, `公民身份号码`, ` ID Number `, `姓名*`).
    pub fn match_header(header: &str) -> Option<RosterField> {
        let wanted = normalize_header(header);
        if wanted.is_empty() {
            return None;
        }
        RosterField::ALL.into_iter().find(|f| {
            normalize_header(f.code()) == wanted
                || [Lang::ZhCn, Lang::En].into_iter().any(|l| normalize_header(&f.header(l)) == wanted)
                || f.aliases().iter().any(|a| normalize_header(a) == wanted)
        })
    }
}

/// A header as compared: full-width characters as ASCII, lower case, without spaces,
/// underscores, hyphens, required-field stars or brackets with their contents.
pub fn normalize_header(header: &str) -> String {
    let ascii = fullwidth::to_ascii(header);
    let mut out = String::new();
    let mut depth = 0u32;
    for c in ascii.chars() {
        match c {
            '(' | '（' | '[' | '【' => depth += 1,
            ')' | '）' | ']' | '】' => depth = depth.saturating_sub(1),
            _ if depth > 0 => {}
            c if c.is_whitespace() || matches!(c, '_' | '-' | '*' | ':' | '：' | '.' | '/' | '、') => {}
            c => out.extend(c.to_lowercase()),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn headers_offices_use_are_recognised() {
        let cases = [
            ("姓名", RosterField::Name),
            ("姓 名", RosterField::Name),
            ("Name", RosterField::Name),
            ("身份证号", RosterField::IdNumber),
            ("公民身份号码", RosterField::IdNumber),
            ("ID number", RosterField::IdNumber),
            ("工号", RosterField::StaffNo),
            ("人员编号*", RosterField::StaffNo),
            ("Staff No.", RosterField::StaffNo),
            ("部门", RosterField::Unit),
            ("单位/部门", RosterField::Unit),
            ("涉密等级", RosterField::Level),
            ("密级", RosterField::Level),
            ("上岗日期(YYYY-MM-DD)", RosterField::StartDate),
            ("备注", RosterField::Notes),
            ("ＳＥＸ", RosterField::Sex),
            ("staff_no", RosterField::StaffNo),
            ("last_training", RosterField::LastTraining),
        ];
        for (header, field) in cases {
            assert_eq!(RosterField::match_header(header), Some(field), "{header}");
        }
        assert_eq!(RosterField::match_header("籍贯"), None);
        assert_eq!(RosterField::match_header(""), None);
    }

    #[test]
    fn every_header_the_export_writes_reads_back_as_its_field() {
        for f in RosterField::ALL {
            for lang in [Lang::ZhCn, Lang::En] {
                assert_ne!(f.header(lang), f.code(), "a header in words, not the code");
                assert_eq!(RosterField::match_header(&f.header(lang)), Some(f), "{}", f.header(lang));
            }
            assert_eq!(RosterField::from_code(f.code()), Some(f));
        }
    }
}
