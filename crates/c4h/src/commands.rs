//! What each command does. Every failure becomes a [`Failure`]: one line and an exit status.

use std::io::{BufRead, IsTerminal};
use std::sync::Arc;

use c4h_domain::{EmailAddress, LanguageTag, Password};
use c4h_server::accounts::{self, CreateAdminError};
use c4h_server::clock::{Clock, SystemClock};
use c4h_server::config::{ConfigError, RawSettings, Settings};
use c4h_server::{app, demo, telemetry};
use c4h_storage::{Store, StoreError};

use crate::{
    AdminCommand, AdminCreateArgs, AuditCommand, Cli, Command, KeysCommand, MatchCommand,
    ServeArgs, SimulateArgs,
};

/// Why a command stopped.
#[derive(Debug)]
pub struct Failure {
    pub code: u8,
    pub message: String,
}

impl Failure {
    pub(crate) fn config(message: impl ToString) -> Self {
        Self { code: 2, message: message.to_string() }
    }

    pub(crate) fn runtime(message: impl ToString) -> Self {
        Self { code: 1, message: message.to_string() }
    }
}

impl From<ConfigError> for Failure {
    fn from(error: ConfigError) -> Self {
        Self::config(error)
    }
}

/// The loaded configuration: validated settings, and the raw values for naming a setting later.
pub(crate) struct Loaded {
    pub(crate) raw: RawSettings,
    pub(crate) settings: Settings,
}

fn load(cli: &Cli, flags: &[(&'static str, String)]) -> Result<Loaded, Failure> {
    let raw = RawSettings::gather(cli.config.as_deref(), std::env::vars(), flags)
        .map_err(Failure::config)?;
    let settings = raw.validate()?;
    Ok(Loaded { raw, settings })
}

/// Opens the database, reporting problems as problems with `database_url`.
/// Opens the database with the data keys; a key file made up on this first start is written
/// once the database opened.
pub(crate) async fn open(loaded: &Loaded) -> Result<Arc<dyn Store>, Failure> {
    let (store, new_key) = open_keeping_new_key(loaded).await?;
    if let Some(new_key) = new_key {
        new_key.save().map_err(Failure::runtime)?;
    }
    Ok(store)
}

/// [`open`], leaving a made-up key file for the caller to write before it seals anything.
async fn open_keeping_new_key(
    loaded: &Loaded,
) -> Result<(Arc<dyn Store>, Option<c4h_server::crypto::NewKeyFile>), Failure> {
    let url = &loaded.settings.database_url;
    // Made up only where no other instance could have made a different one (one SQLite file).
    let one_machine = matches!(url, c4h_storage::DatabaseUrl::Sqlite { .. });
    let (keyring, new_key) =
        c4h_server::crypto::load_keyring(&loaded.settings.data_key, one_machine)
            .map_err(Failure::runtime)?;
    let keys = match &loaded.settings.data_key {
        c4h_server::crypto::KeySource::File(path) => {
            c4h_storage::sealing::Keys::watching(keyring, path.clone())
        }
        c4h_server::crypto::KeySource::Inline(_) => c4h_storage::sealing::Keys::new(keyring),
    };
    let store = c4h_storage::connect(url, &loaded.settings.pool, keys).await.map_err(|error| {
        let problem = match error {
            StoreError::DataFolder { .. } | StoreError::Durability { .. } => error.to_string(),
            other => format!("cannot open {}: {other}", url.redacted()),
        };
        Failure::from(loaded.raw.error("database_url", problem))
    })?;
    Ok((store, new_key))
}

pub(crate) async fn migrate(store: &dyn Store) -> Result<(), Failure> {
    store.migrate().await.map_err(Failure::runtime)
}

pub async fn run(cli: Cli, flags: Vec<(&'static str, String)>) -> Result<(), Failure> {
    // Matching a file needs neither settings nor a database.
    if let Some(Command::Match(MatchCommand::Solve { file, explain: false })) = &cli.command {
        return solve_file(file, None).await;
    }
    if let Some(Command::Simulate(args)) = &cli.command {
        return simulate(args);
    }
    let loaded = load(&cli, &flags)?;
    telemetry::init(&loaded.settings);
    match cli.command.unwrap_or(Command::Serve(ServeArgs::default())) {
        Command::Serve(args) => serve(loaded, args).await,
        Command::Migrate => {
            let store = open(&loaded).await?;
            migrate(store.as_ref()).await?;
            println!("The database is up to date ({}).", loaded.settings.database_url.redacted());
            Ok(())
        }
        Command::Demo => {
            let store = open(&loaded).await?;
            migrate(store.as_ref()).await?;
            load_demo(store.as_ref(), &loaded.settings).await
        }
        Command::Admin(AdminCommand::Create(args)) => create_admin(loaded, args).await,
        Command::Check => check(loaded).await,
        Command::Match(MatchCommand::Solve { file, explain }) => {
            let store = if explain { Some(open(&loaded).await?) } else { None };
            solve_file(&file, store.as_deref()).await
        }
        Command::Simulate(args) => simulate(&args),
        Command::Audit(AuditCommand::Verify { anchor }) => {
            let store = open(&loaded).await?;
            migrate(store.as_ref()).await?;
            crate::ops::verify_audit(store.as_ref(), anchor.as_deref()).await
        }
        Command::Backup { file } => {
            let store = open(&loaded).await?;
            crate::ops::backup(store.as_ref(), &file).await
        }
        Command::Restore { file } => crate::ops::restore(&loaded, &file).await,
        Command::Keys(command) => {
            let store = open(&loaded).await?;
            migrate(store.as_ref()).await?;
            match command {
                KeysCommand::Rotate => crate::ops::rotate_keys(store.as_ref(), &loaded).await,
                KeysCommand::Status => crate::ops::key_status(store.as_ref()).await,
            }
        }
        Command::Match(MatchCommand::Export) => {
            let store = open(&loaded).await?;
            export_matching(store.as_ref()).await
        }
    }
}

async fn load_demo(store: &dyn Store, settings: &Settings) -> Result<(), Failure> {
    let loaded = demo::load(store, SystemClock.now()).await.map_err(Failure::runtime)?;
    println!(
        "Demo data loaded: {} objects added, {} already there.",
        loaded.outcome.inserted, loaded.outcome.already_present
    );
    if loaded.accounts.is_empty() {
        println!(
            "The demo accounts exist already; their passwords were shown when they were created."
        );
        return Ok(());
    }
    println!("Demo accounts, one per role. Their passwords are shown now and never again:");
    for account in &loaded.accounts {
        println!("  {:<18} {:<46} password: {}", account.role, account.email, account.password);
        if let Some(key) = &account.totp_key {
            println!("  {:<18} {:<46} TOTP key: {key} (add it to an authenticator app)", "", "");
        }
    }
    println!(
        "Sign in at {}/login. E-mail the service sends goes to {:?}.",
        settings.public_url, settings.mail.transport
    );
    Ok(())
}

async fn serve(loaded: Loaded, args: ServeArgs) -> Result<(), Failure> {
    let (store, new_key) = open_keeping_new_key(&loaded).await?;
    if loaded.settings.migrate_on_start {
        migrate(store.as_ref()).await?;
    } else {
        let health = store.health().await.map_err(Failure::runtime)?;
        if !health.pending_migrations.is_empty() {
            return Err(Failure::runtime("the database needs migrations; run `c4h migrate` first"));
        }
    }
    let listener = app::bind(&loaded.settings).await.map_err(|error| {
        Failure::from(
            loaded
                .raw
                .error("listen", format!("cannot listen on {}: {error}", loaded.settings.listen)),
        )
    })?;
    // The service will run: the key it seals with is written before anything is sealed.
    if let Some(new_key) = new_key {
        new_key.save().map_err(Failure::runtime)?;
    }
    if args.demo {
        load_demo(store.as_ref(), &loaded.settings).await?;
    }
    let backend = store.backend();
    let database = loaded.settings.database_url.redacted();
    let server = app::start(loaded.settings, store, Arc::new(SystemClock), listener)
        .await
        .map_err(|error| Failure::runtime(format!("cannot start: {error:#}")))?;
    let address = server.address;
    let shown = if address.ip().is_unspecified() {
        server.state.settings.public_url.clone()
    } else {
        format!("http://{address}")
    };
    println!("c4h is serving on {shown}/ with {backend} at {database}. Stop it with Ctrl-C.");
    tracing::info!(server.address = %address, "serving");
    app::termination().await;
    tracing::info!("shutting down");
    server.shutdown().await.map_err(Failure::runtime)
}

fn read_password(args: &AdminCreateArgs) -> Result<Password, Failure> {
    let stdin = std::io::stdin();
    let text = if args.password_stdin {
        let mut line = String::new();
        stdin.lock().read_line(&mut line).map_err(Failure::runtime)?;
        line.trim_end_matches(['\r', '\n']).to_owned()
    } else if stdin.is_terminal() {
        let first = rpassword::prompt_password("Password: ").map_err(Failure::runtime)?;
        let again = rpassword::prompt_password("Password again: ").map_err(Failure::runtime)?;
        if first != again {
            return Err(Failure::config("the two passwords differ"));
        }
        first
    } else {
        return Err(Failure::config(
            "give the password on standard input with --password-stdin, or run in a terminal",
        ));
    };
    Password::parse(&text).map_err(|error| Failure::config(format!("the password {error}")))
}

async fn create_admin(loaded: Loaded, args: AdminCreateArgs) -> Result<(), Failure> {
    let email = EmailAddress::parse(&args.email)
        .map_err(|error| Failure::config(format!("--email: {error}")))?;
    let language = LanguageTag::parse(&args.language)
        .map_err(|error| Failure::config(format!("--language: {error}")))?;
    let password = read_password(&args)?;
    let store = open(&loaded).await?;
    migrate(store.as_ref()).await?;
    match accounts::create_admin(
        store.as_ref(),
        email.clone(),
        &args.name,
        password,
        language,
        SystemClock.now(),
    )
    .await
    {
        Ok(id) => {
            println!("Administrator {email} created (id {id}).");
            Ok(())
        }
        Err(error @ (CreateAdminError::EmailTaken(_) | CreateAdminError::DisplayName)) => {
            Err(Failure::config(error))
        }
        Err(error) => Err(Failure::runtime(error)),
    }
}

async fn check(loaded: Loaded) -> Result<(), Failure> {
    let settings = &loaded.settings;
    println!("configuration: ok");
    println!("  database_url: {}", settings.database_url.redacted());
    println!("  listen: {}", settings.listen);
    println!("  public_url: {}", settings.public_url);
    let store = open(&loaded).await?;
    let health = store.health().await.map_err(Failure::runtime)?;
    println!("database: {} {}", health.backend, health.server_version);
    let mut problems = 0;
    for setting in &health.settings {
        let verdict = if setting.holds() { "ok" } else { "PROBLEM" };
        problems += usize::from(!setting.holds());
        println!(
            "  {}: {} (expected {}) {verdict}",
            setting.name, setting.actual, setting.expected
        );
    }
    if health.pending_migrations.is_empty() {
        println!("  migrations: up to date");
        let counts = store.counts().await.map_err(Failure::runtime)?;
        println!(
            "  rows: {} organisations, {} providers, {} offerings, {} users, {} requests, {} audit events",
            counts.organisations,
            counts.providers,
            counts.offerings,
            counts.users,
            counts.requests,
            counts.audit_events
        );
        println!("  jobs: {} waiting, {} failed", counts.jobs_waiting, counts.jobs_failed);
    } else {
        problems += 1;
        println!(
            "  migrations: PROBLEM, {} pending ({}); run `c4h migrate`",
            health.pending_migrations.len(),
            health.pending_migrations.join(", ")
        );
    }
    match c4h_server::mail::Mailer::new(&settings.mail) {
        Ok(mailer) => match (&settings.mail.transport, mailer.reachable().await) {
            (c4h_server::config::MailTransport::Folder(path), _) => println!(
                "mail: written to files in {} (not sent; set smtp_url to send e-mail)",
                path.display()
            ),
            (transport, Ok(())) => println!("mail: {transport:?} answers ok"),
            (transport, Err(error)) => {
                problems += 1;
                println!("mail: PROBLEM, {transport:?} does not answer: {error}");
            }
        },
        Err(error) => {
            problems += 1;
            println!("mail: PROBLEM, {error:#}");
        }
    }
    if problems == 0 {
        println!("All checks passed.");
        Ok(())
    } else {
        Err(Failure::runtime(format!("{problems} check(s) failed")))
    }
}

/// `c4h match solve FILE`: the instance's optimum on standard output, with each pair's reasons
/// from `store` when given; an input error names the item and exits with status 2.
async fn solve_file(file: &std::path::Path, store: Option<&dyn Store>) -> Result<(), Failure> {
    use c4h_server::matching::{exchange, export};
    let json = if file.as_os_str() == "-" {
        let mut buffer = Vec::new();
        std::io::Read::read_to_end(&mut std::io::stdin(), &mut buffer)
            .map_err(|error| Failure::runtime(format!("cannot read standard input: {error}")))?;
        buffer
    } else {
        std::fs::read(file)
            .map_err(|error| Failure::config(format!("cannot read {}: {error}", file.display())))?
    };
    let name = if file.as_os_str() == "-" {
        "standard input".to_owned()
    } else {
        file.display().to_string()
    };
    let instance = exchange::read_instance(&json)
        .map_err(|error| Failure::config(format!("{name}: {error}")))?;
    let assignment = c4h_domain::matching::solve(&instance);
    let explanations = match store {
        None => None,
        Some(store) => {
            let snapshot =
                store.matching_snapshot(SystemClock.now()).await.map_err(Failure::runtime)?;
            let weights = c4h_domain::matching::scoring::Weights::default();
            let explained = assignment.pairs.iter().map(|&(r, o)| {
                let request = instance.requests()[r].id.clone();
                let offering = instance.offerings()[o].id.clone();
                let score = export::explain(&snapshot, &weights, &request, &offering);
                let reasons = score.map_or_else(Vec::new, |score| {
                    score
                        .terms
                        .iter()
                        .map(|term| exchange::ExplainedReason {
                            code: term.reason.code(),
                            value: term.reason.value(),
                            cost: term.cost,
                        })
                        .collect()
                });
                exchange::Explanation { request, offering, reasons }
            });
            Some(explained.collect::<Vec<_>>())
        }
    };
    println!("{}", exchange::write_assignment(&instance, &assignment, explanations.as_deref()));
    Ok(())
}

/// `c4h match export`: the current matching problem on standard output.
async fn export_matching(store: &dyn Store) -> Result<(), Failure> {
    use c4h_server::matching::{exchange, export};
    let snapshot = store.matching_snapshot(SystemClock.now()).await.map_err(Failure::runtime)?;
    let weights = c4h_domain::matching::scoring::Weights::default();
    let instance = export::instance_from(&snapshot, &weights).map_err(|error| {
        Failure::runtime(format!("the database gave an invalid instance: {error}"))
    })?;
    println!("{}", exchange::write_instance(&instance));
    Ok(())
}

/// A range such as `20..240`.
fn range<T: std::str::FromStr + PartialOrd + Copy>(
    name: &str,
    text: &str,
) -> Result<(T, T), Failure> {
    let wrong = || Failure::config(format!("--{name}: {text:?} is not a range such as 20..240"));
    let (low, high) = text.split_once("..").ok_or_else(wrong)?;
    let (low, high) =
        (low.trim().parse().map_err(|_| wrong())?, high.trim().parse().map_err(|_| wrong())?);
    if low > high {
        return Err(wrong());
    }
    Ok((low, high))
}

fn simulate(args: &SimulateArgs) -> Result<(), Failure> {
    use c4h_domain::matching::simulate::{Surge, table};
    let surge = Surge {
        requests: args.requests,
        hours: args.hours.max(1),
        countries: args.countries.max(1),
        providers: args.providers.max(1),
        mean_response_minutes: range("mean-response-minutes", &args.mean_response_minutes)?,
        acceptance: range("acceptance", &args.acceptance)?,
        engagement_hours: range("engagement-hours", &args.engagement_hours)?,
        seed: args.seed,
    };
    print!("{}", table(&surge));
    Ok(())
}
