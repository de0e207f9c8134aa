//! Recording an acknowledgement, a snooze or a cancellation: what is checked and what is kept.

use super::*;

fn codes(e: crate::DomainError) -> Vec<(String, Option<String>)> {
    e.errors.into_iter().map(|e| (e.code, e.field)).collect()
}

#[test]
fn an_acknowledgement_keeps_the_key_the_due_date_seen_the_note_and_who_and_when() {
    let o = item("trip:7:report", 3, ReminderKind::TripReport, d(2026, 3, 10), 7);
    let a = Acknowledgement::acknowledge(&o, "  已催交,本人承诺周五前提交 ", " 王保密 ", at(d(2026, 3, 11), 9)).unwrap();
    assert_eq!(
        a,
        Acknowledgement {
            key: "trip:7:report".into(),
            due_date_at_ack: d(2026, 3, 10),
            kind: AckKind::Acknowledged { note: "已催交,本人承诺周五前提交".into() },
            at: at(d(2026, 3, 11), 9),
            operator: "王保密".into(),
        }
    );
    // Stored as JSON (or columns) and read back as it was.
    let json = serde_json::to_value(&a).unwrap();
    assert_eq!(json["kind"], serde_json::json!({"type": "acknowledged", "note": "已催交,本人承诺周五前提交"}));
    assert_eq!(json["due_date_at_ack"], "2026-03-10");
    assert_eq!(serde_json::from_value::<Acknowledgement>(json).unwrap(), a);
    let snooze = Acknowledgement::snooze(&o, d(2026, 3, 16), d(2026, 3, 11), "王保密", at(d(2026, 3, 11), 9)).unwrap();
    assert_eq!(serde_json::to_value(&snooze.kind).unwrap(), serde_json::json!({"type": "snoozed", "until": "2026-03-16"}));
    let cancel = Acknowledgement::cancel(&o, "王保密", at(d(2026, 3, 12), 9)).unwrap();
    assert_eq!(serde_json::to_value(&cancel.kind).unwrap(), serde_json::json!({"type": "cancelled"}));
}

#[test]
fn a_note_an_operator_and_a_snooze_date_after_today_are_required() {
    let o = item("trip:7:report", 3, ReminderKind::TripReport, d(2026, 3, 10), 7);
    let now = at(d(2026, 3, 11), 9);
    let e = Acknowledgement::acknowledge(&o, "  ", "", now).unwrap_err();
    assert_eq!(e.message(Lang::ZhCn), "说明不能为空;请先填写操作员姓名");
    assert_eq!(codes(e), [("required".into(), Some("note".into())), ("operator.required".into(), Some("operator".into()))]);
    let e = Acknowledgement::acknowledge(&o, &"长".repeat(4001), "王保密", now).unwrap_err();
    assert_eq!(codes(e), [("too_long".into(), Some("note".into()))]);
    // Snoozing until today or earlier would hide nothing.
    for until in [d(2026, 3, 11), d(2026, 3, 1)] {
        let e = Acknowledgement::snooze(&o, until, d(2026, 3, 11), "王保密", now).unwrap_err();
        assert_eq!(codes(e), [("reminder.snooze_not_after_today".into(), Some("until".into()))]);
    }
    assert!(Acknowledgement::snooze(&o, d(2026, 3, 12), d(2026, 3, 11), "王保密", now).is_ok());
    assert_eq!(codes(Acknowledgement::cancel(&o, " ", now).unwrap_err()), [("operator.required".into(), Some("operator".into()))]);
}
