//! `vanban import -o DIR` keeps what is already there: it refuses to
//! overwrite a file without `--force`, never writes through a symbolic link,
//! refuses two sources that claim one file or one document number, and
//! writes nothing when it refuses. Bytes that are not UTF-8 are named in a
//! warning. And no text makes the importer panic.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use proptest::prelude::*;
use vanban::import::{import_text, ImportOptions};

fn vanban(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_vanban"))
        .args(args)
        .env_remove("RUST_BACKTRACE")
        .output()
        .expect("vanban runs")
}

fn stderr(out: &Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

/// A small law with number `number`.
fn law(number: &str, title: &str) -> String {
    format!(
        "QUỐC HỘI\nLuật số: {number}\nHà Nội, ngày 01 tháng 01 năm 2020\nLUẬT\n{title}\n\
         Điều 1. Phạm vi điều chỉnh\nLuật này quy định về {title}.\n\
         Điều 2. Hiệu lực thi hành\nLuật này có hiệu lực thi hành từ ngày 01 tháng 7 năm 2020.\n"
    )
}

/// A folder with sources written from `(name, text)` pairs.
fn sources(files: &[(&str, &[u8])]) -> (tempfile::TempDir, Vec<PathBuf>) {
    let tmp = tempfile::tempdir().expect("temp dir");
    let paths = files
        .iter()
        .map(|(name, text)| {
            let path = tmp.path().join(name);
            std::fs::create_dir_all(path.parent().expect("parent")).expect("mkdir");
            std::fs::write(&path, text).expect("write source");
            path
        })
        .collect();
    (tmp, paths)
}

fn import(paths: &[PathBuf], out: &Path, extra: &[&str]) -> Output {
    let mut args: Vec<&str> = vec!["import"];
    args.extend(paths.iter().map(|p| p.to_str().expect("utf-8 path")));
    args.extend(["-o", out.to_str().expect("utf-8 path")]);
    args.extend(extra);
    vanban(&args)
}

fn listing(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = match std::fs::read_dir(dir) {
        Ok(entries) => entries
            .map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
            .collect(),
        Err(_) => Vec::new(),
    };
    names.sort();
    names
}

#[test]
fn an_existing_file_is_kept_unless_forced() {
    let (tmp, paths) = sources(&[
        ("a.txt", law("1/2020/QH14", "THỬ NGHIỆM MỘT").as_bytes()),
        ("b.txt", law("2/2020/QH14", "THỬ NGHIỆM HAI").as_bytes()),
    ]);
    let out = tmp.path().join("content");
    std::fs::create_dir_all(&out).expect("mkdir");
    let edited = out.join("1-2020-qh14.md");
    std::fs::write(&edited, "+++\ntitle = \"sửa tay\"\n+++\n").expect("write");

    let refused = import(&paths, &out, &[]);
    let err = stderr(&refused);
    assert_eq!(refused.status.code(), Some(1), "{err}");
    assert!(err.contains(&format!("{}", edited.display())), "{err}");
    assert!(err.contains("tệp đã có; không ghi đè"), "{err}");
    assert!(err.contains("gợi ý: dùng --force để ghi đè"), "{err}");
    assert!(err.contains("không ghi gì"), "{err}");
    assert_eq!(
        std::fs::read_to_string(&edited).expect("read"),
        "+++\ntitle = \"sửa tay\"\n+++\n"
    );
    // The other source, which had nowhere to collide, is not written either.
    assert_eq!(listing(&out), ["1-2020-qh14.md"]);

    let forced = import(&paths, &out, &["--force"]);
    assert!(forced.status.success(), "{}", stderr(&forced));
    let text = std::fs::read_to_string(&edited).expect("read");
    assert!(text.contains("number = \"1/2020/QH14\""), "{text}");
    assert_eq!(listing(&out), ["1-2020-qh14.md", "2-2020-qh14.md"]);
    assert!(stderr(&forced).contains("→"), "{}", stderr(&forced));
}

#[cfg(unix)]
#[test]
fn a_symbolic_link_is_never_written_through() {
    let (tmp, paths) = sources(&[("a.txt", law("1/2020/QH14", "THỬ NGHIỆM").as_bytes())]);
    let out = tmp.path().join("content");
    std::fs::create_dir_all(&out).expect("mkdir");
    let target = tmp.path().join("elsewhere.txt");
    std::fs::write(&target, "không được đụng tới\n").expect("write");
    let link = out.join("1-2020-qh14.md");
    std::os::unix::fs::symlink(&target, &link).expect("symlink");
    // A link to nowhere is refused as well.
    let (tmp2, paths2) = sources(&[("b.txt", law("2/2020/QH14", "HAI").as_bytes())]);
    std::os::unix::fs::symlink(tmp2.path().join("missing"), out.join("2-2020-qh14.md"))
        .expect("symlink");

    for extra in [&[][..], &["--force"][..]] {
        for p in [&paths, &paths2] {
            let r = import(p, &out, extra);
            let err = stderr(&r);
            assert_eq!(r.status.code(), Some(1), "{extra:?}: {err}");
            assert!(err.contains("liên kết tượng trưng"), "{err}");
            assert!(err.contains("kể cả với --force"), "{err}");
        }
        assert_eq!(
            std::fs::read_to_string(&target).expect("read"),
            "không được đụng tới\n"
        );
        assert!(std::fs::symlink_metadata(&link)
            .expect("link")
            .file_type()
            .is_symlink());
        assert!(!tmp2.path().join("missing").exists());
    }
    assert_eq!(listing(&out), ["1-2020-qh14.md", "2-2020-qh14.md"]);
}

#[test]
fn two_sources_may_not_claim_one_number_or_one_file() {
    // The same number, printed the same way or not.
    let (tmp, paths) = sources(&[
        ("a.txt", law("1/2020/QH14", "MỘT").as_bytes()),
        ("b.txt", law("2/2020/QH14", "HAI").as_bytes()),
        ("c.txt", law("1/2020/qh14", "BA").as_bytes()),
    ]);
    let out = tmp.path().join("content");
    let r = import(&paths, &out, &[]);
    let err = stderr(&r);
    assert_eq!(r.status.code(), Some(1), "{err}");
    assert!(
        err.contains(&format!(
            "{}:0:0: lỗi: cùng số hiệu 1/2020/qh14 với {}, ở đó ghi 1/2020/QH14",
            paths[2].display(),
            paths[0].display()
        )),
        "{err}"
    );
    assert!(
        listing(&out).is_empty(),
        "nothing written: {:?}",
        listing(&out)
    );

    // No number: two sources of the same name in two folders.
    let no_number = "CHÍNH PHỦ\nNGHỊ ĐỊNH\nVỀ THỬ NGHIỆM\nĐiều 1. Phạm vi\nNội dung.\n";
    let (tmp, paths) = sources(&[
        ("x/du-thao.txt", no_number.as_bytes()),
        ("y/du-thao.txt", no_number.as_bytes()),
    ]);
    let out = tmp.path().join("content");
    let r = import(&paths, &out, &["--force"]);
    let err = stderr(&r);
    assert_eq!(r.status.code(), Some(1), "{err}");
    assert!(
        err.contains(&format!(
            "ghi ra cùng tệp {} với {}",
            out.join("du-thao.md").display(),
            paths[0].display()
        )),
        "{err}"
    );
    assert!(listing(&out).is_empty());
}

#[test]
fn bytes_that_are_not_utf8_are_named_in_a_warning() {
    let mut bytes = law("1/2020/QH14", "THỬ NGHIỆM").into_bytes();
    // A Windows-1258 "ư" (0xFD) in the body, on line 7.
    let at = bytes
        .windows(4)
        .position(|w| w == b"quy ")
        .expect("body text");
    bytes.splice(at..at, [0xfd, b' ']);
    let (tmp, paths) = sources(&[("a.txt", &bytes)]);
    let out = tmp.path().join("content");
    let r = import(&paths, &out, &[]);
    let err = stderr(&r);
    assert!(r.status.success(), "{err}");
    assert!(
        err.contains(&format!(
            "{}:7:10: cảnh báo: có byte không phải UTF-8 ở byte {at} (dòng 7)",
            paths[0].display()
        )),
        "{err}"
    );
    assert!(err.contains("U+FFFD"), "{err}");
    let written = std::fs::read_to_string(out.join("1-2020-qh14.md")).expect("written");
    assert!(written.contains('\u{fffd}'), "{written}");
}

#[test]
fn utf16_with_a_byte_order_mark_is_read() {
    let text = law("3/2020/QH14", "THỬ NGHIỆM");
    let bytes: Vec<u8> = [0xff, 0xfe]
        .into_iter()
        .chain(text.encode_utf16().flat_map(u16::to_le_bytes))
        .collect();
    let (tmp, paths) = sources(&[("a.txt", &bytes)]);
    let out = tmp.path().join("content");
    let r = import(&paths, &out, &[]);
    assert!(r.status.success(), "{}", stderr(&r));
    assert!(!stderr(&r).contains("cảnh báo"), "{}", stderr(&r));
    let written = std::fs::read_to_string(out.join("3-2020-qh14.md")).expect("written");
    assert!(
        written.contains("#### Điều 1. Phạm vi điều chỉnh"),
        "{written}"
    );
}

/// Lines as the corpus has them, and lines that break its forms.
fn line() -> impl Strategy<Value = String> {
    prop_oneof![
        Just("Điều 1. Phạm vi".to_string()),
        (0u32..5000).prop_map(|n| format!("Điều {n}. Tiêu đề")),
        (0u32..5000).prop_map(|n| format!("Điều {n}")),
        (0u32..5000).prop_map(|n| format!("Điền {n}.")),
        Just("Chương I".to_string()),
        Just("Chương l".to_string()),
        Just("NHỮNG QUY ĐỊNH CHUNG".to_string()),
        Just("Mục 1. QUẢN LÝ".to_string()),
        Just("Phần thứ nhất".to_string()),
        (0u32..50).prop_map(|n| format!("{n}. Khoản")),
        (0u32..50).prop_map(|n| format!("{n}- Khoản")),
        Just("a) điểm".to_string()),
        Just("р) điểm".to_string()),
        Just("“Điều 5. Trích".to_string()),
        Just("Luật số: 1/2020/QH14".to_string()),
        Just("Hà Nội, ngày 31 tháng 02 năm 2020".to_string()),
        Just("Luật này có hiệu lực thi hành từ ngày 99 tháng 13 năm 0".to_string()),
        Just("Luật này được Quốc hội thông qua ngày 1 tháng 1 năm 2020.".to_string()),
        Just("CHỦ TỊCH QUỐC HỘI".to_string()),
        Just("Nguyễn Văn A".to_string()),
        Just("(Đã ký)".to_string()),
        Just("Nơi nhận:".to_string()),
        Just("- Như trên;".to_string()),
        Just("ÐIỀU Ð".to_string()),
        Just("\u{feff}\r".to_string()),
        ".{0,40}",
        "[0-9.:)( a-zđĐ\u{300}\u{301}]{0,12}",
    ]
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(400))]

    #[test]
    fn import_text_never_panics_on_any_text(text in ".{0,600}") {
        let _ = import_text(&text, &ImportOptions::default());
    }

    #[test]
    fn import_text_never_panics_on_legal_looking_lines(
        lines in proptest::collection::vec(line(), 0..60),
        kind in proptest::option::of(prop_oneof![
            Just("Nghị định".to_string()), Just("luat".to_string()), Just(" ".to_string()), ".{0,8}"
        ]),
    ) {
        let text = lines.join("\n");
        if let Ok(imported) = import_text(&text, &ImportOptions { kind, ..Default::default() }) {
            // Every article of the report is a heading of the body.
            prop_assert_eq!(imported.article_count, imported.report.articles.len());
            let _ = imported.to_content_file();
            let _ = imported.report_lines();
        }
    }
}
