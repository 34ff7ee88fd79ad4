//! The obligations registry: agency pages, the deadlines page and the exports.

use crate::common;

use common::{build_once, read};

#[test]
fn agency_pages_list_their_tasks() {
    let out = build_once("basic", false);
    let so = read(&out.join("co-quan/so-tttt/index.html"));
    assert!(so.contains("Triển khai kịp thời các nhiệm vụ"));
    assert!(so.contains("Rà soát chức năng, nhiệm vụ"));
    assert!(
        !so.contains("Kiện toàn tổ chức bộ máy"),
        "a task of another agency"
    );
    let huyen = read(&out.join("co-quan/ubnd-huyen/index.html"));
    assert!(huyen.contains("Kiện toàn tổ chức bộ máy"));
    assert!(
        huyen.contains("Triển khai kịp thời"),
        "supporting agencies see the task too"
    );
    // The source provision and the legal basis are links to their anchors.
    assert!(so.contains("href=\"../../ke-hoach/687-kh-ubnd/#phan-ii-1-a\""));
    assert!(so.contains("href=\"../../luat/86-2015-qh13/#dieu-4\""));
}

#[test]
fn deadlines_page_orders_and_marks_tasks() {
    let out = build_once("basic", false);
    let html = read(&out.join("thoi-han/index.html"));
    let overdue = html.find("Kiện toàn tổ chức bộ máy").expect("year task");
    let upcoming = html.find("Triển khai kịp thời").expect("dated task");
    let standing = html.find("Rà soát chức năng").expect("standing task");
    assert!(
        overdue < upcoming && upcoming < standing,
        "not in deadline order"
    );
    assert!(html.contains("<tr class=\"qua-han\">"));
    assert!(html.contains("Quá hạn"));
    assert!(html.contains("<tr class=\"sap-toi\">"));
    assert!(read(&out.join("nhiem-vu/index.html")).contains("Sở Thông tin và Truyền thông"));
}

#[test]
fn exports_parse_as_json_csv_and_calendar() {
    let out = build_once("basic", false);
    let json: serde_json::Value =
        serde_json::from_str(&read(&out.join("nhiem-vu/tasks.json"))).unwrap();
    let tasks = json.as_array().unwrap();
    assert_eq!(tasks.len(), 3);
    assert_eq!(tasks[0]["lead"], "Ủy ban nhân dân cấp huyện");
    assert_eq!(tasks[0]["state"], "overdue");
    assert_eq!(tasks[1]["basis"], "86/2015/QH13#dieu-4");

    let csv_text = read(&out.join("nhiem-vu/tasks.csv"));
    let mut reader = csv::Reader::from_reader(csv_text.trim_start_matches('\u{feff}').as_bytes());
    let rows: Vec<csv::StringRecord> = reader.records().map(Result::unwrap).collect();
    assert_eq!(rows.len(), 3);
    assert_eq!(
        &rows[1][1],
        "Triển khai kịp thời các nhiệm vụ, giải pháp; báo cáo kết quả, có dấu phẩy"
    );
    assert_eq!(&rows[1][3], "Ủy ban nhân dân cấp huyện");

    let ics = read(&out.join("nhiem-vu/tasks.ics"));
    let calendars: Vec<_> = ical::IcalParser::new(ics.as_bytes())
        .map(Result::unwrap)
        .collect();
    assert_eq!(calendars.len(), 1);
    let events = &calendars[0].events;
    assert_eq!(events.len(), 2, "standing tasks have no date");
    let start = |e: &ical::parser::ical::component::IcalEvent| {
        e.properties
            .iter()
            .find(|p| p.name == "DTSTART")
            .and_then(|p| p.value.clone())
            .unwrap()
    };
    assert_eq!(start(&events[0]), "20241231");
    assert_eq!(start(&events[1]), "20250331");
    let summary = events[1]
        .properties
        .iter()
        .find(|p| p.name == "SUMMARY")
        .unwrap();
    assert!(summary
        .value
        .as_deref()
        .unwrap()
        .contains("Triển khai kịp thời các nhiệm vụ"));
}
