//! TOTP (RFC 6238): SHA-1, six digits, 30-second steps, one step of clock skew either way, as
//! every authenticator app expects. Enrolment shows the secret as a QR code rendered here, as SVG,
//! and as base32 text for typing in.

use data_encoding::BASE32_NOPAD;
use qrcode::QrCode;
use qrcode::render::svg;
use time::OffsetDateTime;
use totp_rs::{Builder, Secret, Totp};

fn totp(secret: &[u8], issuer: &str, account: &str) -> Option<Totp> {
    Builder::new()
        .with_secret(Secret::new(secret.to_vec().into_boxed_slice()))
        .with_issuer(Some(issuer))
        .with_account_name(account)
        .build()
        .ok()
}

/// The secret as stored and as typed into an app.
pub fn encode_secret(secret: &[u8]) -> String {
    BASE32_NOPAD.encode(secret)
}

pub fn decode_secret(encoded: &str) -> Option<Vec<u8>> {
    BASE32_NOPAD.decode(encoded.as_bytes()).ok()
}

/// The time step of `code` if it is valid at `now` (within one step either way), compared in
/// constant time. The caller must still make the step single-use.
pub fn matching_step(secret: &[u8], code: &str, now: OffsetDateTime) -> Option<i64> {
    let code: String = code.chars().filter(|c| !c.is_whitespace()).collect();
    if code.len() != 6 || !code.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let seconds = u64::try_from(now.unix_timestamp()).ok()?;
    totp(secret, "c4h", "check")?.check(&code, seconds).and_then(|step| i64::try_from(step).ok())
}

/// The code an authenticator shows at `now` (for tests and the demo).
pub fn code_at(secret: &[u8], now: OffsetDateTime) -> String {
    let seconds = u64::try_from(now.unix_timestamp()).unwrap_or(0);
    totp(secret, "c4h", "check").map(|t| t.generate(seconds).to_string()).unwrap_or_default()
}

/// The `otpauth://` address apps read from the QR code.
pub fn provisioning_url(secret: &[u8], issuer: &str, account: &str) -> Option<String> {
    totp(secret, issuer, account)?.to_url().ok()
}

/// The provisioning address as an SVG QR code, with a text alternative for screen readers.
pub fn qr_svg(url: &str, label: &str) -> Option<String> {
    let code = QrCode::new(url.as_bytes()).ok()?;
    let image = code
        .render::<svg::Color<'_>>()
        .min_dimensions(200, 200)
        .dark_color(svg::Color("#000000"))
        .light_color(svg::Color("#ffffff"))
        .build();
    // The renderer writes an XML declaration and a bare <svg>; inline it with a role and a label.
    let start = image.find("<svg")?;
    let label = label.replace(['"', '<', '>', '&'], "");
    Some(image[start..].replacen("<svg", &format!("<svg role=\"img\" aria-label=\"{label}\""), 1))
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::datetime;

    // RFC 6238, appendix B: the SHA-1 test secret and the code for 59 s after the epoch
    // (94287082 truncated to six digits).
    const RFC_SECRET: &[u8] = b"12345678901234567890";

    #[test]
    fn codes_match_the_rfc_test_vector() {
        let at = OffsetDateTime::from_unix_timestamp(59).unwrap();
        assert_eq!(code_at(RFC_SECRET, at), "287082");
        assert_eq!(matching_step(RFC_SECRET, "287082", at), Some(1));
        assert_eq!(matching_step(RFC_SECRET, "287 082", at), Some(1));
    }

    #[test]
    fn a_code_is_accepted_one_step_either_side_and_refused_beyond() {
        let now = datetime!(2026-11-29 12:00:15 UTC);
        let code = code_at(RFC_SECRET, now);
        let step = matching_step(RFC_SECRET, &code, now).unwrap();
        assert_eq!(matching_step(RFC_SECRET, &code, now + time::Duration::seconds(30)), Some(step));
        assert_eq!(matching_step(RFC_SECRET, &code, now - time::Duration::seconds(30)), Some(step));
        assert_eq!(matching_step(RFC_SECRET, &code, now + time::Duration::seconds(60)), None);
        assert_eq!(matching_step(RFC_SECRET, &code, now - time::Duration::seconds(60)), None);
        assert_eq!(matching_step(RFC_SECRET, "12345", now), None);
        assert_eq!(matching_step(RFC_SECRET, "abcdef", now), None);
    }

    #[test]
    fn the_qr_code_is_an_inline_svg_with_a_label() {
        let url =
            provisioning_url(&[7; 20], "Cyber 4 Healthcare", "desk@operator.example").unwrap();
        assert!(url.starts_with("otpauth://totp/"));
        let svg = qr_svg(&url, "QR code").unwrap();
        assert!(svg.starts_with("<svg role=\"img\" aria-label=\"QR code\""));
        assert!(svg.ends_with("</svg>") || svg.trim_end().ends_with("</svg>"));
    }

    #[test]
    fn secrets_round_trip_through_base32() {
        let secret = crate::auth::secrets::new_totp_secret();
        assert_eq!(decode_secret(&encode_secret(&secret)).unwrap(), secret);
    }
}
