//! The `vanban` binary: exit codes and machine-readable output.

use crate::common;

use std::process::Command;

fn vanban(args: &[&str]) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_vanban"))
        .args(args)
        .output()
        .expect("vanban runs")
}

#[test]
fn check_reports_errors_and_warnings_as_json() {
    let bad = common::fixture("bad");
    let out = vanban(&["-r", bad.to_str().unwrap(), "check", "--format", "json"]);
    assert!(!out.status.success());
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(json["ok"], false);
    assert_eq!(json["errors"].as_array().unwrap().len(), 8);
    assert_eq!(json["errors"][0]["path"], "content/luat/a.md");
    assert_eq!(json["errors"][0]["line"], 6);

    let good = common::fixture("basic");
    let out = vanban(&[
        "-r",
        good.to_str().unwrap(),
        "check",
        "--format",
        "json",
        "--as-of",
        "2025-01-01",
    ]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(json["ok"], true);
    let warnings = json["warnings"].as_array().unwrap();
    assert!(warnings
        .iter()
        .any(|w| w["message"].as_str().unwrap().contains("1690/QĐ-TTg")));
}

#[test]
fn check_writes_nothing_and_text_errors_have_places() {
    let bad = common::fixture("bad");
    let out = vanban(&["-r", bad.to_str().unwrap(), "check"]);
    assert_eq!(out.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("content/luat/b.md:4:8: lỗi: loại văn bản không có"),
        "{stderr}"
    );
    assert!(!bad.join("public").exists());
}

#[test]
fn import_reads_standard_input_and_refuses_nonsense() {
    use std::io::Write;
    let mut child = Command::new(env!("CARGO_BIN_EXE_vanban"))
        .args(["import", "-"])
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    child
        .stdin
        .take()
        .unwrap()
        .write_all("QUỐC HỘI\nLuật số: 1/2020/QH14\nHà Nội, ngày 01 tháng 01 năm 2020\nLUẬT\nTHỬ NGHIỆM\nĐiều 1. Phạm vi\nNội dung.\n".as_bytes())
        .unwrap();
    let out = child.wait_with_output().unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(text.contains("number = \"1/2020/QH14\""), "{text}");
    assert!(text.contains("issued = 2020-01-01"));
    assert!(text.contains("#### Điều 1. Phạm vi"));

    let tmp = tempfile::tempdir().unwrap();
    let junk = tmp.path().join("junk.txt");
    std::fs::write(&junk, "chỉ là một dòng chữ\n").unwrap();
    let out_dir = tmp.path().join("out");
    let out = vanban(&[
        "import",
        junk.to_str().unwrap(),
        "-o",
        out_dir.to_str().unwrap(),
    ]);
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("junk.txt:1: lỗi:"));
    assert!(
        !out_dir.exists() || std::fs::read_dir(&out_dir).unwrap().next().is_none(),
        "nothing is written"
    );
}
