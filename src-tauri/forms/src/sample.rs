//! Sample data for every form: used to check an office's template, by the tests, the benchmark
//! and `examples/render_samples.rs` (which also writes the JSON for designing a template with
//! the Typst CLI: `typst compile forms/commitment.typ --input data="$(cat commitment.json)"`).

use chrono::NaiveDate;

use crate::data::*;
use clearance_domain::form::FormKind;

fn date(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).expect("valid sample date")
}

/// A person with a Chinese name using characters outside GB2312 (喆, 堃).
pub fn chinese_person() -> Person {
    Person {
        name: "李喆堃".into(),
        staff_no: "A1024".into(),
        id_number: Some("110105198803157618".into()),
        sex: Some(Sex::Male),
        birth_date: Some(date(1988, 3, 15)),
        unit: "第三研究室".into(),
        post: "系统设计师".into(),
        level: Bilingual::new("重要", "Important"),
        phone: Some("010-6852 3344".into()),
        photo: None,
    }
}

/// A drawn stand-in for a person's 一寸 photo (295 × 413 JPEG), for checking a template's
/// photo box.
pub fn photo() -> crate::photo::Photo {
    crate::photo::Photo::new(include_bytes!("sample-photo.jpg").to_vec()).expect("the sample photo is a JPEG")
}

/// A person with a long English name and long unit and post names, to test wrapping.
pub fn english_person() -> Person {
    Person {
        name: "Maximilian Alexander Featherstonehaugh-Worthington".into(),
        staff_no: "E2077-INTL".into(),
        id_number: Some("GB 533380126 (passport)".into()),
        sex: Some(Sex::Male),
        birth_date: Some(date(1979, 11, 30)),
        unit: "Department of International Cooperation and Technical Exchange".into(),
        post: "Senior Liaison Engineer for Standards".into(),
        level: Bilingual::new("核心", "Core"),
        phone: Some("+86 10 6852 7788".into()),
        photo: None,
    }
}

/// The header of a sample form of `kind`, issued on 3 March 2025.
pub fn header(kind: FormKind) -> FormHeader {
    let n = FormKind::ALL.iter().position(|k| *k == kind).unwrap_or(0) + 1;
    FormHeader {
        office_name: "中国某某研究院保密办公室".into(),
        office_name_en: Some("Secrecy Office, China XX Research Institute".into()),
        form_number: format!("BM-2025-{:04}", 40 + n),
        issue_date: date(2025, 3, 3),
        rule_citation: None,
        language: LanguageMode::Bilingual,
        officer: Some("王海燕".into()),
        chain_head: Some("#1234·3f9a12bc·d4e1a0b7".into()),
    }
}

fn trip(with_actual: bool) -> Trip {
    Trip {
        destinations: vec![Bilingual::new("德国", "Germany"), Bilingual::new("瑞士", "Switzerland")],
        purpose: "参加国际标准化组织（ISO）技术委员会年会".into(),
        kind: TripKind::Official,
        planned_departure: date(2025, 4, 7),
        planned_return: date(2025, 4, 16),
        actual_departure: with_actual.then(|| date(2025, 4, 7)),
        actual_return: with_actual.then(|| date(2025, 4, 17)),
        travel_document: Some("因公护照 Service passport SE1234567".into()),
    }
}

/// A filled sample form of `kind` about `person`.
pub fn form(kind: FormKind, person: Person) -> FormData {
    let body = match kind {
        FormKind::Review => FormBody::Review(ReviewForm {
            person,
            registered_on: date(2025, 3, 3),
            planned_start: Some(date(2025, 4, 2)),
            steps: vec![
                StepRecord {
                    step: Bilingual::new("保密审查", "Security review"),
                    done_on: Some(date(2025, 3, 10)),
                    recorded_by: Some("王海燕".into()),
                    note: None,
                },
                StepRecord {
                    step: Bilingual::new("初任保密教育培训", "Initial security training"),
                    done_on: Some(date(2025, 3, 18)),
                    recorded_by: Some("王海燕".into()),
                    note: Some("8 学时 class hours".into()),
                },
                StepRecord {
                    step: Bilingual::new("签订保密承诺书", "Confidentiality commitment signed"),
                    done_on: None,
                    recorded_by: None,
                    note: None,
                },
            ],
            personal_events: vec!["配偶曾在国外留学（2019—2021年），已回国".into()],
            personnel_opinion: Some(Opinion {
                text: "经审查，该同志符合涉密岗位任职条件，同意上岗。".into(),
                by: Some("张建国".into()),
                on: Some(date(2025, 3, 12)),
            }),
            secrecy_office_opinion: None,
            notes: None,
        }),
        FormKind::Commitment => FormBody::Commitment(CommitmentForm {
            person,
            occasion: CommitmentOccasion::OnDuty,
            on_duty_since: Some(date(2021, 6, 1)),
            previous_signed_on: Some(date(2024, 3, 1)),
            next_due: Some(date(2026, 3, 3)),
        }),
        FormKind::Departure => FormBody::Departure(DepartureForm {
            person,
            departure_kind: DepartureKind::Resignation,
            departure_date: date(2025, 3, 31),
            decommissioning_start: date(2025, 3, 31),
            decommissioning_end: date(2026, 3, 31),
            receiving_organisation: Some("某某科技有限公司".into()),
            reminder_talk_on: Some(date(2025, 3, 20)),
            access_revoked_on: Some(date(2025, 3, 31)),
            returned_items: vec![
                ReturnedItem {
                    description: "涉密笔记本电脑 Classified laptop".into(),
                    identifier: Some("SM-NB-0137".into()),
                    quantity: Some(1),
                    returned_on: Some(date(2025, 3, 28)),
                    received_by: Some("王海燕".into()),
                },
                ReturnedItem {
                    description: "涉密移动存储介质 Classified USB drive".into(),
                    identifier: Some("SM-U-2291".into()),
                    quantity: Some(2),
                    returned_on: Some(date(2025, 3, 28)),
                    received_by: Some("王海燕".into()),
                },
                ReturnedItem {
                    description: "秘密级文件 Secret documents".into(),
                    identifier: Some("2024-秘-031 至 047".into()),
                    quantity: Some(17),
                    returned_on: None,
                    received_by: None,
                },
            ],
        }),
        FormKind::TravelApproval => FormBody::TravelApproval(TravelApprovalForm {
            person,
            trip: trip(false),
            higher_approval: true,
            personnel_opinion: Some(Opinion {
                text: "情况属实，同意出访。".into(), by: Some("张建国".into()), on: Some(date(2025, 3, 5))
            }),
            secrecy_office_opinion: Some(Opinion {
                text: "已进行行前保密教育，同意。".into(),
                by: Some("王海燕".into()),
                on: Some(date(2025, 3, 6)),
            }),
            approval: Some(Approval { approver: "陈志远".into(), decision: Decision::Approved, on: date(2025, 3, 7), reason: None }),
            briefing: Some(Briefing {
                on: date(2025, 3, 6),
                by: "王海燕".into(),
                topics: "不携带涉密载体出境；不在境外谈论涉密事项；遇可疑接触及时报告；证件妥善保管。".into(),
            }),
        }),
        FormKind::TravelReport => FormBody::TravelReport(TravelReportForm {
            person,
            trip: trip(true),
            itinerary: vec![
                ItineraryStop {
                    from: date(2025, 4, 7),
                    to: date(2025, 4, 12),
                    place: Bilingual::new("柏林", "Berlin"),
                    activities: "ISO/TC 年会全体会议及工作组会议".into(),
                },
                ItineraryStop {
                    from: date(2025, 4, 12),
                    to: date(2025, 4, 17),
                    place: Bilingual::new("日内瓦", "Geneva"),
                    activities: "标准起草组会议，因航班取消延期一天返回".into(),
                },
            ],
            contacts: vec![Contact {
                name: "Dr. Jana Novák".into(),
                organisation: Some("DIN".into()),
                nationality: Some("德国 Germany".into()),
                circumstances: "工作组会议技术交流，交换名片".into(),
            }],
            incidents: None,
            document_returned_on: Some(date(2025, 4, 18)),
            due_by: Some(date(2025, 4, 24)),
            reported_on: Some(date(2025, 4, 21)),
            secrecy_office_opinion: None,
        }),
        FormKind::DocumentReceipt => FormBody::DocumentReceipt(DocumentReceiptForm {
            person,
            document: TravelDocument {
                kind: Bilingual::new("普通护照", "Passport"),
                number: "E12345678".into(),
                issued_on: Some(date(2019, 8, 20)),
                expires_on: Some(date(2029, 8, 19)),
                safe_box: Some("保密柜 2 号 / 第 14 格".into()),
            },
            trip: Some(trip(false)),
            checkout: Some(DocumentMovement { on: date(2025, 4, 2), officer: Some("王海燕".into()), note: None }),
            due_back: Some(date(2025, 4, 26)),
            returned: None,
        }),
        FormKind::RegisterList => FormBody::RegisterList(RegisterListForm {
            filter: Some("单位 Unit: 第三研究室; 阶段 Stage: 在岗 On duty".into()),
            as_of: date(2025, 3, 3),
            rows: vec![
                register_row(&person, Bilingual::new("在岗", "On duty"), None),
                register_row(
                    &Person {
                        name: "王芳".into(),
                        staff_no: "A0871".into(),
                        sex: Some(Sex::Female),
                        post: "档案管理员".into(),
                        level: Bilingual::new("一般", "General"),
                        ..chinese_person()
                    },
                    Bilingual::new("在岗", "On duty"),
                    None,
                ),
                register_row(
                    &Person {
                        name: "赵䶮".into(),
                        staff_no: "A0302".into(),
                        post: "总工程师".into(),
                        level: Bilingual::new("核心", "Core"),
                        ..chinese_person()
                    },
                    Bilingual::new("脱密期", "Decommissioning"),
                    Some("脱密期至2026年3月31日".into()),
                ),
            ],
        }),
    };
    FormData { header: header(kind), body }
}

fn register_row(p: &Person, stage: Bilingual, note: Option<String>) -> RegisterRow {
    RegisterRow {
        staff_no: p.staff_no.clone(),
        name: p.name.clone(),
        sex: p.sex,
        unit: p.unit.clone(),
        post: p.post.clone(),
        level: p.level.clone(),
        stage,
        since: Some(date(2021, 6, 1)),
        next_due: Some(date(2026, 3, 3)),
        note,
    }
}
