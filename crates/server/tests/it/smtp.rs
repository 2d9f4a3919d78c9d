//! A real SMTP receiver on loopback for the tests: it speaks enough of RFC 5321 for lettre
//! (EHLO/HELO, MAIL, RCPT, DATA, RSET, NOOP, QUIT), keeps every message, and decodes bodies so
//! that tests can read them. Mail is sent by the job workers, which the tests run themselves;
//! once `run_jobs` returns, every message it sent is here.

use std::sync::{Arc, Mutex};

use data_encoding::BASE64;
use tokio::io::{AsyncBufReadExt, AsyncWriteExt, BufReader};
use tokio::net::TcpListener;

/// One message as received.
#[derive(Debug, Clone)]
pub struct Mail {
    pub to: Vec<String>,
    pub raw: String,
}

impl Mail {
    fn header(&self, name: &str) -> Option<String> {
        let head = self.raw.split("\r\n\r\n").next().unwrap_or_default();
        let unfolded = head.replace("\r\n ", " ").replace("\r\n\t", " ");
        unfolded.lines().find_map(|line| {
            let (key, value) = line.split_once(':')?;
            key.eq_ignore_ascii_case(name).then(|| value.trim().to_owned())
        })
    }

    /// The subject, with RFC 2047 encoded words decoded (adjacent ones joined, as the RFC says).
    pub fn subject(&self) -> String {
        let raw = self.header("subject").unwrap_or_default();
        let mut text = String::new();
        let mut pending: Vec<u8> = Vec::new();
        for word in raw.split_whitespace() {
            let encoded = word
                .strip_prefix("=?utf-8?b?")
                .or_else(|| word.strip_prefix("=?UTF-8?B?"))
                .and_then(|w| w.strip_suffix("?="));
            match encoded {
                Some(encoded) => {
                    pending.extend(BASE64.decode(encoded.as_bytes()).unwrap_or_default())
                }
                None => {
                    if !pending.is_empty() {
                        text.push_str(&String::from_utf8_lossy(&std::mem::take(&mut pending)));
                        text.push(' ');
                    }
                    text.push_str(word);
                    text.push(' ');
                }
            }
        }
        text.push_str(&String::from_utf8_lossy(&pending));
        text.trim().to_owned()
    }

    /// The body, decoded from its transfer encoding.
    pub fn body(&self) -> String {
        let body = self.raw.split_once("\r\n\r\n").map(|(_, body)| body).unwrap_or_default();
        match self
            .header("content-transfer-encoding")
            .unwrap_or_default()
            .to_ascii_lowercase()
            .as_str()
        {
            "base64" => {
                let compact: String = body.chars().filter(|c| !c.is_whitespace()).collect();
                String::from_utf8(BASE64.decode(compact.as_bytes()).unwrap_or_default())
                    .unwrap_or_default()
            }
            "quoted-printable" => decode_quoted_printable(body),
            _ => body.to_owned(),
        }
    }

    /// The first link in the body that starts with `prefix`.
    pub fn link(&self, prefix: &str) -> Option<String> {
        let body = self.body();
        let start = body.find(prefix)?;
        Some(body[start..].split_whitespace().next()?.to_owned())
    }
}

fn decode_quoted_printable(text: &str) -> String {
    let joined = text.replace("=\r\n", "");
    let bytes = joined.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let escaped = (bytes[i] == b'=' && i + 2 < bytes.len())
            .then(|| {
                u8::from_str_radix(std::str::from_utf8(&bytes[i + 1..i + 3]).unwrap_or("zz"), 16)
                    .ok()
            })
            .flatten();
        if let Some(byte) = escaped {
            out.push(byte);
            i += 3;
            continue;
        }
        out.push(bytes[i]);
        i += 1;
    }
    String::from_utf8_lossy(&out).replace("\r\n", "\n")
}

/// The receiver and what it has received.
#[derive(Clone)]
pub struct MailSink {
    pub port: u16,
    received: Arc<Mutex<Vec<Mail>>>,
    /// While set, every connection is refused with 421 (the mail server is down).
    down: Arc<std::sync::atomic::AtomicBool>,
}

impl MailSink {
    pub async fn start() -> Self {
        let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
        let port = listener.local_addr().unwrap().port();
        let received = Arc::new(Mutex::new(Vec::new()));
        let down = Arc::new(std::sync::atomic::AtomicBool::new(false));
        let (store, refusing) = (received.clone(), down.clone());
        tokio::spawn(async move {
            while let Ok((mut socket, _)) = listener.accept().await {
                if refusing.load(std::sync::atomic::Ordering::SeqCst) {
                    drop(socket.write_all(b"421 c4h-test is down\r\n").await);
                    continue;
                }
                let store = store.clone();
                tokio::spawn(async move { drop(serve(socket, store).await) });
            }
        });
        Self { port, received, down }
    }

    /// Takes the mail server down (`true`) or brings it back.
    pub fn set_down(&self, down: bool) {
        self.down.store(down, std::sync::atomic::Ordering::SeqCst);
    }

    pub fn url(&self) -> String {
        format!("smtp://127.0.0.1:{}", self.port)
    }

    pub fn all(&self) -> Vec<Mail> {
        self.received.lock().unwrap().clone()
    }

    /// The messages sent to `address`, oldest first.
    pub fn to(&self, address: &str) -> Vec<Mail> {
        self.all()
            .into_iter()
            .filter(|mail| mail.to.iter().any(|to| to.eq_ignore_ascii_case(address)))
            .collect()
    }

    /// The newest message to `address`; panics when there is none.
    pub fn last_to(&self, address: &str) -> Mail {
        self.to(address).pop().unwrap_or_else(|| {
            panic!(
                "no e-mail to {address}; received: {:?}",
                self.all().iter().map(|m| (&m.to, m.subject())).collect::<Vec<_>>()
            )
        })
    }
}

async fn serve(socket: tokio::net::TcpStream, store: Arc<Mutex<Vec<Mail>>>) -> std::io::Result<()> {
    let (read, mut write) = socket.into_split();
    let mut lines = BufReader::new(read).lines();
    write.write_all(b"220 c4h-test ESMTP\r\n").await?;
    let mut to = Vec::new();
    while let Some(line) = lines.next_line().await? {
        let command = line.get(..4).unwrap_or(&line).to_ascii_uppercase();
        let reply: &[u8] = match command.as_str() {
            "EHLO" | "HELO" => b"250 c4h-test\r\n",
            "MAIL" => {
                to.clear();
                b"250 OK\r\n"
            }
            "RCPT" => {
                let address = line.split(['<', '>']).nth(1).unwrap_or_default().to_owned();
                to.push(address);
                b"250 OK\r\n"
            }
            "DATA" => {
                write.write_all(b"354 End data with <CR><LF>.<CR><LF>\r\n").await?;
                let mut raw = String::new();
                while let Some(data) = lines.next_line().await? {
                    if data == "." {
                        break;
                    }
                    raw.push_str(
                        data.strip_prefix('.').filter(|_| data.starts_with("..")).unwrap_or(&data),
                    );
                    raw.push_str("\r\n");
                }
                store.lock().unwrap().push(Mail { to: std::mem::take(&mut to), raw });
                b"250 OK: queued\r\n"
            }
            "RSET" | "NOOP" => b"250 OK\r\n",
            "QUIT" => {
                write.write_all(b"221 Bye\r\n").await?;
                return Ok(());
            }
            _ => b"502 Command not implemented\r\n",
        };
        write.write_all(reply).await?;
    }
    Ok(())
}
