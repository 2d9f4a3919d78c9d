//! Matching: which offering each waiting request should get.
//!
//! [`scoring`] says whether an offering may take a request and what the pair costs, with the
//! reasons coordinators read; [`Instance`] is the problem of MATCHING.md, checked
//! ([`instance`]); [`solve`] finds its exact lexicographic optimum ([`solve()`] explains how);
//! [`simulate`] runs a surge on a virtual clock. Pure computation: no I/O, no clock, no
//! randomness but the simulation's seeded draws; the same input always gives the same output.

mod classes;
mod cost_scaling;
pub mod instance;
mod max_flow;
mod network;
pub mod scoring;
pub mod simulate;
pub mod solve;

pub use instance::{
    Edge, EdgeInput, InputError, Instance, InstanceInput, Offering, OfferingInput, Provider,
    ProviderInput, Request, RequestInput,
};
pub use solve::{Assignment, solve};

#[cfg(test)]
mod tests;
