//! The register as a clerk reads it, on a 1366×768 laptop screen: the sample data asked for
//! first, the People table's stage and next due item (sorted by it), a long unit name that is
//! ellipsised without squeezing the search box, and the Training screen's past sessions and
//! "everyone of this unit".

use serde_json::{json, Value};

use crate::harness::{artifact, inner_text, tid, App, Desk, PASSWORD};

async fn js(app: &App, script: &str) -> Value {
    app.client.execute(script, vec![]).await.unwrap_or_else(|e| panic!("script {script}: {e}"))
}

/// The width of the element with this test id, in CSS pixels.
async fn width(app: &App, testid: &str) -> f64 {
    let v = js(app, &format!("return document.querySelector('[data-testid=\"{testid}\"]').getBoundingClientRect().width;")).await;
    v.as_f64().unwrap_or_else(|| panic!("width of {testid}: {v}"))
}

/// Signed in as `operator`, the first start: the office's name on the window's one setup screen.
async fn first_start(app: &App, operator: &str) {
    app.sign_in(operator, PASSWORD).await;
    app.find("first-start").await;
    app.type_into("setup-office-name", "某研究所保密办公室").await;
    app.click("operator-save").await;
    app.wait_text("operator-current", |t| t.contains(operator)).await;
}

fn people_in_file(desk: &Desk) -> String {
    let out = std::process::Command::new("sqlite3").arg(desk.db_path()).arg("SELECT count(*) FROM person").output().unwrap();
    String::from_utf8_lossy(&out.stdout).trim().to_owned()
}

/// Loads the sample after its confirmation; a cancel first adds nobody.
async fn load_sample_confirmed(app: &App, desk: &Desk) {
    app.find("empty-register").await;
    app.click("load-sample").await;
    let text = app.text("sample-confirm").await;
    assert!(text.contains("60") && text.contains("逐一归档"), "the confirmation says what it adds and how it goes: {text}");
    app.screenshot(&artifact("sample-confirm.png")).await;
    app.click("sample-cancel").await;
    app.wait_count(&tid("sample-confirm"), 0).await;
    app.find("empty-register").await;
    assert_eq!(people_in_file(desk), "0", "a cancel adds nothing");

    app.click("load-sample").await;
    app.click("sample-confirm-load").await;
    app.wait_text("people-total", |t| t.contains("60")).await;
    app.wait_count(&tid("person-row"), 50).await;
}

#[tokio::test(flavor = "multi_thread")]
async fn the_people_table_shows_stage_and_next_due_and_sorts_by_next_due() {
    let desk = Desk::with_screen("zh_CN.UTF-8", 1366, 768);
    let app = desk.open_signed_out().await;
    app.resize(1366, 768).await;
    first_start(&app, "王芳").await;
    // An empty register: the dashboard's first action is adding people or importing them.
    app.find("dashboard-add-person").await;
    app.find("dashboard-import").await;
    app.screenshot(&artifact("dashboard-empty-1366.png")).await;
    app.click("nav-people").await;
    app.find("empty-add").await;
    app.screenshot(&artifact("register-empty-1366.png")).await;
    load_sample_confirmed(&app, &desk).await;

    // Every row names its stage in words; the sample has people with something overdue.
    let stages = app.find_all(&tid("person-stage")).await;
    assert_eq!(stages.len(), 50);
    for s in &stages {
        let text = inner_text(s).await;
        assert!(!text.trim().is_empty() && !text.contains('_'), "a stage in words: {text:?}");
    }
    let dues = app.find_all(&tid("next-due")).await;
    assert_eq!(dues.len(), 50);

    app.click("sort-next_due").await;
    app.wait_text("people-total", |t| t.contains("60")).await;
    // Sorted by the date of the next due item, earliest (the most overdue) first.
    let read = async || -> Vec<(String, String)> {
        let v = js(
            &app,
            "return [...document.querySelectorAll('[data-testid=\"next-due\"]')].map(e => [e.dataset.date || '', e.dataset.state]);",
        )
        .await;
        serde_json::from_value(v).unwrap()
    };
    let mut rows = read().await;
    for _ in 0..50 {
        if rows.first().is_some_and(|r| r.1 == "overdue") {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
        rows = read().await;
    }
    assert_eq!(rows[0].1, "overdue", "the most overdue first: {rows:?}");
    let dates: Vec<&str> = rows.iter().map(|r| r.0.as_str()).filter(|d| !d.is_empty()).collect();
    let mut sorted = dates.clone();
    sorted.sort();
    assert_eq!(dates, sorted, "by due date");
    // The state's words are on screen, in Chinese.
    let first = app.find_all(&tid("next-due")).await;
    let text = inner_text(&first[0]).await;
    assert!(text.contains("逾期"), "{text}");
    app.screenshot(&artifact("people-next-due-1366.png")).await;

    // On duty, the start column shows the day they went on duty, not a planned date.
    let kinds = js(&app, "return [...document.querySelectorAll('[data-testid=\"person-start\"]')].map(e => e.dataset.kind);").await;
    let kinds: Vec<String> = serde_json::from_value(kinds).unwrap();
    assert!(kinds.iter().any(|k| k == "on_duty") && kinds.iter().any(|k| k == "planned"), "{kinds:?}");
    app.quit().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn a_long_unit_name_is_ellipsised_and_the_search_box_keeps_its_width() {
    let desk = Desk::with_screen("zh_CN.UTF-8", 1366, 768);
    let app = desk.open_signed_out().await;
    app.resize(1366, 768).await;
    first_start(&app, "王芳").await;
    app.click("nav-people").await;
    load_sample_confirmed(&app, &desk).await;
    let before = width(&app, "people-search").await;

    const LONG: &str = "国家保密科技测评中心第一研究部涉密信息系统安全保密测评实验室(北京)";
    const NAME: &str = "欧阳司马慕容诸葛上官";
    app.click("person-add").await;
    app.find("person-dialog").await;
    app.type_into("field-name", NAME).await;
    app.type_into("field-staff_no", "S0999").await;
    app.type_into("field-id_number", "11010519491231002X").await;
    app.type_into("field-unit", LONG).await;
    app.select("field-level", "core").await;
    app.click("person-save").await;
    app.wait_count(&tid("person-dialog"), 0).await;
    // The new person's page opens; the register is one click away.
    app.click("nav-people").await;
    app.wait_text("people-total", |t| t.contains("61")).await;
    // The unit filter now offers the long name (the list reloads its units after an add).
    app.select("filter-unit", LONG).await;
    let rows = app.wait_count(&tid("person-row"), 1).await;
    let after = width(&app, "people-search").await;
    assert!(after >= 260.0, "the search box keeps room to type: {after}");
    assert!((after - before).abs() < 1.0, "the search box keeps its width: {before} → {after}");
    let select = width(&app, "filter-unit").await;
    assert!(select <= 181.0, "the unit filter is cut, not widened: {select}");

    // The unit cell is cut with an ellipsis, the whole name in its title.
    let cell = rows[0].find(fantoccini::Locator::Css("[data-testid=\"person-unit\"]")).await.unwrap();
    assert_eq!(cell.attr("title").await.unwrap().as_deref(), Some(LONG));
    let cut = js(
        &app,
        "const c = document.querySelector('[data-testid=\"person-unit\"]'); \
         return [c.scrollWidth > c.clientWidth, getComputedStyle(c).textOverflow];",
    )
    .await;
    assert_eq!(cut, json!([true, "ellipsis"]), "the long unit is ellipsised");
    let name = rows[0].find(fantoccini::Locator::Css("[data-testid=\"person-name-cell\"]")).await.unwrap();
    assert_eq!(name.attr("title").await.unwrap().as_deref(), Some(NAME));
    // The table fits the window: no column pushes it wider than its card.
    let fits = js(&app, "const s = document.querySelector('.table-scroll'); return s.scrollWidth <= s.clientWidth + 1;").await;
    assert_eq!(fits, json!(true));
    app.screenshot(&artifact("people-long-unit-1366.png")).await;
    app.quit().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn the_training_screen_lists_a_recorded_session_and_chooses_everyone_of_a_unit() {
    let desk = Desk::with_screen("zh_CN.UTF-8", 1366, 768);
    let app = desk.open_signed_out().await;
    app.resize(1366, 768).await;
    first_start(&app, "王芳").await;
    app.click("nav-people").await;
    load_sample_confirmed(&app, &desk).await;

    // How many active people of the first unit can attend, as the register counts them.
    let unit: String = serde_json::from_value(
        js(&app, "return [...document.querySelectorAll('[data-testid=\"filter-unit\"] option')].map(o => o.value).filter(v => v)[0];")
            .await,
    )
    .unwrap();
    let out = std::process::Command::new("sqlite3")
        .arg(desk.db_path())
        .arg(format!(
            "SELECT count(*) FROM person p LEFT JOIN lifecycle l ON l.person_id = p.id \
             WHERE p.unit = '{unit}' AND p.archived_on IS NULL AND coalesce(l.stage, 'onboarding') <> 'released'"
        ))
        .output()
        .unwrap();
    let n: usize = String::from_utf8_lossy(&out.stdout).trim().parse().unwrap();
    assert!(n > 1, "the sample's unit {unit} has people");

    app.click("nav-training").await;
    app.find("training-screen").await;
    // The sample's sessions are listed, newest first.
    app.find("training-session").await;
    app.select("pick-unit", &unit).await;
    app.wait_text("training-count", |t| t.contains(&n.to_string())).await;
    app.wait_text("picked-notice", |t| t.contains(&unit) && t.contains(&n.to_string())).await;
    app.screenshot(&artifact("training-everyone-of-unit-1366.png")).await;

    app.type_into("training-topic", "涉密载体管理专题").await;
    app.type_into("training-hours", "3").await;
    app.click("training-save").await;
    app.wait_text("training-saved", |t| t.contains(&n.to_string())).await;
    app.wait_text("training-count", |t| t.contains('0')).await;

    // The new session heads the list, with its hours and every attendee.
    let start = std::time::Instant::now();
    loop {
        let texts = js(&app, "return [...document.querySelectorAll('[data-testid=\"training-session\"]')].map(e => e.textContent);").await;
        let texts: Vec<String> = serde_json::from_value(texts).unwrap();
        let text = texts.first().cloned().unwrap_or_default();
        if text.contains("涉密载体管理专题") {
            assert!(text.contains("3 学时"), "{text}");
            assert!(text.contains(&format!("{n} 人")), "{text}");
            break;
        }
        if start.elapsed() > std::time::Duration::from_secs(20) {
            app.screenshot(&artifact("failed-training-history.png")).await;
            panic!("the new session is not listed first: {text}");
        }
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    let names = app.find_all(&format!("{} .who", tid("training-session"))).await;
    assert!(!names.is_empty());
    js(&app, "document.querySelector('[data-testid=\"training-history\"]').scrollIntoView();").await;
    app.screenshot(&artifact("training-history-1366.png")).await;
    app.quit().await;
}

/// A register larger than the pager counts exactly (issue 15): the header and the pager say
/// "1,000+" in Chinese, the next page is offered, and a search under the threshold shows its
/// exact count again.
#[tokio::test(flavor = "multi_thread")]
async fn the_pager_says_more_than_a_thousand_and_a_narrow_search_exactly() {
    let desk = Desk::with_screen("zh_CN.UTF-8", 1366, 768);
    desk.cli(&["settings", "language", "zh-CN"]);
    let mut roster = String::from("姓名,工号,身份证号,部门,密级,上岗日期\n");
    for i in 0..1_005u32 {
        let body = format!("{:06}19{:02}0{}1{}{:03}", 110101 + i / 1000, 60 + i % 40, 1 + i % 9, i % 3, i % 1000);
        let id = format!("{body}{}", clearance_domain::id_card::check_char(&body).unwrap());
        roster.push_str(&format!("测试人员{i},{},{id},机要室,一般,2020-03-02\n", 1000 + i));
    }
    let csv = desk.db_path().with_file_name("roster.csv");
    std::fs::create_dir_all(csv.parent().unwrap()).unwrap();
    std::fs::write(&csv, roster).unwrap();
    desk.cli(&["import", "roster", csv.to_str().unwrap(), "--json"]);

    let app = desk.open().await;
    app.resize(1366, 768).await;
    app.click("nav-people").await;
    let total = app.wait_text("people-total", |t| t.contains('+')).await;
    assert_eq!(total.trim(), "共 1,000+ 人");
    let range = app.wait_text("pager-range", |t| t.contains('+')).await;
    assert_eq!(range.trim(), "第 1–50 条，共 1,000+ 条");
    let hint = js(&app, "return document.querySelector('[data-testid=\"people-total\"]').title;").await;
    assert!(hint.as_str().is_some_and(|h| h.contains("超过 1,000 人")), "{hint}");
    app.screenshot(&artifact("people-pager-estimate-1366.png")).await;

    // Past the threshold the next page is still there.
    app.click("pager-next").await;
    let range = app.wait_text("pager-range", |t| t.starts_with("第 51")).await;
    assert_eq!(range.trim(), "第 51–100 条，共 1,000+ 条");

    // A search under the threshold: the exact count (测试人员1, 10–19, 100–199, 1000–1004).
    app.type_into("people-search", "测试人员1").await;
    let total = app.wait_text("people-total", |t| !t.contains('+')).await;
    assert_eq!(total.trim(), "共 116 人");
    let range = app.wait_text("pager-range", |t| t.starts_with("第 1–")).await;
    assert_eq!(range.trim(), "第 1–50 条，共 116 条");
    app.screenshot(&artifact("people-pager-exact-1366.png")).await;
    app.quit().await;
}
