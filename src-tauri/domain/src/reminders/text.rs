//! The words of the notification and the calendar export, in both languages. `{name}`
//! placeholders are filled by [`fill`]; a test checks both languages have the same ones.

use crate::i18n::Lang;

/// `(code, zh-CN, en)`.
pub(crate) const TEXTS: &[(&str, &str, &str)] = &[
    ("title", "保密提醒:{counts}", "Clearance reminders: {counts}"),
    ("title.none", "保密提醒:暂无到期事项", "Clearance reminders: nothing due"),
    ("count.overdue", "{n} 项逾期", "{n} overdue"),
    ("count.due", "{n} 项今日到期", "{n} due today"),
    ("count.upcoming", "{n} 项即将到期", "{n} coming up"),
    ("count.separator", ",", ", "),
    ("body.kind", "{kind}:{counts}", "{kind}: {counts}"),
    ("body.more_kinds", "另有 {n} 类提醒", "and {n} more"),
    ("body.open", "点击打开仪表板查看详情", "Click to open the dashboard"),
    ("ics.summary", "{person}:{what}", "{person}: {what}"),
    ("ics.person", "人员 {id}", "Person {id}"),
    ("ics.due", "到期日:{date}", "Due: {date}"),
    ("ics.source", "依据:{citation}", "Source: {citation}"),
    ("ics.rule", "规则:{rule}", "Rule: {rule}"),
    ("ics.lead", "提前 {days} 天提醒", "Reminder {days} days ahead"),
    ("ics.lead_one", "提前 1 天提醒", "Reminder 1 day ahead"),
    ("ics.lead_none", "到期当天提醒", "Reminder on the day"),
    (
        "ics.beyond_calendar",
        "注意:该日期超出已载入的节假日日历,仅按周末推算,载入新年度日历后可能变化",
        "Note: this date lies beyond the loaded holiday calendar and counts weekends only; it may move once that year's calendar is loaded",
    ),
];

pub(crate) fn text(code: &str, lang: Lang) -> &'static str {
    TEXTS.iter().find(|(k, _, _)| *k == code).map(|(_, zh, en)| if lang == Lang::ZhCn { *zh } else { *en }).unwrap_or("")
}

/// The text of `code` with each `{name}` replaced by its value.
pub(crate) fn fill(code: &str, lang: Lang, values: &[(&str, &str)]) -> String {
    let mut out = text(code, lang).to_owned();
    for (name, value) in values {
        out = out.replace(&format!("{{{name}}}"), value);
    }
    out
}
