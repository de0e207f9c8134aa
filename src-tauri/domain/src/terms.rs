//! The office's vocabulary: every code the backend can put in a view, an audit entry or a
//! message — a stage, a trip's state, a document's status, what an audit entry did — with its
//! words in both languages.
//!
//! This is the one catalogue of those words. The CLI reads it directly; the window reads it
//! through `ui/src/i18n/terms.zh-CN.json` and `terms.en.json`, which `tests/bindings.rs` writes
//! from [`catalogue`] and checks for staleness. The window and the CLI therefore cannot say
//! different things, and a code without words cannot compile: each table below is one
//! exhaustive `match`.

use std::collections::BTreeMap;

use crate::access::{Operation, Role};
use crate::deadline::{DueState, PeriodUnit};
use crate::export::{ExportFormat, ExportList};
use crate::form::FormKind;
use crate::i18n::Lang;
use crate::id_card::Sex;
use crate::lifecycle::{DepartureKind, ObligationKind, Stage};
use crate::reminders::{AckKindTag, ReminderKind};
use crate::travel::document::{DocumentKind, DocumentStatus, MovementKind};
use crate::travel::trip::{ApprovalLevel, TripKind, TripState, TripStepKind};
use crate::travel::TravelObligationKind;

/// A code with its words.
pub trait Term: Copy + Sized + 'static {
    /// The family of keys in the window's dictionary (`stage` for `stage.on_duty`).
    const FAMILY: &'static str;
    /// Every value, in the order the office reads them.
    const ALL: &'static [Self];

    /// The stable code, as serialised (`on_duty`).
    fn code(self) -> &'static str;

    /// `(zh-CN, en)`.
    fn words(self) -> (&'static str, &'static str);

    fn word(self, lang: Lang) -> &'static str {
        let (zh, en) = self.words();
        match lang {
            Lang::ZhCn => zh,
            Lang::En => en,
        }
    }

    fn from_code(code: &str) -> Option<Self> {
        Self::ALL.iter().copied().find(|t| t.code() == code)
    }
}

/// `Type, "family" { Variant => "code", "中文", "English"; ... }`: the list of values and both
/// matches come from one table, so a value cannot be listed without its words or code.
macro_rules! terms {
    ($ty:ident, $family:literal { $($variant:ident => $code:literal, $zh:literal, $en:literal;)+ }) => {
        impl Term for $ty {
            const FAMILY: &'static str = $family;
            const ALL: &'static [Self] = &[$($ty::$variant),+];

            fn code(self) -> &'static str {
                match self {
                    $($ty::$variant => $code),+
                }
            }

            fn words(self) -> (&'static str, &'static str) {
                match self {
                    $($ty::$variant => ($zh, $en)),+
                }
            }
        }
    };
}

terms!(Stage, "stage" {
    Onboarding => "onboarding", "上岗", "Onboarding";
    OnDuty => "on_duty", "在岗", "On duty";
    Departing => "departing", "离岗离职", "Departing";
    Decommissioning => "decommissioning", "脱密期", "Decommissioning";
    Released => "released", "已解除脱密", "Released";
});

terms!(DepartureKind, "departure" {
    LeavePost => "leave_post", "离岗(单位内调岗)", "Leave the post";
    LeaveOrganisation => "leave_organisation", "离职(离开单位)", "Leave the organisation";
});

terms!(Sex, "sex" {
    Male => "male", "男", "Male";
    Female => "female", "女", "Female";
});

terms!(DueState, "dueState" {
    Upcoming => "upcoming", "即将到期", "Coming up";
    Due => "due", "今日到期", "Due today";
    Overdue => "overdue", "已逾期", "Overdue";
});

terms!(PeriodUnit, "unit" {
    Days => "days", "日", "days";
    WorkingDays => "working_days", "个工作日", "working days";
    Months => "months", "个月", "months";
    Years => "years", "年", "years";
});

terms!(ObligationKind, "obligationKind" {
    Step => "step", "手续", "Step";
    Recurring => "recurring", "定期事项", "Recurring step";
    TrainingHours => "training_hours", "年度培训学时", "Training hours for the year";
    DecommissioningEnd => "decommissioning_end", "脱密期届满", "Decommissioning period ends";
});

terms!(ReminderKind, "reminderKind" {
    OnboardingStep => "onboarding_step", "上岗手续", "Onboarding step";
    RecurringTraining => "recurring_training", "在岗保密教育培训", "Recurring security training";
    ReReview => "re_review", "保密复审", "Periodic re-review";
    CommitmentResign => "commitment_resign", "重新签订保密承诺书", "Commitment re-signed";
    RecurringStep => "recurring_step", "在岗定期事项", "Recurring on-duty step";
    TrainingHours => "training_hours", "年度培训学时", "Training hours for the year";
    DepartureStep => "departure_step", "离岗离职手续", "Departure step";
    DecommissioningStep => "decommissioning_step", "脱密期事项", "Decommissioning step";
    DecommissioningEnd => "decommissioning_end", "脱密期届满", "Decommissioning period ends";
    DocumentHandin => "document_handin", "证件交存", "Travel document hand-in";
    DocumentReturn => "document_return", "证件交回", "Travel document return";
    DocumentExpiry => "document_expiry", "证件有效期届满", "Travel document expiry";
    TripApproval => "trip_approval", "出国(境)审批", "Travel approval";
    TripBriefing => "trip_briefing", "行前保密教育", "Pre-trip briefing";
    TripReturn => "trip_return", "按期回国(境)", "Return from the trip";
    TripReport => "trip_report", "回国(境)报告", "Post-trip report";
    FormUnreturned => "form_unreturned", "签字回执未交回", "Signed form not returned";
});

terms!(AckKindTag, "ackKind" {
    Acknowledged => "acknowledged", "已知悉", "Acknowledged";
    Snoozed => "snoozed", "暂缓提醒", "Snoozed";
    Cancelled => "cancelled", "撤销知悉", "Acknowledgement withdrawn";
});

terms!(TravelObligationKind, "obligation" {
    Approval => "approval", "出国(境)审批", "Travel approval";
    Briefing => "briefing", "行前保密教育", "Pre-trip briefing";
    DocumentHandIn => "document_hand_in", "证件交存", "Travel document hand-in";
    DocumentReturn => "document_return", "证件交回", "Travel document return";
    Report => "report", "回国(境)报告", "Post-trip report";
    DocumentExpiry => "document_expiry", "证件有效期届满", "Travel document expiry";
    TripReturn => "trip_return", "按期回国(境)", "Return from the trip";
});

terms!(TripKind, "tripKind" {
    Official => "official", "因公", "Official";
    Private => "private", "因私", "Private";
});

terms!(ApprovalLevel, "approvalLevel" {
    Standard => "standard", "常规审批", "Standard approval";
    Higher => "higher", "上一级审批", "Higher approval";
});

terms!(TripState, "tripState" {
    Requested => "requested", "待审批", "Requested";
    Approved => "approved", "已批准", "Approved";
    Refused => "refused", "未批准", "Refused";
    Briefed => "briefed", "已行前教育", "Briefed";
    DocumentOut => "document_out", "证件已领出", "Document out";
    Departed => "departed", "在外", "Abroad";
    Returned => "returned", "已回国(境)", "Returned";
    Reported => "reported", "已报告", "Reported";
    Closed => "closed", "已办结", "Closed";
    Withdrawn => "withdrawn", "已撤销", "Withdrawn";
});

terms!(TripStepKind, "tripStep" {
    Approve => "approve", "批准", "Approve";
    Refuse => "refuse", "不予批准", "Refuse";
    Brief => "brief", "登记行前保密教育", "Record briefing";
    Checkout => "checkout", "领取证件", "Check out document";
    Depart => "depart", "登记出发", "Record departure";
    Return => "return", "登记回国(境)", "Record return";
    DocReturn => "doc_return", "证件交回", "Document returned";
    Report => "report", "收到回国(境)报告", "Report received";
    Close => "close", "办结", "Close trip";
    Correct => "correct", "更正计划日期", "Correct dates";
    Extend => "extend", "延期", "Extend";
    Withdraw => "withdraw", "撤销", "Withdraw";
});

terms!(DocumentKind, "docKind" {
    Passport => "passport", "护照", "Passport";
    HkMacaoPermit => "hk_macao_permit", "往来港澳通行证", "Hong Kong/Macao permit";
    TaiwanPermit => "taiwan_permit", "往来台湾通行证", "Taiwan permit";
    Other => "other", "其他证件", "Other document";
});

terms!(DocumentStatus, "docStatus" {
    AwaitingHandIn => "awaiting_hand_in", "待交存", "Awaiting hand-in";
    InCustody => "in_custody", "在柜保管", "In custody";
    CheckedOut => "checked_out", "已领出", "Checked out";
    Returned => "returned", "已发还本人", "Given back";
    RefusedToReturn => "refused_to_return", "拒不交回", "Refused to return";
    Expired => "expired", "已过期", "Expired";
    Cancelled => "cancelled", "已注销", "Cancelled";
});

terms!(MovementKind, "movement" {
    Registered => "registered", "登记", "Registered";
    HandedIn => "handed_in", "交存", "Handed in";
    CheckedOut => "checked_out", "领出", "Checked out";
    ReturnedToCustody => "returned_to_custody", "交回", "Returned to custody";
    ReturnedToHolder => "returned_to_holder", "发还本人", "Given back";
    RefusedToReturn => "refused_to_return", "拒不交回", "Refused to return";
    MarkedExpired => "marked_expired", "过期", "Expired";
    Cancelled => "cancelled", "注销", "Cancelled";
});

terms!(FormKind, "formKind" {
    Review => "review", "保密审查登记表", "Security review and registration";
    Commitment => "commitment", "保密承诺书", "Confidentiality commitment";
    Departure => "departure", "离岗离职保密承诺书", "Departure commitment";
    TravelApproval => "travel-approval", "出国(境)审批表", "Foreign travel approval";
    TravelReport => "travel-report", "回国(境)报告表", "Post-trip report";
    DocumentReceipt => "document-receipt", "证件领取/交回登记", "Travel document receipt";
    RegisterList => "register-list", "登记名册", "Register list";
});

terms!(ExportList, "exportList" {
    People => "people", "人员名册", "Register of people";
    Reminders => "reminders", "提醒事项", "Reminders";
    Trips => "trips", "出国(境)行程", "Trips abroad";
    Documents => "documents", "证件保管登记", "Travel-document custody";
    Forms => "forms", "表单出具登记", "Issued forms";
    Audit => "audit", "审计记录", "Audit trail";
});

terms!(ExportFormat, "exportFormat" {
    Xlsx => "xlsx", "Excel 工作簿(.xlsx)", "Excel workbook (.xlsx)";
    Csv => "csv", "CSV 文本文件(.csv)", "CSV text file (.csv)";
});

/// What an audit entry records was done. Stored as its code (`person.add`), which is part of
/// the entry's hash: a code once written never changes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum AuditAction {
    PersonAdd,
    PersonEdit,
    PersonLevel,
    PersonArchive,
    PersonUnarchive,
    PersonRevealId,
    PersonPhotoSet,
    PersonPhotoReplace,
    PersonPhotoRemove,
    SampleHistories,
    LifecycleStep,
    LifecycleOnDuty,
    LifecycleOnDutyOverride,
    LifecycleDepart,
    LifecycleItems,
    LifecycleDecommissioning,
    LifecycleExtend,
    LifecycleRelease,
    LifecycleTraining,
    LifecycleEvent,
    TripRequest,
    TripApprove,
    TripRefuse,
    TripBrief,
    TripDocumentOut,
    TripDepart,
    TripReturn,
    TripReport,
    TripClose,
    TripExtend,
    TripCorrect,
    TripWithdraw,
    DocumentRegister,
    DocumentHandIn,
    DocumentCheckOut,
    DocumentReturn,
    DocumentGiveBack,
    DocumentRefused,
    DocumentExpired,
    DocumentCancel,
    FormIssue,
    FormReceived,
    FormVoid,
    FormReprint,
    ReminderAcknowledge,
    ReminderSnooze,
    ReminderCancelAck,
    SettingsOperator,
    SettingsLanguage,
    SettingsKeepInTray,
    SettingsPolicy,
    SettingsOfficeName,
    SettingsOfficeNameEn,
    SettingsFormLanguage,
    SettingsFormTemplate,
    RegisterImport,
    RegisterExport,
    RegisterBackup,
    RegisterRestore,
    RegisterEncrypt,
    RegisterRekey,
    RegisterRecoveryKey,
    SettingsBackup,
    AccountCreate,
    AccountUpdate,
    AccountPassword,
    SessionSignIn,
    SessionSignInFailed,
    SessionSignInWait,
    SessionSignOut,
    SessionLock,
    SessionUnlock,
    AccessRefused,
    SettingsIdleLock,
}

terms!(AuditAction, "action" {
    PersonAdd => "person.add", "新增人员", "Person added";
    PersonEdit => "person.edit", "修改信息", "Details edited";
    PersonLevel => "person.level", "变更等级", "Level changed";
    PersonArchive => "person.archive", "归档", "Archived";
    PersonUnarchive => "person.unarchive", "取消归档", "Unarchived";
    PersonRevealId => "person.reveal_id", "查看完整身份证号码", "Full ID number viewed";
    PersonPhotoSet => "person.photo_set", "添加照片", "Photo added";
    PersonPhotoReplace => "person.photo_replace", "更换照片", "Photo replaced";
    PersonPhotoRemove => "person.photo_remove", "删除照片", "Photo removed";
    SampleHistories => "sample.histories", "载入示例数据", "Sample data loaded";
    LifecycleStep => "lifecycle.step", "登记完成事项", "Step recorded";
    LifecycleOnDuty => "lifecycle.on_duty", "上岗", "Put on duty";
    LifecycleOnDutyOverride => "lifecycle.on_duty_override", "例外上岗(手续未齐)", "Put on duty with steps missing";
    LifecycleDepart => "lifecycle.depart", "办理离岗离职", "Departure started";
    LifecycleItems => "lifecycle.items", "清退物品清单", "Returned-items list";
    LifecycleDecommissioning => "lifecycle.decommissioning", "进入脱密期", "Decommissioning period started";
    LifecycleExtend => "lifecycle.extend", "延长脱密期", "Decommissioning period extended";
    LifecycleRelease => "lifecycle.release", "解除脱密期管理", "Released";
    LifecycleTraining => "lifecycle.training", "参加保密教育培训", "Training attended";
    LifecycleEvent => "lifecycle.event", "个人重大事项报告", "Personal event reported";
    TripRequest => "trip.request", "出国(境)申请", "Trip requested";
    TripApprove => "trip.approve", "出国(境)批准", "Trip approved";
    TripRefuse => "trip.refuse", "出国(境)不予批准", "Trip refused";
    TripBrief => "trip.brief", "行前保密教育", "Pre-trip briefing";
    TripDocumentOut => "trip.document_out", "行程证件领出", "Document out for the trip";
    TripDepart => "trip.depart", "出发", "Departed";
    TripReturn => "trip.return", "回国(境)", "Returned";
    TripReport => "trip.report", "回国(境)报告", "Post-trip report";
    TripClose => "trip.close", "行程办结", "Trip closed";
    TripExtend => "trip.extend", "行程延期", "Trip extended";
    TripCorrect => "trip.correct", "更正行程计划日期", "Trip dates corrected";
    TripWithdraw => "trip.withdraw", "行程撤销", "Trip withdrawn";
    DocumentRegister => "document.register", "证件登记", "Document registered";
    DocumentHandIn => "document.hand_in", "证件交存", "Document handed in";
    DocumentCheckOut => "document.check_out", "证件领出", "Document checked out";
    DocumentReturn => "document.return", "证件交回", "Document returned";
    DocumentGiveBack => "document.give_back", "证件发还本人", "Document given back";
    DocumentRefused => "document.refused", "拒不交回证件", "Document refused";
    DocumentExpired => "document.expired", "证件过期", "Document expired";
    DocumentCancel => "document.cancel", "证件注销", "Document cancelled";
    FormIssue => "form.issue", "出具表单", "Form issued";
    FormReceived => "form.received", "签字件交回", "Signed copy received";
    FormVoid => "form.void", "表单作废", "Form voided";
    FormReprint => "form.reprint", "补印表单副本", "Copy of a form printed";
    ReminderAcknowledge => "reminder.acknowledge", "提醒已知悉", "Reminder acknowledged";
    ReminderSnooze => "reminder.snooze", "暂缓提醒", "Reminder snoozed";
    ReminderCancelAck => "reminder.cancel_ack", "撤销知悉", "Acknowledgement withdrawn";
    SettingsOperator => "settings.operator", "更换操作员", "Operator changed";
    SettingsLanguage => "settings.language", "切换语言", "Language changed";
    SettingsKeepInTray => "settings.keep_in_tray", "托盘运行设置", "System tray setting";
    SettingsPolicy => "settings.policy", "更换策略", "Policy changed";
    SettingsOfficeName => "settings.office_name", "保密工作机构名称", "Office name";
    SettingsOfficeNameEn => "settings.office_name_en", "保密工作机构英文名称", "Office name (English)";
    SettingsFormLanguage => "settings.form_language", "表单打印语言", "Form print language";
    SettingsFormTemplate => "settings.form_template", "表单模板", "Form template";
    RegisterImport => "register.import", "导入人员名册", "Roster imported";
    RegisterExport => "register.export", "导出清单", "List exported";
    RegisterBackup => "register.backup", "备份登记册", "Register backed up";
    RegisterRestore => "register.restore", "从备份恢复登记册", "Register restored from a backup";
    RegisterEncrypt => "register.encrypt", "加密登记册", "Register encrypted";
    RegisterRekey => "register.rekey", "更换登记册口令", "Register passphrase changed";
    RegisterRecoveryKey => "register.recovery_key", "查看登记册恢复密钥", "Register recovery key shown";
    SettingsBackup => "settings.backup", "自动备份设置", "Automatic backup settings";
    AccountCreate => "account.create", "新建账户", "Account created";
    AccountUpdate => "account.update", "修改账户", "Account changed";
    AccountPassword => "account.password", "更改账户密码", "Account password changed";
    SessionSignIn => "session.sign_in", "登录", "Signed in";
    SessionSignInFailed => "session.sign_in_failed", "登录失败", "Sign-in failed";
    SessionSignInWait => "session.sign_in_wait", "登录失败次数过多,暂停登录", "Sign-in paused after too many failures";
    SessionSignOut => "session.sign_out", "退出登录", "Signed out";
    SessionLock => "session.lock", "锁定", "Locked";
    SessionUnlock => "session.unlock", "解除锁定", "Unlocked";
    AccessRefused => "access.refused", "操作被拒绝(权限不足)", "Refused: not allowed for the role";
    SettingsIdleLock => "settings.idle_lock", "闲置自动锁定设置", "Idle lock setting";
});

/// The kind of record an audit entry is about (stored as its code, like [`AuditAction`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum AuditEntity {
    Person,
    Lifecycle,
    Trip,
    TravelDocument,
    Form,
    Reminder,
    Setting,
    Register,
    Account,
}

terms!(AuditEntity, "entity" {
    Person => "person", "人员", "Person";
    Lifecycle => "lifecycle", "人员管理阶段", "Supervision stage";
    Trip => "trip", "行程", "Trip";
    TravelDocument => "travel_document", "证件", "Travel document";
    Form => "form", "表单", "Form";
    Reminder => "reminder", "提醒", "Reminder";
    Setting => "setting", "设置", "Setting";
    Register => "register", "登记册", "Register";
    Account => "account", "账户", "Account";
});

terms!(Role, "role" {
    Clerk => "clerk", "经办人", "Clerk";
    Approver => "approver", "审批人", "Approver";
    Auditor => "auditor", "审计员", "Auditor";
    Admin => "admin", "管理员", "Administrator";
});

terms!(Operation, "operation" {
    Read => "read", "查看登记册", "Read the register";
    Preferences => "preferences", "语言与托盘设置", "Language and tray";
    EditPeople => "edit_people", "新增和修改人员", "Add and edit people";
    RevealId => "reveal_id", "查看完整身份证号码", "View full ID numbers";
    RecordSteps => "record_steps", "登记手续、培训和事项", "Record steps, training and events";
    RecordTravel => "record_travel", "登记证件和出国(境)行程", "Record documents and trips";
    ApproveTrip => "approve_trip", "审批出国(境)", "Approve trips";
    OverrideOnboarding => "override_onboarding", "手续未齐时例外上岗", "Put on duty with a step missing";
    ChangePolicy => "change_policy", "更换策略", "Change the policy";
    IssueForms => "issue_forms", "出具和登记表单", "Issue and record forms";
    Reminders => "reminders", "处理提醒", "Handle reminders";
    Import => "import", "导入人员名册", "Import a roster";
    Export => "export", "导出清单", "Export lists";
    Audit => "audit", "查看、核验和导出审计记录", "Read, verify and export the audit trail";
    Backup => "backup", "备份登记册", "Back up the register";
    Restore => "restore", "从备份恢复登记册", "Restore the register";
    Encryption => "encryption", "登记册加密", "Register encryption";
    Accounts => "accounts", "管理账户", "Manage accounts";
    Settings => "settings", "更改机构设置", "Change the office's settings";
    ShiftToday => "shift_today", "以其他日期作为今天", "Work as of another day";
});

/// The training categories of the shipped policies (`training_category` of a step), `(code,
/// zh-CN, en)`. An office's own policy may name others: they are shown by the step they complete.
pub const TRAINING_CATEGORIES: &[(&str, &str, &str)] = &[
    ("security", "保密教育培训", "Security training"),
    ("insider_threat", "内部威胁培训", "Insider-threat training"),
    ("initial_briefing", "初始保密简报", "Initial security briefing"),
    ("refresher", "年度复训", "Annual refresher"),
    ("derivative_classification", "派生定密培训", "Derivative-classification training"),
];

/// Every family of terms, each as `code → words`: what `tests/bindings.rs` writes for the window
/// (`{family}.{code}`) and what the completeness tests walk.
pub fn catalogue(lang: Lang) -> BTreeMap<String, String> {
    fn add<T: Term>(out: &mut BTreeMap<String, String>, lang: Lang) {
        for t in T::ALL {
            out.insert(format!("{}.{}", T::FAMILY, t.code()), t.word(lang).to_owned());
        }
    }
    let mut out = BTreeMap::new();
    add::<Stage>(&mut out, lang);
    add::<DepartureKind>(&mut out, lang);
    add::<Sex>(&mut out, lang);
    add::<DueState>(&mut out, lang);
    add::<PeriodUnit>(&mut out, lang);
    add::<ObligationKind>(&mut out, lang);
    add::<ReminderKind>(&mut out, lang);
    add::<AckKindTag>(&mut out, lang);
    add::<TravelObligationKind>(&mut out, lang);
    add::<TripKind>(&mut out, lang);
    add::<ApprovalLevel>(&mut out, lang);
    add::<TripState>(&mut out, lang);
    add::<TripStepKind>(&mut out, lang);
    add::<DocumentKind>(&mut out, lang);
    add::<DocumentStatus>(&mut out, lang);
    add::<MovementKind>(&mut out, lang);
    add::<FormKind>(&mut out, lang);
    add::<ExportList>(&mut out, lang);
    add::<ExportFormat>(&mut out, lang);
    add::<AuditAction>(&mut out, lang);
    add::<AuditEntity>(&mut out, lang);
    add::<Role>(&mut out, lang);
    add::<Operation>(&mut out, lang);
    // A roster's columns by the headers the export writes (`上岗日期`, not the person's
    // planned start): what the import's column choices say.
    for field in crate::roster::RosterField::ALL {
        out.insert(format!("rosterField.{}", field.code()), field.header(lang));
    }
    for (code, zh, en) in TRAINING_CATEGORIES {
        out.insert(format!("category.{code}"), if lang == Lang::ZhCn { zh } else { en }.to_string());
    }
    for (code, zh, en) in crate::i18n::FIELDS {
        out.insert(format!("field.{code}"), if lang == Lang::ZhCn { zh } else { en }.to_string());
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    /// No two terms of a family share a code or words, and a code reads back as its term.
    fn check<T: Term>() {
        let mut codes = std::collections::HashSet::new();
        let mut words = std::collections::HashSet::new();
        for t in T::ALL {
            assert!(codes.insert(t.code()), "{}.{} twice", T::FAMILY, t.code());
            let (zh, en) = t.words();
            assert!(!zh.is_empty() && !en.is_empty(), "{}.{}", T::FAMILY, t.code());
            assert!(words.insert((zh, en)), "{}.{} says the same as another", T::FAMILY, t.code());
            assert_eq!(T::from_code(t.code()).map(|x| x.code()), Some(t.code()));
        }
    }

    /// The code of a term that crosses to the window is what serde writes for it.
    fn check_serialised<T: Term + serde::Serialize>() {
        check::<T>();
        for t in T::ALL {
            assert_eq!(serde_json::to_value(t).unwrap(), serde_json::json!(t.code()), "{}", T::FAMILY);
        }
    }

    #[test]
    fn every_code_is_the_serialised_one_and_has_its_own_words() {
        check_serialised::<Stage>();
        check_serialised::<DepartureKind>();
        check_serialised::<Sex>();
        check_serialised::<DueState>();
        check_serialised::<PeriodUnit>();
        check_serialised::<ObligationKind>();
        check_serialised::<ReminderKind>();
        check_serialised::<AckKindTag>();
        check_serialised::<TravelObligationKind>();
        check_serialised::<TripKind>();
        check_serialised::<ApprovalLevel>();
        check_serialised::<TripState>();
        check_serialised::<TripStepKind>();
        check_serialised::<DocumentKind>();
        check_serialised::<DocumentStatus>();
        check_serialised::<MovementKind>();
        check_serialised::<FormKind>();
        check_serialised::<ExportList>();
        check_serialised::<ExportFormat>();
        check::<AuditAction>();
        check::<AuditEntity>();
        check_serialised::<Role>();
        check_serialised::<Operation>();
    }

    /// Every category a shipped policy's step trains for has its words here.
    #[test]
    fn the_shipped_policies_training_categories_have_words() {
        for id in crate::policy::Policy::builtin_ids() {
            let policy = crate::policy::Policy::builtin(id).unwrap();
            for category in crate::lifecycle::TrainingSession::categories(&policy) {
                assert!(TRAINING_CATEGORIES.iter().any(|(c, _, _)| *c == category), "{id}: {category}");
            }
        }
    }

    #[test]
    fn the_catalogue_has_the_same_keys_in_both_languages() {
        let zh = catalogue(Lang::ZhCn);
        let en = catalogue(Lang::En);
        assert_eq!(zh.keys().collect::<Vec<_>>(), en.keys().collect::<Vec<_>>());
        assert!(zh.contains_key("tripState.document_out") && zh.contains_key("action.person.add"));
    }
}
