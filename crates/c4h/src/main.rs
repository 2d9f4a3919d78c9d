//! `c4h`: the one binary. `serve` (the default) runs the service; `migrate`, `demo`,
//! `admin create` and `check` look after its database; `audit verify` walks the audit chain;
//! `keys rotate` and `keys status` look after the data keys; `backup` and `restore` copy the
//! database;
//! `match export` and `match solve` write and solve matching instances.
//!
//! Errors at start-up are one line on standard error, naming the setting at fault, and the exit
//! status is non-zero: 2 for a problem with the configuration or the command line, 1 otherwise.

mod commands;
mod ops;

use std::path::PathBuf;
use std::process::ExitCode;

use c4h_server::config::SETTINGS;
use clap::{Arg, ArgMatches, Args, CommandFactory, FromArgMatches, Parser, Subcommand};

/// Cyber 4 Healthcare: free cybersecurity help for healthcare organisations, matched and
/// coordinated.
#[derive(Debug, Parser)]
#[command(name = "c4h", version, about, long_about = None)]
#[command(
    after_help = "Every setting can also be given as an environment variable (C4H_LISTEN, ...) \
    or in the configuration file; see docs/configuration.md."
)]
pub struct Cli {
    /// Read settings from this TOML file (flags and C4H_* variables override it).
    #[arg(long, global = true, env = "C4H_CONFIG", value_name = "FILE")]
    config: Option<PathBuf>,

    #[command(subcommand)]
    command: Option<Command>,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Run the web server and the background workers (the default command).
    Serve(ServeArgs),
    /// Apply the database migrations this version carries.
    Migrate,
    /// Load the demo data (clearly fictional; loading it twice adds nothing).
    Demo,
    /// Manage administrator accounts.
    #[command(subcommand)]
    Admin(AdminCommand),
    /// Check the configuration and the database, and report what is wrong.
    Check,
    /// The audit trail.
    #[command(subcommand)]
    Audit(AuditCommand),
    /// Write a consistent backup of the whole database to FILE while the service runs, sealed
    /// with the data key (SQLite: an online copy; PostgreSQL: pg_dump's custom format).
    Backup { file: PathBuf },
    /// Restore a backup into the empty database database_url names, after checking that the
    /// file is whole and opens with data_key; a damaged or wrongly keyed file restores nothing.
    Restore { file: PathBuf },
    /// The data keys that encrypt files and free text at rest.
    #[command(subcommand)]
    Keys(KeysCommand),
    /// Matching in the exchange format of MATCHING.md.
    #[command(subcommand)]
    Match(MatchCommand),
    /// Simulate a surge on a virtual clock with the real solver and offer lifecycle, and print
    /// time to engagement per urgency for the optimal policy and for greedy first-come-first-served.
    Simulate(SimulateArgs),
}

#[derive(Debug, Args)]
pub struct SimulateArgs {
    /// Organisations asking for help.
    #[arg(long, default_value_t = 600)]
    pub requests: usize,
    /// Over how many hours they arrive.
    #[arg(long, default_value_t = 24)]
    pub hours: u32,
    #[arg(long, default_value_t = 40)]
    pub countries: usize,
    #[arg(long, default_value_t = 40)]
    pub providers: usize,
    /// Each provider's mean answer delay is drawn from this range, in minutes (delays are exponential).
    #[arg(long, default_value = "20..240")]
    pub mean_response_minutes: String,
    /// Each provider's share of offers accepted is drawn from this range.
    #[arg(long, default_value = "0.5..0.95")]
    pub acceptance: String,
    /// An engagement holds its capacity this many hours, drawn from this range.
    #[arg(long, default_value = "24..96")]
    pub engagement_hours: String,
    #[arg(long, default_value_t = 1)]
    pub seed: u64,
}

#[derive(Debug, Subcommand)]
pub enum MatchCommand {
    /// Read an instance (FILE, or - for standard input) and print its exact lexicographic
    /// optimum: the most critical requests matched, then high, medium and low, then the least
    /// cost.
    Solve {
        /// The instance, in the exchange format.
        file: PathBuf,
        /// Add each assignment's scoring reasons, read from the database (for an instance that
        /// `c4h match export` wrote).
        #[arg(long)]
        explain: bool,
    },
    /// Print the current problem from the database in the exchange format: the requests in
    /// matching or waitlisted, by reference, against the offerings that could take them, scored
    /// with the default weights (see docs/matching.md).
    Export,
}

#[derive(Debug, Subcommand)]
pub enum AuditCommand {
    /// Walk the audit chain from its first event to the head kept outside the audit table, and
    /// report the first event that was edited, deleted, inserted or reordered (exit status 1),
    /// or that all of them verify.
    Verify {
        /// Also check that the chain still holds an event this command reported earlier, given
        /// as SEQ:HASH (record the line it prints somewhere the database's owner cannot write).
        #[arg(long, value_name = "SEQ:HASH")]
        anchor: Option<String>,
    },
}

#[derive(Debug, Subcommand)]
pub enum KeysCommand {
    /// Add a new key to the key file and seal again with it everything older keys sealed, in
    /// short batches, while the service keeps serving (running instances pick the new file up
    /// within a second). The older keys stay in the file, so that older backups still open.
    Rotate,
    /// How many sealed values and files each key holds, and which key seals now.
    Status,
}

#[derive(Debug, Default, Args)]
pub struct ServeArgs {
    /// Load the demo data before serving.
    #[arg(long)]
    demo: bool,
}

#[derive(Debug, Subcommand)]
pub enum AdminCommand {
    /// Create an administrator: the only way to make the first one (there are no default accounts).
    Create(AdminCreateArgs),
}

#[derive(Debug, Args)]
pub struct AdminCreateArgs {
    /// The administrator's e-mail address (their sign-in name).
    #[arg(long)]
    email: String,
    /// The name shown to other staff, such as "Operations desk".
    #[arg(long)]
    name: String,
    /// The administrator's language for pages and e-mail (BCP 47, e.g. en or fr).
    #[arg(long, default_value = "en")]
    language: String,
    /// Read the password from the first line of standard input instead of prompting.
    #[arg(long)]
    password_stdin: bool,
}

/// One flag per setting, generated from the settings list so the two cannot disagree.
fn setting_args() -> impl Iterator<Item = Arg> {
    SETTINGS.iter().map(|spec| {
        let help = match spec.default {
            Some(default) => format!("{} [{}; default: {default}]", spec.help, spec.env),
            None => format!("{} [{}]", spec.help, spec.env),
        };
        Arg::new(spec.key).long(&spec.flag[2..]).value_name("VALUE").help(help).global(true)
    })
}

/// The values given as flags, by setting key.
fn flag_values(matches: &ArgMatches) -> Vec<(&'static str, String)> {
    SETTINGS
        .iter()
        .filter_map(|spec| {
            matches.get_one::<String>(spec.key).map(|value| (spec.key, value.clone()))
        })
        .collect()
}

fn main() -> ExitCode {
    let matches = Cli::command().args(setting_args()).get_matches();
    let cli = match Cli::from_arg_matches(&matches) {
        Ok(cli) => cli,
        Err(error) => error.exit(),
    };
    let flags = flag_values(&matches);
    let runtime = match tokio::runtime::Builder::new_multi_thread().enable_all().build() {
        Ok(runtime) => runtime,
        Err(error) => {
            eprintln!("c4h: cannot start the async runtime: {error}");
            return ExitCode::FAILURE;
        }
    };
    match runtime.block_on(commands::run(cli, flags)) {
        Ok(()) => ExitCode::SUCCESS,
        Err(failure) => {
            eprintln!("c4h: {}", failure.message);
            ExitCode::from(failure.code)
        }
    }
}
