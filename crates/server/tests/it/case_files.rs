//! Files on a case over HTTP, on both backends: the requester's file reaches the provider byte for
//! byte, sealed on disk, served only as an attachment; hostile names, hostile types, a file over
//! the limit and one file too many are each refused or cleaned with a message a person
//! understands, and nothing is written outside the store; a party that may not read a file, or
//! is no party at all, gets 404.

use reqwest::StatusCode;

use crate::client::{Part, Visitor};
use crate::support::{Options, TestApp, http_tests};
use crate::world;

const WORLD: Options = Options { demo: false, fake_clock: true, manual_offers: false };

fn id(placeholder: &str) -> String {
    world::placeholders().into_iter().find(|(k, _)| *k == placeholder).unwrap().1
}

/// The download links of `page`'s files, with the names shown, in the page's order.
fn files_on(page: &str) -> Vec<(String, String)> {
    page.split("<a href=\"")
        .skip(1)
        .filter_map(|rest| {
            let (href, rest) = rest.split_once('"')?;
            if !href.contains("/files/") {
                return None;
            }
            let name = rest.split_once('>')?.1.split_once("</a>")?.0;
            Some((href.to_owned(), name.to_owned()))
        })
        .collect()
}

async fn upload(visitor: &Visitor, page: &str, name: &[u8], kind: &str, body: &[u8]) -> String {
    let posted = visitor.upload(&format!("{page}/files"), &[Part::file(name, kind, body)]).await;
    assert_eq!(posted.location(), format!("{page}?done=file"), "{name:?}: {}", posted.body);
    let shown = visitor.get(&format!("{page}?done=file")).await;
    assert!(shown.body.contains("The file is added."));
    files_on(&shown.body).last().unwrap().0.clone()
}

/// Every file under `dir` whose name contains `needle` (the store writes no files at all).
fn files_named(dir: &std::path::Path, needle: &str, found: &mut Vec<std::path::PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else { return };
    for entry in entries.flatten() {
        let path = entry.path();
        if path.file_name().is_some_and(|n| n.to_string_lossy().contains(needle)) {
            found.push(path.clone());
        }
        if entry.file_type().is_ok_and(|t| t.is_dir()) && !path.ends_with("target") {
            files_named(&path, needle, found);
        }
    }
}

async fn the_requesters_file_reaches_the_provider_byte_for_byte_as_an_attachment(app: TestApp) {
    world::create(&app.store).await;
    let case = world::request("c");
    let p1 = id("{p1}");
    let requester = world::sign_in(&app, "requester_a").await;
    let own = format!("/requests/{case}");
    // A sample as evidence: binary, with a marker that must never sit on disk in clear.
    let mut sample = b"MZ\x90\x00\x03 c4h-marker-in-clear-9c1e ".to_vec();
    sample.extend((0..=255u8).cycle().take(70_000));
    let href = upload(&requester, &own, b"sample.exe", "application/x-msdownload", &sample).await;
    let sha = {
        use sha2::Digest;
        hex::encode(sha2::Sha256::digest(&sample))
    };
    assert!(requester.get(&own).await.body.contains(&sha), "the SHA-256 is shown");

    let engineer = world::sign_in(&app, "provider_p1").await;
    let case_page = format!("/providers/{p1}/cases/{case}");
    let listed = files_on(&engineer.get(&case_page).await.body);
    assert_eq!(listed.len(), 1);
    let (status, headers, bytes) = engineer.download(&listed[0].0).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(bytes, sample, "byte-identical");
    let header = |name: &str| headers.get(name).and_then(|v| v.to_str().ok()).unwrap_or("");
    assert_eq!(header("content-type"), "application/octet-stream");
    assert!(header("content-disposition").starts_with("attachment; filename=\"sample.exe\""));
    assert_eq!(header("x-content-type-options"), "nosniff");
    assert!(header("content-security-policy").starts_with("sandbox"));
    assert!(header("repr-digest").starts_with("sha-256=:"));
    // The coordinators read it too; the requester's own link works for the requester.
    let coordinator = world::sign_in(&app, "coordinator").await;
    let file = format!("/coordination/requests/{case}");
    let (status, _, bytes) =
        coordinator.download(&files_on(&coordinator.get(&file).await.body)[0].0).await;
    assert_eq!((status, bytes.len()), (StatusCode::OK, sample.len()));
    assert_eq!(requester.download(&href).await.0, StatusCode::OK);

    // Sealed at rest: the marker is in no file of the SQLite database.
    if let c4h_storage::DatabaseUrl::Sqlite { path } = &app.state.settings.database_url {
        for suffix in ["", "-wal"] {
            let mut name = path.as_os_str().to_owned();
            name.push(suffix);
            if let Ok(raw) = std::fs::read(&name) {
                let marker = b"c4h-marker-in-clear-9c1e";
                assert!(!raw.windows(marker.len()).any(|w| w == marker), "{name:?} holds it");
            }
        }
    }

    // Nobody else: another provider, another organisation, a wrong file id, a wrong case.
    let other_provider = world::sign_in(&app, "provider_p2_admin").await;
    let p2 = id("{p2}");
    let foreign = listed[0].0.replace(&p1, &p2);
    assert_eq!(other_provider.download(&foreign).await.0, StatusCode::NOT_FOUND);
    assert_eq!(other_provider.download(&listed[0].0).await.0, StatusCode::NOT_FOUND);
    let other_requester = world::sign_in(&app, "requester_b").await;
    assert_eq!(other_requester.download(&href).await.0, StatusCode::NOT_FOUND);
    let other_case = href.replace(&case.to_string(), &world::request("d").to_string());
    assert_eq!(requester.download(&other_case).await.0, StatusCode::NOT_FOUND);
    let unknown = format!("{own}/files/{}", uuid::Uuid::new_v4());
    assert_eq!(requester.download(&unknown).await.0, StatusCode::NOT_FOUND);
    let refused = other_requester
        .upload(&format!("{own}/files"), &[Part::file(b"x.txt", "text/plain", b"x")])
        .await;
    assert_eq!(refused.status, StatusCode::NOT_FOUND);
}

async fn a_file_for_coordinators_is_not_shown_nor_served_to_the_others(app: TestApp) {
    world::create(&app.store).await;
    let case = world::request("c");
    let p1 = id("{p1}");
    let coordinator = world::sign_in(&app, "coordinator").await;
    let file = format!("/coordination/requests/{case}");
    for (name, visibility) in [
        ("for-coordinators.txt", "coordinators"),
        ("for-provider.txt", "coordinators_and_provider"),
    ] {
        let parts = [
            Part::field("visibility", visibility),
            Part::field("tlp", "red"),
            Part::file(name.as_bytes(), "text/plain", b"internal notes"),
        ];
        let posted = coordinator.upload(&format!("{file}/files"), &parts).await;
        assert_eq!(posted.location(), format!("{file}?done=file"), "{}", posted.body);
    }
    let links = files_on(&coordinator.get(&file).await.body);
    assert_eq!(links.len(), 2);
    let (internal, for_provider) = (&links[0].0, &links[1].0);

    let engineer = world::sign_in(&app, "provider_p1").await;
    let case_page = format!("/providers/{p1}/cases/{case}");
    let names: Vec<String> =
        files_on(&engineer.get(&case_page).await.body).into_iter().map(|f| f.1).collect();
    assert_eq!(names, ["for-provider.txt"]);
    let as_provider = internal.replace(&format!("/coordination/requests/{case}"), &case_page);
    assert_eq!(engineer.download(&as_provider).await.0, StatusCode::NOT_FOUND);
    let provider_link = for_provider.replace(&format!("/coordination/requests/{case}"), &case_page);
    assert_eq!(engineer.download(&provider_link).await.0, StatusCode::OK);

    let requester = world::sign_in(&app, "requester_a").await;
    let own = format!("/requests/{case}");
    assert!(files_on(&requester.get(&own).await.body).is_empty());
    for link in [internal, for_provider] {
        let as_requester = link.replace(&format!("/coordination/requests/{case}"), &own);
        assert_eq!(requester.download(&as_requester).await.0, StatusCode::NOT_FOUND);
    }
    // A requester cannot choose a narrower visibility, nor the provider "coordinators only".
    let parts =
        [Part::field("visibility", "coordinators"), Part::file(b"x.txt", "text/plain", b"x")];
    let refused = requester.upload(&format!("{own}/files"), &parts).await;
    assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(refused.body.contains("You can only post where you can read."));
    let refused = engineer.upload(&format!("{case_page}/files"), &parts).await;
    assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY);
}

async fn hostile_names_and_types_are_kept_harmless(app: TestApp) {
    world::create(&app.store).await;
    let case = world::request("c");
    let requester = world::sign_in(&app, "requester_a").await;
    let own = format!("/requests/{case}");
    // A name is shown cleaned, or, when the form's part cannot be read as sent (a NUL in a
    // header), the upload is refused with a message, and nothing is kept.
    let cases: [(&[u8], Option<&str>); 6] = [
        (b"../../../../etc/c4h-traversal-probe", Some("c4h-traversal-probe")),
        (b"..\\..\\c4h-backslash-probe.txt", Some("c4h-backslash-probe.txt")),
        (b"c4h-nul\0probe.txt", None),
        (b"say \\\"hi\\\".txt", Some("say hi.txt")),
        ("invoice\u{202E}fdp.exe".as_bytes(), Some("invoicefdp.exe")),
        ("résumé.pdf".as_bytes(), Some("résumé.pdf")),
    ];
    for (raw, shown) in cases {
        let Some(shown) = shown else {
            let part = Part::file(raw, "application/octet-stream", b"evidence");
            let refused = requester.upload(&format!("{own}/files"), &[part]).await;
            assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY, "{raw:?}");
            assert!(refused.body.contains("could not be read"), "{}", refused.body);
            continue;
        };
        let href = upload(&requester, &own, raw, "application/octet-stream", b"evidence").await;
        let names: Vec<String> =
            files_on(&requester.get(&own).await.body).into_iter().map(|f| f.1).collect();
        assert_eq!(names.last().map(String::as_str), Some(&*html_escape(shown)), "{raw:?}");
        let (_, headers, _) = requester.download(&href).await;
        let disposition = headers["content-disposition"].to_str().unwrap();
        assert!(disposition.starts_with("attachment; filename=\""), "{disposition}");
        assert_eq!(disposition.matches('"').count(), 2, "{disposition}");
    }
    // CR/LF in a name cannot add a header, to the form or to the download.
    let injected = requester
        .upload(
            &format!("{own}/files"),
            &[Part::file(b"a.txt\r\nX-Injected: 1", "text/plain", b"x")],
        )
        .await;
    if injected.status == StatusCode::SEE_OTHER {
        for (href, name) in files_on(&requester.get(&own).await.body) {
            assert!(!name.contains('\r') && !name.contains('\n'));
            assert!(requester.download(&href).await.1.get("x-injected").is_none());
        }
    } else {
        // The line break ends the part's name: the form has no file, and says so.
        assert_eq!(injected.status, StatusCode::UNPROCESSABLE_ENTITY);
        let said = ["could not be read", "Choose a file to add."];
        assert!(said.iter().any(|s| injected.body.contains(s)), "{}", injected.body);
    }
    // HTML and SVG that would run script if shown: served as opaque bytes, sandboxed.
    for (name, kind, body) in [
        (&b"page.html"[..], "text/html", &b"<script>alert(document.cookie)</script>"[..]),
        (
            b"image.svg",
            "image/svg+xml",
            b"<svg xmlns='http://www.w3.org/2000/svg'><script>alert(1)</script></svg>",
        ),
    ] {
        let href = upload(&requester, &own, name, kind, body).await;
        let (status, headers, bytes) = requester.download(&href).await;
        assert_eq!((status, bytes.as_slice()), (StatusCode::OK, body));
        assert_eq!(headers["content-type"], "application/octet-stream");
        assert!(headers["content-disposition"].to_str().unwrap().starts_with("attachment"));
        assert!(headers["content-security-policy"].to_str().unwrap().starts_with("sandbox"));
        assert_eq!(headers["x-content-type-options"], "nosniff");
    }
    // No name became a path: nothing with the probes' names exists on this machine's disk
    // where the service or the tests run.
    let mut found = Vec::new();
    for dir in [std::env::temp_dir(), std::env::current_dir().unwrap(), "/etc".into()] {
        for probe in ["c4h-traversal-probe", "c4h-backslash-probe", "c4h-nul"] {
            files_named(&dir, probe, &mut found);
        }
    }
    assert!(found.is_empty(), "{found:?}");
}

fn html_escape(text: &str) -> String {
    text.replace('&', "&amp;").replace('"', "&#34;").replace('<', "&lt;").replace('>', "&gt;")
}

async fn a_file_over_the_limit_and_the_twenty_first_file_are_refused_in_words(app: TestApp) {
    world::create(&app.store).await;
    let case = world::request("c");
    let requester = world::sign_in(&app, "requester_a").await;
    let own = format!("/requests/{case}");
    let limit = app.state.settings.uploads.max_bytes as usize;
    assert_eq!(limit, 25 * 1024 * 1024, "the default");
    let too_big = vec![b'x'; limit + 1];
    let refused = requester
        .upload(
            &format!("{own}/files"),
            &[Part::file(b"disk.img", "application/octet-stream", &too_big)],
        )
        .await;
    assert_eq!(refused.status, StatusCode::PAYLOAD_TOO_LARGE);
    assert!(refused.body.contains("This file is larger than 25 MB"), "{}", refused.body);
    let empty = requester
        .upload(&format!("{own}/files"), &[Part::file(b"", "application/octet-stream", b"")])
        .await;
    assert_eq!(empty.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(empty.body.contains("Choose a file to add."));
    let zero = requester
        .upload(&format!("{own}/files"), &[Part::file(b"zero.log", "text/plain", b"")])
        .await;
    assert!(zero.body.contains("This file is empty."));
    // Exactly the limit is accepted.
    upload(&requester, &own, b"exactly.img", "application/octet-stream", &vec![b'y'; limit]).await;
    for n in 2..=20 {
        upload(&requester, &own, format!("log-{n}.txt").as_bytes(), "text/plain", b"line").await;
    }
    let refused = requester
        .upload(&format!("{own}/files"), &[Part::file(b"log-21.txt", "text/plain", b"line")])
        .await;
    assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        refused.body.contains("This case has 20 files, the most it may hold."),
        "{}",
        refused.body
    );
    assert_eq!(files_on(&requester.get(&own).await.body).len(), 20);
    // A form without the token as its first part is refused before anything is read.
    let forged = requester
        .send(
            requester
                .client()
                .post(requester.url(&format!("{own}/files")))
                .multipart(reqwest::multipart::Form::new().text("visibility", "all_parties")),
        )
        .await;
    assert_eq!(forged.status, StatusCode::FORBIDDEN);
}

http_tests!(super::WORLD;
    the_requesters_file_reaches_the_provider_byte_for_byte_as_an_attachment,
    a_file_for_coordinators_is_not_shown_nor_served_to_the_others,
    hostile_names_and_types_are_kept_harmless,
    a_file_over_the_limit_and_the_twenty_first_file_are_refused_in_words,
);
