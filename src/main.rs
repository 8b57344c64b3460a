//! The `camnang` command line: parse arguments, call the library, print
//! errors once, set the exit code (0 ok, 1 content or build error, 2 usage).

use camnang::content::Date;
use camnang::diagnostics::{all_ok, display_path, report, Error, Severity};
use camnang::output::{check_output_location, up_to_date, DiskSink, MemorySink, Staging};
use camnang::site::{BuildOptions, BuildReport, Site};
use clap::{Parser, Subcommand};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// camnang: turns Markdown lessons into a fast, searchable guidance site.
#[derive(Parser)]
#[command(name = "camnang", version, about)]
struct Cli {
    /// The site folder (holds site-config.yaml and content/).
    #[arg(long, global = true, default_value = ".")]
    root: PathBuf,
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Build the site into the output folder (public/ by default).
    Build {
        /// Output folder.
        #[arg(long, short)]
        output: Option<PathBuf>,
        /// Use this base URL instead of the one in site-config.yaml.
        #[arg(long)]
        base_url: Option<String>,
        /// Include drafts.
        #[arg(long)]
        drafts: bool,
        /// Replace an output folder that camnang did not create.
        #[arg(long)]
        force: bool,
        /// Print each stage and its time.
        #[arg(long, short)]
        verbose: bool,
        /// Make a copy that works opened from a folder, a USB stick or a
        /// zip, with no web server (relative links to index.html files).
        #[arg(long)]
        portable: bool,
        /// Skip the build when no input changed since the last one and
        /// the output is untouched (inputs are keyed by content hashes).
        #[arg(long)]
        incremental: bool,
    },
    /// Build in memory and report every problem, writing nothing.
    Check {
        /// Include drafts.
        #[arg(long)]
        drafts: bool,
        /// Print each stage and its time.
        #[arg(long, short)]
        verbose: bool,
    },
    /// Build into memory, serve it with live reload, and rebuild on every save.
    Serve {
        /// The port (0: any free port).
        #[arg(long, default_value_t = 1111)]
        port: u16,
        /// The address to listen on. 0.0.0.0 lets a phone on the same
        /// Wi-Fi open the preview.
        #[arg(long, default_value = "127.0.0.1")]
        bind: std::net::IpAddr,
        /// Open the site in the default browser.
        #[arg(long)]
        open: bool,
        /// Include drafts.
        #[arg(long)]
        drafts: bool,
        /// Poll for changes, where native file events do not work.
        #[arg(long)]
        poll: bool,
        /// Print each stage of every rebuild and its time.
        #[arg(long, short)]
        verbose: bool,
    },
    /// Create a new school site in DIR from the bundled lessons.
    Init {
        /// The new site's folder.
        dir: PathBuf,
    },
    /// Create a lesson at PATH inside content/.
    New {
        /// e.g. `vneid/bai-moi.md`.
        path: String,
        /// The lesson's title.
        #[arg(long)]
        title: String,
    },
}

fn main() -> ExitCode {
    camnang::memory::avoid_huge_pages();
    let cli = Cli::parse();
    let result = match cli.command {
        Command::Build {
            output,
            base_url,
            drafts,
            force,
            verbose,
            portable,
            incremental,
        } => {
            let output = output.unwrap_or_else(|| cli.root.join("public"));
            build(
                &cli.root,
                &output,
                BuildOptions {
                    drafts,
                    base_url,
                    verbose,
                    today: Some(Date::today()),
                    portable,
                    ..BuildOptions::default()
                },
                force,
                incremental,
            )
        }
        Command::Check { drafts, verbose } => check(
            &cli.root,
            BuildOptions {
                drafts,
                base_url: None,
                verbose,
                today: Some(Date::today()),
                portable: false,
                ..BuildOptions::default()
            },
        ),
        Command::Serve {
            port,
            bind,
            open,
            drafts,
            poll,
            verbose,
        } => serve(
            &cli.root,
            camnang::serve::ServeOptions {
                bind,
                port,
                drafts,
                poll,
                open,
                verbose,
            },
        ),
        Command::Init { dir } => init(&dir),
        Command::New { path, title } => new(&cli.root, &path, &title),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(err) => {
            eprintln!("{}", report(&err));
            ExitCode::from(1)
        }
    }
}

fn print_warnings(report: &BuildReport) {
    for w in &report.warnings {
        eprintln!("{w}\n");
    }
}

fn build(
    root: &Path,
    output: &Path,
    options: BuildOptions,
    force: bool,
    incremental: bool,
) -> Result<(), Error> {
    let started = std::time::Instant::now();
    let site = Site::load(root, options)?;
    check_output_location(root, output)?;
    let shown = display_path(output.strip_prefix(".").unwrap_or(output));
    let inputs = match incremental {
        true => Some(up_to_date::inputs_key(root, &site.options)?),
        false => None,
    };
    if let Some(inputs) = inputs {
        if up_to_date::is_up_to_date(output, inputs) {
            println!(
                "Up to date: nothing changed since the last build ({:.2} s) → {shown}",
                started.elapsed().as_secs_f64()
            );
            return Ok(());
        }
    }
    let staging = Staging::prepare(output, force)?;
    let (report, kept) = site.build_kept(&DiskSink::new(staging.dir()), None)?;
    // What the build made is left for the OS to take back when the process
    // exits, a moment from now: freeing it one allocation at a time took
    // about a tenth of a second of one core at 10,000 lessons.
    std::mem::forget(kept);
    staging.publish()?;
    match inputs {
        Some(inputs) => up_to_date::record(output, inputs)?,
        None => up_to_date::forget(output),
    }
    print_warnings(&report);
    println!(
        "Built {} pages and {} sections ({} files) in {:.2} s → {shown}",
        report.pages,
        report.sections,
        report.files,
        report.elapsed.as_secs_f64(),
    );
    Ok(())
}

fn check(root: &Path, options: BuildOptions) -> Result<(), Error> {
    let site = Site::load(root, options)?;
    let sink = MemorySink::new();
    let report = site.build(&sink)?;
    print_warnings(&report);
    let (found, heaviest) = camnang::weight::audit(&sink.into_files(), &site.config);
    let (errors, warnings): (Vec<_>, Vec<_>) = found
        .into_iter()
        .partition(|d| d.severity == Severity::Error);
    for w in &warnings {
        eprintln!("{w}\n");
    }
    println!("{heaviest}");
    all_ok(errors)?;
    println!(
        "Checked {} pages and {} sections: no errors, {} warnings",
        report.pages,
        report.sections,
        report.warnings.len() + warnings.len()
    );
    Ok(())
}

fn serve(root: &Path, options: camnang::serve::ServeOptions) -> Result<(), Error> {
    camnang::serve::serve(root, options)
}

fn init(dir: &Path) -> Result<(), Error> {
    let files = camnang::scaffold::init(dir)?;
    println!(
        "Created a new site in {} ({} files). Next:\n  cd {}\n  camnang build",
        display_path(dir),
        files.len(),
        display_path(dir)
    );
    Ok(())
}

fn new(root: &Path, path: &str, title: &str) -> Result<(), Error> {
    let site = Site::load(root, BuildOptions::default())?;
    let theme = camnang::render::Theme::load(root, &site.config)?;
    let file = camnang::scaffold::new_page(root, path, title, &theme)?;
    println!("Created {}", display_path(&file));
    Ok(())
}
