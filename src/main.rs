//! The `vanban` command: parses flags, calls the library, prints results and
//! errors. No logic lives here.

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand};
use std::io::IsTerminal;

use vanban::config::Config;
use vanban::content::Date;
use vanban::search::SearchOptions;
use vanban::{BuildOptions, Diagnostic, Error, Site};

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
}

#[derive(Subcommand)]
enum Command {
    /// Dựng trang tĩnh vào thư mục xuất.
    Build(BuildArgs),
    /// Kiểm tra toàn bộ nội dung, không ghi gì.
    Check(BuildArgs),
    /// Tìm trong chỉ mục đã dựng (có dấu hoặc không dấu, hoặc số hiệu).
    Search(SearchArgs),
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
    /// Chỉ văn bản còn hiệu lực (toàn bộ hoặc một phần).
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
            live_reload: false,
        }
    }
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
        other => eprintln!("vanban: lỗi: {other}"),
    }
}

fn run(cli: Cli) -> Result<(), Error> {
    match cli.command {
        Command::Build(args) => {
            let site = Site::load(&cli.root)?;
            let started = std::time::Instant::now();
            let report = site.build(&args.options())?;
            print_diagnostics(&report.warnings);
            println!(
                "Đã dựng {} văn bản, {} trang ({} tệp, {} điều khoản) vào {} trong {:.2} giây.",
                report.documents,
                report.pages,
                report.files,
                report.records,
                report.output.display(),
                started.elapsed().as_secs_f64()
            );
            Ok(())
        }
        Command::Check(args) => {
            let site = Site::load(&cli.root)?;
            let warnings = site.check(&args.options())?;
            print_diagnostics(&warnings);
            println!("Không có lỗi ({} cảnh báo).", warnings.len());
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
                println!("{}", vanban::search::query::hits_json(&hits));
            } else {
                let color = std::io::stdout().is_terminal();
                print!("{}", vanban::search::query::hits_text(&hits, color));
            }
            Ok(())
        }
    }
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
