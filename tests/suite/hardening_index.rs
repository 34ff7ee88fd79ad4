//! A search index damaged on disk: `vanban search` says so in Vietnamese and
//! exits with 1, whatever the damage: never a panic (101), an abort (134) or
//! a Rust backtrace note.
//!
//! The fixture's index is built once; each case copies it, damages one file
//! (bytes flipped at offsets where tantivy reads lengths, offsets and
//! footers; cut short; deleted; a meta.json of garbage) and runs the real
//! binary on it with a word query and a number query with a filter, so that
//! term dictionaries, postings, positions, field norms, fast fields and the
//! document store are all read.

use crate::common;

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

const MESSAGE: &str = "vanban: lỗi: chỉ mục tìm kiếm hỏng, hãy chạy lại vanban build";

fn search(index: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_vanban"))
        .arg("search")
        .arg("--index")
        .arg(index)
        .args(args)
        .env_remove("RUST_BACKTRACE")
        .output()
        .expect("vanban runs")
}

const QUERIES: [&[&str]; 2] = [
    &["an toan thong tin"],
    &["--in-force", "--kind", "luat", "86/2015/QH13"],
];

/// The index files of a segment (not meta.json, not the lock files).
fn segment_files(index: &Path) -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(index)
        .expect("index folder")
        .map(|e| e.expect("entry").path())
        .filter(|p| {
            let name = p.file_name().and_then(|n| n.to_str()).unwrap_or_default();
            !name.starts_with('.') && name != "meta.json" && name != "README.md"
        })
        .collect();
    files.sort();
    files
}

fn copy_index(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).expect("mkdir");
    for entry in std::fs::read_dir(from).expect("index folder") {
        let path = entry.expect("entry").path();
        std::fs::copy(&path, to.join(path.file_name().expect("name"))).expect("copy");
    }
}

/// How one damaged index was answered.
#[derive(Debug, PartialEq, Eq)]
enum Outcome {
    /// Damage that still reads as valid data (tantivy checks no checksum).
    Answered,
    Refused,
}

/// Runs both queries on a damaged copy; fails the test on a crash or on an
/// error without the message.
fn run_damaged(case: &str, index: &Path) -> Vec<Outcome> {
    QUERIES
        .iter()
        .map(|q| {
            let out = search(index, q);
            let stderr = String::from_utf8_lossy(&out.stderr);
            let code = out.status.code();
            assert!(
                matches!(code, Some(0 | 1)),
                "{case} {q:?}: exit {code:?} (a crash)\n{stderr}"
            );
            assert!(
                !stderr.contains("panicked") && !stderr.contains("RUST_BACKTRACE"),
                "{case} {q:?}: a panic's report reached the user\n{stderr}"
            );
            if code == Some(0) {
                assert!(stderr.is_empty(), "{case} {q:?}: {stderr}");
                Outcome::Answered
            } else {
                assert!(
                    stderr.starts_with(MESSAGE),
                    "{case} {q:?}: exit 1 without the message\n{stderr}"
                );
                assert!(
                    stderr.contains("damaged"),
                    "{case}: names the folder: {stderr}"
                );
                Outcome::Refused
            }
        })
        .collect()
}

#[test]
fn a_damaged_index_is_an_error_never_a_panic() {
    let (site, _) = common::build("search-site", false);
    let good = site.path().join("search-index");
    for q in QUERIES {
        let out = search(&good, q);
        assert!(out.status.success(), "{q:?}: {out:?}");
        assert!(!out.stdout.is_empty());
    }
    let files = segment_files(&good);
    let kinds: Vec<&str> = files
        .iter()
        .filter_map(|f| f.extension()?.to_str())
        .collect();
    for kind in ["idx", "term", "pos", "store", "fast", "fieldnorm"] {
        assert!(kinds.contains(&kind), "no .{kind} file in {files:?}");
    }

    let work = tempfile::tempdir().expect("temp dir");
    let mut flips_refused = 0;
    let mut case_no = 0;
    let mut damaged = |label: String, damage: &dyn Fn(&Path)| -> Vec<Outcome> {
        case_no += 1;
        let dir = work.path().join(format!("{case_no}")).join("damaged");
        copy_index(&good, &dir);
        damage(&dir);
        let outcome = run_damaged(&label, &dir);
        std::fs::remove_dir_all(dir.parent().expect("parent")).expect("clean");
        outcome
    };
    for file in &files {
        let name = file.file_name().expect("name").to_owned();
        let len = std::fs::metadata(file).expect("size").len() as usize;
        // Headers, the footer (version, checksum, lengths of the parts) and
        // the middle of the data.
        let mut offsets = vec![0, 4, 5, 16, 46, len / 3, len / 2];
        offsets.extend([1, 4, 8, 9, 12, 17, 20].map(|back| len.saturating_sub(back)));
        offsets.sort_unstable();
        offsets.dedup();
        for &at in offsets.iter().filter(|&&at| at < len) {
            let outcome = damaged(format!("{name:?} byte {at} flipped"), &|dir| {
                let path = dir.join(&name);
                let mut bytes = std::fs::read(&path).expect("read");
                bytes[at] ^= 0xff;
                std::fs::write(&path, bytes).expect("write");
            });
            flips_refused += outcome.iter().filter(|o| **o == Outcome::Refused).count();
        }
        for keep in [0, len / 2, len - 1] {
            let outcome = damaged(format!("{name:?} cut to {keep} bytes"), &|dir| {
                let path = dir.join(&name);
                let bytes = std::fs::read(&path).expect("read");
                std::fs::write(&path, &bytes[..keep]).expect("write");
            });
            assert_eq!(
                outcome,
                [Outcome::Refused, Outcome::Refused],
                "{name:?} cut"
            );
        }
        let outcome = damaged(format!("{name:?} deleted"), &|dir| {
            std::fs::remove_file(dir.join(&name)).expect("delete");
        });
        assert_eq!(
            outcome,
            [Outcome::Refused, Outcome::Refused],
            "{name:?} gone"
        );
    }
    for garbage in [
        "",
        "{ not json",
        "{}",
        "\u{0}\u{1}garbage",
        "{\"segments\": 7}",
    ] {
        let outcome = damaged(format!("meta.json = {garbage:?}"), &|dir| {
            std::fs::write(dir.join("meta.json"), garbage).expect("write");
        });
        assert_eq!(outcome, [Outcome::Refused, Outcome::Refused], "{garbage:?}");
    }
    // Flipped bytes that tantivy reads as lengths or offsets panicked in
    // its readers before they were guarded; some must still be caught.
    assert!(flips_refused > 10, "only {flips_refused} flips refused");
}
