//! The `vanban` command: parses flags, calls the library, prints results and
//! errors. No logic lives here.

use std::net::IpAddr;
use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand};
use std::io::IsTerminal;

use vanban::config::Config;
use vanban::date::Date;
use vanban::search::SearchOptions;
use vanban::{BuildOptions, Diagnostic, Error, Site};

/// Indexing and rendering allocate millions of small strings from several
/// threads at once; mimalloc's per-thread heaps keep them from queueing on
/// the system allocator's locks.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// mimalloc's `mi_option_purge_delay` (`mimalloc.h`; the Rust bindings name
/// no constant for it): milliseconds before freed memory goes back to the
/// system, -1 for never.
const MI_OPTION_PURGE_DELAY: libmimalloc_sys::mi_option_t = 15;

/// A one-shot build frees large buffers (rendered bodies, written pages)
/// while it goes on allocating: kept, that memory serves the next
/// allocations, where handing it back costs a system call and a page fault
/// per page taken again (on 10,000 documents: 90,000 faults, half a second
/// of CPU). The process ends with the build, so nothing is held for long.
/// `vanban serve` runs for days and keeps mimalloc's default.
fn keep_freed_memory() {
    // SAFETY: sets a plain integer option; mimalloc reads it when it purges.
    unsafe { libmimalloc_sys::mi_option_set(MI_OPTION_PURGE_DELAY, -1) }
}

#[derive(Parser)]
#[command(
    name = "vanban",
    version,
    about = "Trình tạo trang tĩnh cho kho văn bản pháp luật"
)]
struct Cli {
    /// Thư mục gốc của trang (nơi có vanban.toml và content/).
    #[arg(long, short = 'r', default_value = ".", global = true)]
    root: PathBuf,
    #[command(subcommand)]
    command: Command,
}

#[derive(clap::Args, Clone)]
struct BuildArgs {
    /// Thư mục xuất (mặc định: output_dir trong vanban.toml).
    #[arg(long, short = 'o')]
    output: Option<PathBuf>,
    /// Liên kết ghi rõ index.html để mở trực tiếp từ ổ đĩa (file://).
    #[arg(long)]
    offline: bool,
    /// Ngày tính tình trạng hiệu lực (YYYY-MM-DD; mặc định: hôm nay).
    #[arg(long, value_parser = parse_date)]
    as_of: Option<Date>,
    /// Địa chỉ xuất bản (thay base_url trong vanban.toml).
    #[arg(long)]
    base_url: Option<String>,
    /// In thời gian của từng bước.
    #[arg(long)]
    timings: bool,
    /// Sau khi dựng, kiểm tra mọi liên kết nội bộ và #neo trong thư mục xuất.
    #[arg(long)]
    check_links: bool,
}

#[derive(clap::Args, Clone)]
struct ServeArgs {
    /// Địa chỉ lắng nghe (mặc định chỉ máy này: 127.0.0.1).
    #[arg(long, default_value = "127.0.0.1")]
    bind: IpAddr,
    /// Cổng (0: chọn cổng trống).
    #[arg(long, short = 'p', default_value_t = vanban::serve::DEFAULT_PORT)]
    port: u16,
    /// Thư mục phục vụ (mặc định: <output_dir>.serve; với --no-watch: output_dir).
    #[arg(long, short = 'o')]
    output: Option<PathBuf>,
    /// Chế độ vận hành: phục vụ bản đã dựng, chỉ đọc; không dựng, không theo dõi.
    #[arg(long)]
    no_watch: bool,
    /// Ngày tính tình trạng hiệu lực (YYYY-MM-DD; mặc định: hôm nay).
    #[arg(long, value_parser = parse_date)]
    as_of: Option<Date>,
}

#[derive(clap::Args, Clone)]
struct BundleArgs {
    /// Tệp .zip (mặc định: tên trang dạng slug, ví dụ kho-van-ban.zip).
    #[arg(long, short = 'o')]
    output: Option<PathBuf>,
    /// Ngày tính tình trạng hiệu lực (YYYY-MM-DD; mặc định: hôm nay).
    #[arg(long, value_parser = parse_date)]
    as_of: Option<Date>,
}

#[derive(Subcommand)]
enum Command {
    /// Dựng trang tĩnh vào thư mục xuất.
    Build(BuildArgs),
    /// Kiểm tra toàn bộ nội dung, không ghi gì.
    Check {
        #[command(flatten)]
        args: BuildArgs,
        /// Định dạng báo cáo: text hoặc json.
        #[arg(long, value_enum, default_value_t = Format::Text)]
        format: Format,
    },
    /// Xem trước: dựng, phục vụ, tự dựng lại và tải lại trang khi sửa tệp.
    Serve(ServeArgs),
    /// Đóng gói bản offline (mở từ ổ đĩa) thành một tệp .zip.
    Bundle(BundleArgs),
    /// Tìm trong chỉ mục đã dựng (có dấu hoặc không dấu, hoặc số hiệu).
    Search(SearchArgs),
    /// Chuyển văn bản (chữ thuần, Markdown, Word .docx, PDF có lớp chữ) thành tệp nội dung.
    Import {
        /// Tệp .txt, .md, .docx hoặc .pdf; "-" để đọc chữ thuần từ đầu vào chuẩn.
        #[arg(required = true)]
        files: Vec<PathBuf>,
        /// Loại văn bản (ghi đè loại đọc được), ví dụ "Nghị định".
        #[arg(long)]
        kind: Option<String>,
        /// Thư mục ghi tệp .md (mặc định: in ra đầu ra chuẩn khi chỉ có một tệp).
        #[arg(long, short = 'o')]
        out: Option<PathBuf>,
        /// Ghi đè tệp .md đã có trong thư mục --out (không bao giờ ghi qua liên kết).
        #[arg(long)]
        force: bool,
    },
}

#[derive(Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
enum Format {
    Text,
    Json,
}

#[derive(clap::Args, Clone)]
struct SearchArgs {
    /// Câu tìm kiếm, ví dụ "an toan thong tin" hoặc "86/2015/QH13".
    query: String,
    /// Số kết quả tối đa.
    #[arg(long, short = 'n', default_value_t = 10, value_parser = clap::value_parser!(u16).range(1..=1000))]
    limit: u16,
    /// Chỉ loại văn bản này (tên hoặc mã: "Luật", "luat").
    #[arg(long)]
    kind: Option<String>,
    /// Chỉ văn bản của cơ quan ban hành này.
    #[arg(long)]
    issuer: Option<String>,
    /// Chỉ văn bản còn hiệu lực (toàn bộ hoặc một phần), kể cả văn bản có thể đã hết
    /// hiệu lực nhưng cần xác minh; mỗi kết quả ghi tình trạng của văn bản.
    #[arg(long)]
    in_force: bool,
    /// In kết quả dạng JSON.
    #[arg(long)]
    json: bool,
    /// Thư mục chỉ mục (mặc định: index_dir trong vanban.toml).
    #[arg(long)]
    index: Option<PathBuf>,
}

fn parse_date(s: &str) -> Result<Date, String> {
    Date::parse_iso(s).ok_or_else(|| format!("ngày không hợp lệ: {s} (dạng 2024-03-27)"))
}

impl BuildArgs {
    fn options(&self) -> BuildOptions {
        BuildOptions {
            output: self.output.clone(),
            offline: self.offline,
            as_of: self.as_of,
            base_url: self.base_url.clone(),
            index: None,
            live_reload: false,
        }
    }
}

/// Writes a line to standard output; a closed pipe (`vanban check | head`)
/// is not an error.
fn say(text: &str) {
    use std::io::Write;
    let mut out = std::io::stdout().lock();
    let _ = out
        .write_all(text.as_bytes())
        .and_then(|()| out.write_all(b"\n"));
}

fn print_diagnostics(diags: &[Diagnostic]) {
    for d in diags {
        eprintln!("{d}");
    }
}

fn report(err: &Error) {
    match err {
        Error::Invalid(diags) => {
            print_diagnostics(diags);
            eprintln!("vanban: {err}; không ghi gì.");
        }
        Error::Refused { hint, .. } => {
            eprintln!("vanban: lỗi: {err}\n  gợi ý: {hint}\nvanban: không ghi gì.");
        }
        // Already reported where it happened (a file `vanban import` could not read).
        Error::Usage(message) if message.is_empty() => {}
        other => eprintln!("vanban: lỗi: {other}"),
    }
}

fn run(cli: Cli) -> Result<(), Error> {
    match cli.command {
        Command::Build(args) => {
            keep_freed_memory();
            let started = std::time::Instant::now();
            let site = Site::load(&cli.root)?;
            let loaded = started.elapsed();
            let report = site.build(&args.options())?;
            if args.timings {
                eprintln!("  load     {:>8.3} s", loaded.as_secs_f64());
                for (stage, time) in &report.timings.stages {
                    eprintln!("  {stage:<8} {:>8.3} s", time.as_secs_f64());
                }
            }
            print_diagnostics(&report.warnings);
            say(&format!(
                "Đã dựng {} văn bản, {} trang ({} tệp, {} điều khoản) vào {} trong {:.2} giây.",
                report.documents,
                report.pages,
                report.files,
                report.records,
                report.output.display(),
                started.elapsed().as_secs_f64()
            ));
            if args.check_links {
                let base_url = args
                    .base_url
                    .clone()
                    .unwrap_or(site.config.base_url.clone());
                let opts = vanban::publish::links::CheckOptions {
                    base_url: (!args.offline).then_some(base_url),
                    offline: args.offline,
                };
                let broken = vanban::publish::links::check(&report.output, &opts)?;
                for b in &broken {
                    eprintln!("{b}");
                }
                if !broken.is_empty() {
                    return Err(Error::Usage(format!("{} liên kết hỏng", broken.len())));
                }
                say("Mọi liên kết nội bộ đều dẫn tới đúng tệp và neo.");
            }
            // The process ends here: freeing the loaded hub piece by piece
            // (tens of thousands of texts) would only delay the exit.
            std::mem::forget(site);
            Ok(())
        }
        Command::Serve(args) => {
            let mut opts = vanban::serve::ServeOptions::new(&cli.root);
            opts.bind = args.bind;
            opts.port = args.port;
            opts.output = args.output;
            opts.watch = !args.no_watch;
            opts.as_of = args.as_of;
            opts.handle_ctrl_c = true;
            opts.verbose = true;
            if !args.bind.is_loopback() {
                eprintln!(
                    "vanban serve: cảnh báo: lắng nghe trên {}, máy khác trong mạng có thể truy cập.",
                    args.bind
                );
            }
            let server = vanban::serve::Server::start(opts)?;
            let mode = if args.no_watch {
                "chỉ đọc"
            } else {
                "xem trước, tự tải lại"
            };
            say(&format!(
                "Đang phục vụ tại http://{}/ ({mode}). Nhấn Ctrl-C để dừng.",
                server.addr()
            ));
            server.wait()
        }
        Command::Bundle(args) => {
            let site = Site::load(&cli.root)?;
            let zip = args
                .output
                .unwrap_or_else(|| vanban::publish::bundle::default_name(&site));
            let opts = BuildOptions {
                as_of: args.as_of,
                ..BuildOptions::default()
            };
            let report = vanban::publish::bundle::write(&site, &opts, &zip)?;
            print_diagnostics(&report.build.warnings);
            say(&format!(
                "Đã đóng gói {} tệp ({} văn bản) vào {} ({} KB). Giải nén rồi mở index.html.",
                report.files,
                report.build.documents,
                report.zip.display(),
                report.bytes / 1024
            ));
            Ok(())
        }
        Command::Import {
            files,
            kind,
            out,
            force,
        } => import(&cli.root, &files, kind, out.as_deref(), force),
        Command::Check { args, format } => {
            let site = Site::load(&cli.root)?;
            let result = site.check(&args.options());
            if format == Format::Json {
                let (errors, warnings): (Vec<&Diagnostic>, Vec<&Diagnostic>) = match &result {
                    Ok(w) => (Vec::new(), w.iter().collect()),
                    Err(Error::Invalid(d)) => d.iter().partition(|d| d.is_error()),
                    Err(_) => (Vec::new(), Vec::new()),
                };
                if let (Err(e), true) = (&result, errors.is_empty()) {
                    return Err(Error::Usage(e.to_string()));
                }
                let json = serde_json::json!({ "ok": errors.is_empty(), "errors": errors, "warnings": warnings });
                say(&serde_json::to_string_pretty(&json).unwrap_or_default());
                return if errors.is_empty() {
                    Ok(())
                } else {
                    Err(Error::Usage(format!("{} lỗi", errors.len())))
                };
            }
            let warnings = result?;
            print_diagnostics(&warnings);
            say(&format!("Không có lỗi ({} cảnh báo).", warnings.len()));
            Ok(())
        }
        Command::Search(args) => {
            let dir = match args.index {
                Some(dir) => dir,
                None => cli.root.join(Config::load(&cli.root)?.index_dir),
            };
            let opts = SearchOptions {
                limit: usize::from(args.limit),
                kind: args.kind,
                issuer: args.issuer,
                in_force: args.in_force,
            };
            let hits = vanban::search::search(&dir, &args.query, &opts)?;
            if args.json {
                say(&vanban::search::query::hits_json(&hits));
            } else {
                let color = std::io::stdout().is_terminal();
                say(vanban::search::query::hits_text(&hits, color).trim_end());
            }
            Ok(())
        }
    }
}

/// Imports each file (plain text, .docx or .pdf): a file that is not a
/// legal document is reported and skipped; the others are written only if
/// none of their files is refused (see `vanban::import::files`). The
/// agencies of the site in `root` name the tasks of assignment tables.
fn import(
    root: &std::path::Path,
    files: &[PathBuf],
    kind: Option<String>,
    out: Option<&std::path::Path>,
    force: bool,
) -> Result<(), Error> {
    use std::io::Read;
    use vanban::import::files as import_files;
    let agencies = vanban::import::agency::site_agencies(root);
    let opts = vanban::import::ImportOptions {
        kind,
        agencies: vanban::import::agency::Agencies::new(agencies),
    };
    if out.is_none() && files.len() > 1 {
        return Err(Error::Usage("nhiều tệp: cần --out THƯ-MỤC".into()));
    }
    let mut imported = Vec::new();
    let mut failed = 0;
    for file in files {
        let stdin = file.as_os_str() == "-";
        let name = if stdin {
            PathBuf::from("stdin")
        } else {
            file.clone()
        };
        let mut bytes = Vec::new();
        if stdin {
            std::io::stdin()
                .read_to_end(&mut bytes)
                .map_err(|e| Error::io(&name, e))?;
        } else {
            bytes = std::fs::read(file).map_err(|e| Error::io(file, e))?;
        }
        let shown = name.display().to_string();
        let result = if vanban::import::is_text(&bytes, &shown) {
            let (text, warnings) = import_files::decode(&name, &bytes);
            print_diagnostics(&warnings);
            vanban::import::import_text(&text, &opts)
        } else {
            vanban::import::import_bytes(&bytes, &shown, &opts)
        };
        match result {
            Ok(doc) => imported.push((file, doc)),
            Err(e) => {
                failed += 1;
                match e.line {
                    0 => eprintln!("{shown}: lỗi: {}; không ghi tệp nào", e.message),
                    line => eprintln!("{shown}:{line}: lỗi: {}; không ghi tệp nào", e.message),
                }
            }
        }
    }
    match out {
        Some(dir) => {
            let imports: Vec<import_files::Import> = imported
                .iter()
                .map(|(source, imported)| import_files::Import {
                    source: source.as_path(),
                    imported,
                })
                .collect();
            let planned = import_files::plan(dir, &imports, force)?;
            import_files::write(&planned)?;
            for (p, (_, doc)) in planned.iter().zip(&imported) {
                eprintln!("{} → {}", p.source.display(), p.path.display());
                for line in doc.report_lines() {
                    eprintln!("  {line}");
                }
            }
        }
        None => {
            use std::io::Write;
            for (_, doc) in &imported {
                let mut stdout = std::io::stdout().lock();
                match stdout.write_all(doc.to_content_file().as_bytes()) {
                    Err(e) if e.kind() != std::io::ErrorKind::BrokenPipe => {
                        return Err(Error::io(std::path::Path::new("stdout"), e))
                    }
                    _ => {}
                }
                for line in doc.report_lines() {
                    eprintln!("  {line}");
                }
            }
        }
    }
    if failed > 0 && files.len() == 1 {
        // Said in full on the line above.
        return Err(Error::Usage(String::new()));
    }
    if failed > 0 {
        return Err(Error::Usage(format!("{failed} tệp không nhập được")));
    }
    Ok(())
}

fn main() -> ExitCode {
    match run(Cli::parse()) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            report(&e);
            ExitCode::FAILURE
        }
    }
}

#[cfg(test)]
mod tests {
    /// The option number is the purge delay's: its default in the mimalloc
    /// the bindings build (v3, `src/options.c`) is 1,000 ms, which no
    /// neighbouring option has.
    #[test]
    fn the_purge_delay_option_is_the_one_set() {
        // SAFETY: reads a plain integer option.
        let delay = unsafe { libmimalloc_sys::mi_option_get(super::MI_OPTION_PURGE_DELAY) };
        assert_eq!(delay, 1000);
    }
}
