//! The operator's commands on a running service's data: walking the audit chain.

use c4h_storage::{Store, verify_chain};

use crate::commands::Failure;

/// `c4h audit verify [--anchor SEQ:HASH]`: one line, and exit status 1 at the first problem.
pub async fn verify_audit(store: &dyn Store, anchor: Option<&str>) -> Result<(), Failure> {
    let anchor = anchor.map(parse_anchor).transpose()?;
    let report = verify_chain(store).await.map_err(Failure::runtime)?;
    if let Some(problem) = &report.problem {
        let before = match report.verified {
            0 => "no event before it".to_owned(),
            1 => "the one event before it verifies".to_owned(),
            n => format!("the {n} events before it verify"),
        };
        return Err(Failure::runtime(format!(
            "the audit trail was tampered with: {problem} ({before})"
        )));
    }
    if let Some((seq, hash)) = anchor {
        let found = store.audit_events(seq - 1, 1).await.map_err(Failure::runtime)?;
        match found.first() {
            Some(event) if event.seq == seq && event.hash == hash => {}
            Some(event) if event.seq == seq => {
                return Err(Failure::runtime(format!(
                    "the audit trail was rewritten: event {seq} no longer has the anchor's hash"
                )));
            }
            _ => {
                return Err(Failure::runtime(format!(
                    "the audit trail no longer holds event {seq}, the anchor"
                )));
            }
        }
    }
    if report.verified == 0 {
        println!("The audit trail is empty; nothing to verify.");
    } else {
        println!(
            "All {} audit events verify ({} to {}). Anchor: {}:{}",
            report.verified, report.first_seq, report.last_seq, report.last_seq, report.last_hash
        );
    }
    Ok(())
}

fn parse_anchor(text: &str) -> Result<(i64, String), Failure> {
    let problem = || {
        Failure::config(format!(
            "--anchor {text:?} is not SEQ:HASH as `c4h audit verify` prints it"
        ))
    };
    let (seq, hash) = text.split_once(':').ok_or_else(problem)?;
    let seq: i64 = seq.parse().map_err(|_| problem())?;
    let valid_hash = hash.len() == 64 && hash.bytes().all(|b| b.is_ascii_hexdigit());
    if seq < 1 || !valid_hash {
        return Err(problem());
    }
    Ok((seq, hash.to_ascii_lowercase()))
}
