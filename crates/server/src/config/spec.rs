//! The list of settings: names, defaults and help. Keep `docs/configuration.md` in step; a test
//! compares them.

/// One setting's names and default.
#[derive(Debug, Clone, Copy)]
pub struct SettingSpec {
    pub key: &'static str,
    pub env: &'static str,
    pub flag: &'static str,
    pub default: Option<&'static str>,
    pub help: &'static str,
}

/// Every setting. Keep `docs/configuration.md` in step; a test compares them.
pub const SETTINGS: &[SettingSpec] = &[
    SettingSpec {
        key: "database_url",
        env: "C4H_DATABASE_URL",
        flag: "--database-url",
        default: Some("sqlite://data/c4h.db"),
        help: "Where the data lives: sqlite://PATH (one file, created when missing) or postgres://USER@HOST:PORT/DB",
    },
    SettingSpec {
        key: "listen",
        env: "C4H_LISTEN",
        flag: "--listen",
        default: Some("127.0.0.1:8080"),
        help: "Address and port the web server listens on (port 0 picks a free port)",
    },
    SettingSpec {
        key: "public_url",
        env: "C4H_PUBLIC_URL",
        flag: "--public-url",
        default: None,
        help: "The address people use to reach the service, e.g. https://help.example.org (default: http://LISTEN)",
    },
    SettingSpec {
        key: "operator_name",
        env: "C4H_OPERATOR_NAME",
        flag: "--operator-name",
        default: Some("Cyber 4 Healthcare"),
        help: "The organisation that runs this instance, shown on every page",
    },
    SettingSpec {
        key: "contact_email",
        env: "C4H_CONTACT_EMAIL",
        flag: "--contact-email",
        default: Some("help@c4h.example"),
        help: "Where people can write to the coordinators",
    },
    SettingSpec {
        key: "smtp_url",
        env: "C4H_SMTP_URL",
        flag: "--smtp-url",
        default: Some("file:data/mail"),
        help: "Where e-mail goes: smtp://HOST:PORT, smtps://USER:PASSWORD@HOST:465, smtp://HOST:587?tls=required, or file:FOLDER to write each message to a file",
    },
    SettingSpec {
        key: "mail_from",
        env: "C4H_MAIL_FROM",
        flag: "--mail-from",
        default: Some("Cyber 4 Healthcare <noreply@c4h.example>"),
        help: "The sender of the service's e-mail",
    },
    SettingSpec {
        key: "session_idle_minutes",
        env: "C4H_SESSION_IDLE_MINUTES",
        flag: "--session-idle-minutes",
        default: Some("60"),
        help: "Minutes without activity after which a session ends (5-1440)",
    },
    SettingSpec {
        key: "session_absolute_hours",
        env: "C4H_SESSION_ABSOLUTE_HOURS",
        flag: "--session-absolute-hours",
        default: Some("12"),
        help: "Hours after sign-in after which a session ends whatever the activity (1-168)",
    },
    SettingSpec {
        key: "password_hash_concurrency",
        env: "C4H_PASSWORD_HASH_CONCURRENCY",
        flag: "--password-hash-concurrency",
        default: Some("4"),
        help: "Password hashes computed at once (1-64, about 19 MiB each); more sign-ins wait briefly, then get 503",
    },
    SettingSpec {
        key: "log",
        env: "C4H_LOG",
        flag: "--log",
        default: Some("info"),
        help: "What to log: a level (error, warn, info, debug, trace) or tracing directives such as info,c4h_server=debug",
    },
    SettingSpec {
        key: "log_format",
        env: "C4H_LOG_FORMAT",
        flag: "--log-format",
        default: Some("text"),
        help: "text for people, json for log collectors",
    },
    SettingSpec {
        key: "db_max_connections",
        env: "C4H_DB_MAX_CONNECTIONS",
        flag: "--db-max-connections",
        default: Some("10"),
        help: "Most database connections this instance opens (1-1000)",
    },
    SettingSpec {
        key: "workers",
        env: "C4H_WORKERS",
        flag: "--workers",
        default: Some("2"),
        help: "Background job workers in this instance (0-64; 0 leaves jobs to other instances)",
    },
    SettingSpec {
        key: "migrate_on_start",
        env: "C4H_MIGRATE_ON_START",
        flag: "--migrate-on-start",
        default: Some("true"),
        help: "Apply pending database migrations when serving starts (true or false)",
    },
    SettingSpec {
        key: "offer_deadlines",
        env: "C4H_OFFER_DEADLINES",
        flag: "--offer-deadlines",
        default: Some("1h,4h,24h,72h"),
        help: "How long a provider has to answer an offer, for critical, high, medium and low requests (each like 30m, 4h or 3d)",
    },
    SettingSpec {
        key: "auto_offer",
        env: "C4H_AUTO_OFFER",
        flag: "--auto-offer",
        default: Some("critical,high,medium,low"),
        help: "Urgencies whose requests get the best offer at once when they enter matching (or none); the others wait for a coordinator to send it",
    },
    SettingSpec {
        key: "escalate_critical_after",
        env: "C4H_ESCALATE_CRITICAL_AFTER",
        flag: "--escalate-critical-after",
        default: Some("2h"),
        help: "How long a critical request may wait in matching without an engagement before every coordinator is told",
    },
    SettingSpec {
        key: "matching_weights",
        env: "C4H_MATCHING_WEIGHTS",
        flag: "--matching-weights",
        default: None,
        help: "Changes to the matching weights, e.g. per_engagement=20,load_costs=0/10/20/40 (see docs/matching.md)",
    },
    SettingSpec {
        key: "hour_budget_hours",
        env: "C4H_HOUR_BUDGET_HOURS",
        flag: "--hour-budget-hours",
        default: Some("100"),
        help: "Hours of free help per beneficiary organisation (1-10000): providers and coordinators are warned at 80%, and a coordinator is asked at 100%",
    },
];
