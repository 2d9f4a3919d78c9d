//! Operators' metrics, on both backends: served on their own address and not on the public
//! one, counting requests by route pattern (never by the path typed), with the database's
//! queue depths and pool.

use reqwest::StatusCode;

use crate::support::{Options, TestApp, http_tests};

const PLAIN: Options = Options { demo: false, fake_clock: false, manual_offers: false };

async fn scrape(app: &TestApp) -> String {
    let response = app.http.get(&app.metrics).send().await.unwrap();
    assert_eq!(response.status(), StatusCode::OK);
    let kind = response.headers()["content-type"].to_str().unwrap().to_owned();
    assert!(kind.starts_with("application/openmetrics-text"), "{kind}");
    response.text().await.unwrap()
}

async fn requests_are_counted_by_route_and_the_queues_are_read(app: TestApp) {
    let visitor = app.visitor();
    assert_eq!(visitor.status_of("/").await, StatusCode::OK);
    assert_eq!(visitor.status_of("/").await, StatusCode::OK);
    let unknown = "/catalogue/00000000-0000-7000-8000-00000000abcd";
    assert_eq!(visitor.status_of(unknown).await, StatusCode::NOT_FOUND);
    assert_eq!(visitor.status_of("/no-such-page-7f3a").await, StatusCode::NOT_FOUND);

    let text = scrape(&app).await;
    for line in [
        r#"c4h_http_requests_total{method="GET",route="/",status="200"} 2"#,
        r#"c4h_http_requests_total{method="GET",route="/catalogue/{id}",status="404"} 1"#,
        r#"c4h_http_requests_total{method="GET",route="unmatched",status="404"} 1"#,
        r#"c4h_http_request_duration_seconds_count{method="GET",route="/"} 2"#,
        // The server enqueues its three daily jobs when it starts; tests run jobs themselves.
        r#"c4h_jobs{state="queued"} 3"#,
        r#"c4h_jobs{state="failed"} 0"#,
        "c4h_offers_pending 0",
        "c4h_requests_awaiting_triage 0",
        "c4h_database_up 1",
        "c4h_db_pool_max_connections 10",
    ] {
        assert!(text.lines().any(|l| l == line), "{line:?} is not in\n{text}");
    }
    assert!(!text.contains("abcd") && !text.contains("7f3a"), "no label carries a typed path");
    assert!(text.trim_end().ends_with("# EOF"));
}

async fn the_public_address_does_not_serve_them(app: TestApp) {
    let visitor = app.visitor();
    assert_eq!(visitor.status_of("/metrics").await, StatusCode::NOT_FOUND);
    let text = scrape(&app).await;
    assert!(text.contains(r#"route="unmatched",status="404"} 1"#), "the miss is counted: {text}");
}

http_tests!(super::PLAIN;
    requests_are_counted_by_route_and_the_queues_are_read,
    the_public_address_does_not_serve_them,
);
