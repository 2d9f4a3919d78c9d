//! A small HTTP client for tests that keeps cookies like a browser (including the `__Host-`
//! Secure ones, which browsers accept from loopback) and adds the CSRF token to forms.

use std::collections::BTreeMap;
use std::sync::Mutex;

use reqwest::StatusCode;
use reqwest::header::{HeaderMap, SET_COOKIE};

/// A response, read whole.
#[derive(Debug)]
pub struct Page {
    pub status: StatusCode,
    pub headers: HeaderMap,
    pub body: String,
}

impl Page {
    pub fn location(&self) -> &str {
        self.headers.get("location").and_then(|v| v.to_str().ok()).unwrap_or("")
    }
}

/// One part of a multipart form, written as given.
pub struct Part<'a> {
    pub name: &'a str,
    /// Raw bytes: quotes, NUL, CR/LF and direction overrides go through unescaped.
    pub file_name: Option<&'a [u8]>,
    pub content_type: Option<&'a str>,
    pub body: &'a [u8],
}

impl<'a> Part<'a> {
    pub fn field(name: &'a str, value: &'a str) -> Self {
        Self { name, file_name: None, content_type: None, body: value.as_bytes() }
    }

    pub fn file(file_name: &'a [u8], content_type: &'a str, body: &'a [u8]) -> Self {
        Self { name: "file", file_name: Some(file_name), content_type: Some(content_type), body }
    }
}

/// One visitor: a cookie jar and the base address of the server.
pub struct Visitor {
    base: String,
    http: reqwest::Client,
    cookies: Mutex<BTreeMap<String, String>>,
}

impl Visitor {
    pub fn new(base: &str) -> Self {
        let http =
            reqwest::Client::builder().redirect(reqwest::redirect::Policy::none()).build().unwrap();
        Self { base: base.to_owned(), http, cookies: Mutex::new(BTreeMap::new()) }
    }

    pub fn cookie(&self, name: &str) -> Option<String> {
        self.cookies.lock().unwrap().get(name).cloned()
    }

    pub fn set_cookie(&self, name: &str, value: &str) {
        self.cookies.lock().unwrap().insert(name.to_owned(), value.to_owned());
    }

    fn cookie_header(&self) -> String {
        self.cookies
            .lock()
            .unwrap()
            .iter()
            .map(|(k, v)| format!("{k}={v}"))
            .collect::<Vec<_>>()
            .join("; ")
    }

    async fn read(&self, response: reqwest::Response) -> Page {
        for value in response.headers().get_all(SET_COOKIE) {
            let text = value.to_str().unwrap();
            let pair = text.split(';').next().unwrap();
            let (name, value) = pair.split_once('=').unwrap();
            let expired = text.contains("Max-Age=0");
            let mut jar = self.cookies.lock().unwrap();
            if expired || value.is_empty() {
                jar.remove(name);
            } else {
                jar.insert(name.to_owned(), value.to_owned());
            }
        }
        let (status, headers) = (response.status(), response.headers().clone());
        Page { status, headers, body: response.text().await.unwrap() }
    }

    /// A GET with this visitor's cookies, the response unread.
    async fn get_response(&self, path: &str) -> reqwest::Response {
        let request = self.http.get(format!("{}{path}", self.base));
        request.header("cookie", self.cookie_header()).send().await.unwrap()
    }

    pub async fn get(&self, path: &str) -> Page {
        let response = self.get_response(path).await;
        self.read(response).await
    }

    /// The status of a GET, without reading the body (an event stream never ends).
    pub async fn status_of(&self, path: &str) -> StatusCode {
        self.get_response(path).await.status()
    }

    /// Posts a form with the CSRF token, fetching a page first if there is no token yet.
    pub async fn post(&self, path: &str, fields: &[(&str, &str)]) -> Page {
        if self.cookie("__Host-c4h_csrf").is_none() {
            self.get("/").await;
        }
        let token = self.cookie("__Host-c4h_csrf").unwrap();
        let mut all: Vec<(&str, &str)> = fields.to_vec();
        all.push(("csrf", &token));
        self.post_raw(path, &all).await
    }

    /// Posts a form exactly as given (no CSRF token added).
    pub async fn post_raw(&self, path: &str, fields: &[(&str, &str)]) -> Page {
        let response = self
            .http
            .post(format!("{}{path}", self.base))
            .header("cookie", self.cookie_header())
            .form(fields)
            .send()
            .await
            .unwrap();
        self.read(response).await
    }

    /// Sends JSON with the CSRF token in its header, as API clients with a session do.
    pub async fn json(
        &self,
        method: reqwest::Method,
        path: &str,
        body: &serde_json::Value,
    ) -> Page {
        if self.cookie("__Host-c4h_csrf").is_none() {
            self.get("/").await;
        }
        let token = self.cookie("__Host-c4h_csrf").unwrap();
        let request = self
            .http
            .request(method, format!("{}{path}", self.base))
            .header("x-csrf-token", token)
            .header("content-type", "application/json")
            .body(body.to_string());
        self.send(request).await
    }

    /// A request built by the caller, sent with this visitor's cookies.
    pub async fn send(&self, request: reqwest::RequestBuilder) -> Page {
        let response = request.header("cookie", self.cookie_header()).send().await.unwrap();
        self.read(response).await
    }

    /// Posts a multipart form, the CSRF token as its first part (as the pages put it), then
    /// `parts` byte for byte: a test can send what a hostile client would.
    pub async fn upload(&self, path: &str, parts: &[Part<'_>]) -> Page {
        if self.cookie("__Host-c4h_csrf").is_none() {
            self.get("/").await;
        }
        let token = self.cookie("__Host-c4h_csrf").unwrap();
        let boundary = "c4h-test-boundary-5f2d9a";
        let mut body = Vec::new();
        let csrf =
            Part { name: "csrf", file_name: None, content_type: None, body: token.as_bytes() };
        for part in std::iter::once(&csrf).chain(parts) {
            body.extend_from_slice(format!("--{boundary}\r\n").as_bytes());
            body.extend_from_slice(b"Content-Disposition: form-data; name=\"");
            body.extend_from_slice(part.name.as_bytes());
            body.extend_from_slice(b"\"");
            if let Some(name) = part.file_name {
                body.extend_from_slice(b"; filename=\"");
                body.extend_from_slice(name);
                body.extend_from_slice(b"\"");
            }
            body.extend_from_slice(b"\r\n");
            if let Some(kind) = part.content_type {
                body.extend_from_slice(format!("Content-Type: {kind}\r\n").as_bytes());
            }
            body.extend_from_slice(b"\r\n");
            body.extend_from_slice(part.body);
            body.extend_from_slice(b"\r\n");
        }
        body.extend_from_slice(format!("--{boundary}--\r\n").as_bytes());
        let request = self
            .http
            .post(format!("{}{path}", self.base))
            .header("content-type", format!("multipart/form-data; boundary={boundary}"))
            .body(body);
        self.send(request).await
    }

    /// Downloads `path` as bytes, with the response's status and headers.
    pub async fn download(&self, path: &str) -> (StatusCode, HeaderMap, Vec<u8>) {
        let response = self.get_response(path).await;
        let (status, headers) = (response.status(), response.headers().clone());
        (status, headers, response.bytes().await.unwrap().to_vec())
    }

    pub fn client(&self) -> &reqwest::Client {
        &self.http
    }

    pub fn url(&self, path: &str) -> String {
        format!("{}{path}", self.base)
    }
}
