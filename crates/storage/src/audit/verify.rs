//! Walking the audit chain: `c4h audit verify`.
//!
//! Every event's hash covers its number, its content and the hash before it, and the newest
//! event's number and hash are kept in `audit_chain_head` (the oldest that retention removed, in
//! its base columns). Walking the events in order and recomputing each hash therefore catches an
//! event that was edited, deleted, inserted or moved, and the newest events cut off; the walk
//! stops at the first problem and names the event, so an investigator knows where to look.
//!
//! Guarantees: the walk reads pages in order and holds two passes' worth of hashes in memory,
//! not the events; events appended while it runs are walked too, up to the head it reads last.

use std::collections::HashMap;
use std::fmt;

use super::event_hash;
use crate::StoreError;
use crate::model::AuditEvent;
use crate::store::Store;

const PAGE: u32 = 1_000;

/// What the walk found wrong first.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ChainProblem {
    /// The event's content or hash is not what was chained.
    Edited { seq: i64 },
    /// The events `first..=last` are gone (from the middle, or the newest cut off).
    Deleted { first: i64, last: i64 },
    /// The event at `seq` was never appended by the service.
    Inserted { seq: i64 },
    /// The event now at `seq` was appended as `original`.
    Moved { seq: i64, original: i64 },
    /// The trail starts after event `base_seq`, but no retention run says it moved there: the
    /// events before it were removed some other way.
    BaseUnexplained { base_seq: i64 },
}

impl fmt::Display for ChainProblem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match *self {
            Self::Edited { seq } => {
                write!(f, "event {seq} was edited: its content no longer matches its hash")
            }
            Self::Deleted { first, last } if first == last => {
                write!(f, "event {first} was deleted: the chain skips it")
            }
            Self::Deleted { first, last } => {
                write!(f, "events {first} to {last} were deleted: the chain skips them")
            }
            Self::Inserted { seq } => {
                write!(f, "event {seq} was inserted: the service never appended it")
            }
            Self::Moved { seq, original } => write!(
                f,
                "event {seq} was reordered: it is event {original}, moved out of its place"
            ),
            Self::BaseUnexplained { base_seq } => write!(
                f,
                "events 1 to {base_seq} were removed, but no audit.purge event records it: \
                 they did not go by retention"
            ),
        }
    }
}

/// The walk's outcome.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ChainReport {
    /// The events that verified before the first problem (all of them when there is none).
    pub verified: u64,
    /// The first event after the retention base, and the newest.
    pub first_seq: i64,
    pub last_seq: i64,
    /// The newest event's hash, which an operator can record elsewhere as an anchor.
    pub last_hash: String,
    pub problem: Option<ChainProblem>,
}

/// Walks the whole chain of `store`.
pub async fn verify_chain(store: &dyn Store) -> Result<ChainReport, StoreError> {
    let anchors = store.audit_anchors().await?;
    // Pass one: where each event sits and where its links say it was appended, so that a moved
    // event can say where it came from.
    let mut position: HashMap<Digest, i64> = HashMap::new();
    let mut child: HashMap<Digest, Digest> = HashMap::new();
    let mut after = i64::MIN;
    loop {
        let page = store.audit_events(after, PAGE).await?;
        let Some(last) = page.last() else { break };
        after = last.seq;
        for event in page {
            let (Some(hash), Some(prev)) = (digest(&event.hash), digest(&event.prev_hash)) else {
                continue;
            };
            position.insert(hash, event.seq);
            child.entry(prev).or_insert(hash);
        }
    }
    let mut appended_as = HashMap::new();
    let (mut link, mut seq) = (digest(&anchors.base_hash), anchors.base_seq);
    while let Some(next) = link.and_then(|hash| child.remove(&hash)) {
        seq += 1;
        appended_as.insert(next, seq);
        link = Some(next);
    }
    drop(child);

    let mut walk = Walk {
        position,
        appended_as,
        prev_seq: anchors.base_seq,
        prev_hash: anchors.base_hash.clone(),
        verified: 0,
        first_seq: anchors.base_seq + 1,
        purge_base: None,
    };
    // Pass two, with one event of look-ahead (an inserted event is judged by the one after it).
    let mut after = anchors.base_seq;
    let mut pending: Option<AuditEvent> = None;
    loop {
        let page = store.audit_events(after, PAGE).await?;
        if let Some(last) = page.last() {
            after = last.seq;
        }
        let exhausted = page.is_empty();
        for event in page {
            if let Some(current) = pending.replace(event)
                && let Some(problem) = walk.step(&current, pending.as_ref())
            {
                return Ok(walk.report(Some(problem)));
            }
        }
        if exhausted {
            break;
        }
    }
    if let Some(current) = pending.take()
        && let Some(problem) = walk.step(&current, None)
    {
        return Ok(walk.report(Some(problem)));
    }
    // Retention writes an `audit.purge` event naming the base it moved to, after the events it
    // removed; the newest such event is always above the base, so it must name this one.
    let explained = walk
        .purge_base
        .as_ref()
        .is_some_and(|(seq, hash)| *seq == anchors.base_seq && *hash == anchors.base_hash);
    if anchors.base_seq > 0 && !explained {
        let problem = ChainProblem::BaseUnexplained { base_seq: anchors.base_seq };
        return Ok(walk.report(Some(problem)));
    }
    // The head is read after the walk, so events appended meanwhile are within it.
    let head = store.audit_anchors().await?;
    let problem = if walk.prev_seq < head.last_seq {
        Some(ChainProblem::Deleted { first: walk.prev_seq + 1, last: head.last_seq })
    } else if walk.prev_seq > head.last_seq {
        Some(ChainProblem::Inserted { seq: head.last_seq + 1 })
    } else if walk.prev_hash != head.last_hash {
        Some(ChainProblem::Edited { seq: walk.prev_seq })
    } else {
        None
    };
    Ok(walk.report(problem))
}

/// A SHA-256 hash as bytes: half the memory of its hex.
type Digest = [u8; 32];

fn digest(hex_text: &str) -> Option<Digest> {
    hex::decode(hex_text).ok()?.try_into().ok()
}

struct Walk {
    /// Hash to the number of the event that now holds it.
    position: HashMap<Digest, i64>,
    /// Hash to the number its event had when appended, by following the links from the base.
    appended_as: HashMap<Digest, i64>,
    prev_seq: i64,
    prev_hash: String,
    verified: u64,
    first_seq: i64,
    /// The base the newest verified `audit.purge` event moved the trail to.
    purge_base: Option<(i64, String)>,
}

impl Walk {
    /// Checks `event`, the one after the last verified; `next` is the one after it, if any.
    fn step(&mut self, event: &AuditEvent, next: Option<&AuditEvent>) -> Option<ChainProblem> {
        if event.seq > self.prev_seq + 1 {
            return Some(ChainProblem::Deleted { first: self.prev_seq + 1, last: event.seq - 1 });
        }
        let intact = event_hash(&event.prev_hash, event.seq, &event.record) == event.hash;
        let linked = event.prev_hash == self.prev_hash;
        match (intact, linked) {
            (true, true) => {
                if event.record.action == "audit.purge" {
                    let details = &event.record.details;
                    if let (Some(seq), Some(hash)) =
                        (details["to_seq"].as_i64(), details["base_hash"].as_str())
                    {
                        self.purge_base = Some((seq, hash.to_owned()));
                    }
                }
                self.prev_seq = event.seq;
                self.prev_hash.clone_from(&event.hash);
                self.verified += 1;
                None
            }
            // Linked but not intact: edited, unless the next event follows what came before
            // this one, which makes this one an insertion.
            (false, true) => Some(match next {
                Some(next) if self.appended_at(next, event.seq) => {
                    ChainProblem::Inserted { seq: event.seq }
                }
                _ => ChainProblem::Edited { seq: event.seq },
            }),
            // Intact but not linked: the event before it was rewritten with a new hash.
            (true, false) if self.prev_seq >= self.first_seq => {
                Some(ChainProblem::Edited { seq: self.prev_seq })
            }
            (true, false) => Some(ChainProblem::Inserted { seq: event.seq }),
            (false, false) => Some(self.displaced(event)),
        }
    }

    /// Neither intact where it is nor linked: an event out of its place, or the one before it
    /// gone with the rest renumbered.
    fn displaced(&self, event: &AuditEvent) -> ChainProblem {
        let predecessor = digest(&event.prev_hash).and_then(|hash| self.position.get(&hash));
        let candidates = [
            digest(&event.hash).and_then(|hash| self.appended_as.get(&hash).copied()),
            predecessor.map(|seq| seq + 1),
            Some(event.seq - 1),
            Some(event.seq + 1),
        ];
        let original = candidates.into_iter().flatten().find(|&seq| {
            seq != event.seq && event_hash(&event.prev_hash, seq, &event.record) == event.hash
        });
        match original {
            // Everything from here moved up by one: the event before it was inserted.
            Some(original) if original == event.seq - 1 && predecessor.is_some() => {
                ChainProblem::Inserted { seq: self.prev_seq }
            }
            // Everything from here moved down: the events it followed were deleted.
            Some(original) if original > event.seq && predecessor.is_none() => {
                ChainProblem::Deleted { first: event.seq, last: original - 1 }
            }
            Some(original) => ChainProblem::Moved { seq: event.seq, original },
            // It chains from an event that is no longer there.
            None if predecessor.is_none() && event.prev_hash != self.prev_hash => {
                ChainProblem::Deleted { first: event.seq, last: event.seq }
            }
            None => ChainProblem::Edited { seq: event.seq },
        }
    }

    /// Whether `event` is intact as the event appended at `seq` right after the last verified.
    fn appended_at(&self, event: &AuditEvent, seq: i64) -> bool {
        event.prev_hash == self.prev_hash
            && event_hash(&event.prev_hash, seq, &event.record) == event.hash
    }

    fn report(self, problem: Option<ChainProblem>) -> ChainReport {
        ChainReport {
            verified: self.verified,
            first_seq: self.first_seq,
            last_seq: self.prev_seq,
            last_hash: self.prev_hash,
            problem,
        }
    }
}
