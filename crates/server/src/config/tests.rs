use super::*;

fn env(pairs: &[(&str, &str)]) -> Vec<(String, String)> {
    pairs.iter().map(|(k, v)| ((*k).to_owned(), (*v).to_owned())).collect()
}

fn settings(pairs: &[(&str, &str)]) -> Result<Settings, String> {
    RawSettings::gather(None, env(pairs), &[])
        .map_err(|e| e.to_string())?
        .validate()
        .map_err(|e| e.to_string())
}

#[test]
fn the_defaults_serve_sqlite_on_loopback() {
    let settings = settings(&[]).unwrap();
    assert_eq!(settings.listen.to_string(), "127.0.0.1:8080");
    assert_eq!(settings.database_url, DatabaseUrl::Sqlite { path: "data/c4h.db".into() });
    assert_eq!(settings.public_url, "http://127.0.0.1:8080");
    assert!(!settings.served_over_tls());
    assert!(settings.migrate_on_start);
}

#[test]
fn flags_beat_the_environment_which_beats_the_file() {
    let folder = tempfile::tempdir().unwrap();
    let file = folder.path().join("c4h.toml");
    std::fs::write(&file, "listen = \"127.0.0.1:7000\"\nworkers = 3\noperator_name = \"File\"\n")
        .unwrap();
    let raw = RawSettings::gather(
        Some(&file),
        env(&[("C4H_LISTEN", "127.0.0.1:7001"), ("C4H_OPERATOR_NAME", "Env")]),
        &[("listen", "127.0.0.1:7002".to_owned())],
    )
    .unwrap();
    let settings = raw.validate().unwrap();
    assert_eq!(settings.listen.port(), 7002);
    assert_eq!(settings.operator_name, "Env");
    assert_eq!(settings.workers, 3);
}

#[test]
fn an_unknown_scheme_names_the_setting_and_its_source() {
    let error = settings(&[("C4H_DATABASE_URL", "mysql://localhost/c4h")]).unwrap_err();
    assert_eq!(
        error,
        "setting database_url (C4H_DATABASE_URL, from the environment): has the scheme \"mysql\", \
         which is not supported; use sqlite://PATH or postgres://…"
    );
}

#[test]
fn a_bad_port_says_what_a_port_is() {
    let error = settings(&[("C4H_LISTEN", "127.0.0.1:99999")]).unwrap_err();
    assert!(
        error.starts_with("setting listen (C4H_LISTEN, from the environment): port \"99999\""),
        "{error}"
    );
    let error = settings(&[("C4H_LISTEN", "localhost")]).unwrap_err();
    assert!(error.contains("is not an IP address and port"), "{error}");
}

#[test]
fn every_setting_is_checked() {
    for (name, value, expected) in [
        ("C4H_PUBLIC_URL", "ftp://x", "does not start with https://"),
        ("C4H_PUBLIC_URL", "https://a b", "is not an address"),
        ("C4H_CONTACT_EMAIL", "nobody", "is not an e-mail address"),
        ("C4H_LOG", "loud[", "is not a log level"),
        ("C4H_LOG_FORMAT", "xml", "is not text or json"),
        ("C4H_DB_MAX_CONNECTIONS", "0", "from 1 to 1000"),
        ("C4H_WORKERS", "-1", "from 0 to 64"),
        ("C4H_MIGRATE_ON_START", "maybe", "is not true or false"),
        ("C4H_OPERATOR_NAME", " ", "is empty"),
    ] {
        let error = settings(&[(name, value)]).unwrap_err();
        assert!(error.contains(name) && error.contains(expected), "{name}={value}: {error}");
        assert!(!error.contains('\n'));
    }
}

#[test]
fn an_unknown_variable_is_refused_and_test_variables_are_ignored() {
    let error = settings(&[("C4H_LISTN", "127.0.0.1:1")]).unwrap_err();
    assert!(error.starts_with("environment variable C4H_LISTN is not a known setting"), "{error}");
    assert!(settings(&[("C4H_TEST_POSTGRES_URL", "x"), ("PATH", "/bin")]).is_ok());
}

#[test]
fn a_file_with_an_unknown_key_or_bad_syntax_is_refused() {
    let folder = tempfile::tempdir().unwrap();
    let file = folder.path().join("c4h.toml");
    std::fs::write(&file, "lisen = \"x\"\n").unwrap();
    let error = RawSettings::gather(Some(&file), [], &[]).unwrap_err().to_string();
    assert!(error.ends_with("lisen is not a known setting"), "{error}");
    std::fs::write(&file, "listen = \n").unwrap();
    assert!(RawSettings::gather(Some(&file), [], &[]).is_err());
    let missing = folder.path().join("missing.toml");
    assert!(RawSettings::gather(Some(&missing), [], &[]).is_err());
}

#[test]
fn https_public_urls_turn_on_tls_behaviour_and_passwords_never_print() {
    let settings = settings(&[
        ("C4H_PUBLIC_URL", "https://help.example.org/"),
        ("C4H_DATABASE_URL", "postgres://c4h:s3cret@db.example/c4h"),
    ])
    .unwrap();
    assert_eq!(settings.public_url, "https://help.example.org");
    assert!(settings.served_over_tls());
    assert!(!format!("{settings:?}").contains("s3cret"));
}

#[test]
fn the_configuration_reference_lists_every_setting() {
    let reference = include_str!("../../../../docs/configuration.md");
    for spec in SETTINGS {
        for name in [spec.key, spec.env, spec.flag] {
            assert!(
                reference.contains(&format!("`{name}`")),
                "docs/configuration.md lacks `{name}`"
            );
        }
        if let Some(default) = spec.default {
            assert!(
                reference.contains(&format!("`{default}`")),
                "docs/configuration.md lacks the default of {}",
                spec.key
            );
        }
    }
}
