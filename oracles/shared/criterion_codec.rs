//! The criterion bench `codec` of the BoringSSL and AWS-LC oracle workspaces,
//! shared by both (`#[path]`-included by each one's `benches/codec.rs`,
//! which names the library as `crate::ffi`, includes the operations,
//! `cbs_ops.rs`, as `crate::ops` and the bench inputs,
//! `benches/src/corpus.rs`, as `crate::corpus`, and gives its dialect).
//!
//! The library's operations of `cbs_ops.rs` (those `callgrind_op.rs` counts
//! the instructions of) on the seven sessions of `corpus::BENCH_INPUTS`, each
//! converted to the library's dialect with the role of its side in the
//! corpus manifest (the template, side "synthetic", as a server's:
//! `ConvertOptions::new()`'s default and `benches/measure.sh`'s role), in the
//! groups `decode` and `encode` of the main workspace's bench
//! (`benches/benches/codec.rs`): `decode/from-bytes/tls12-server`, ...
//! A session the library cannot hold is left out, saying so (the tables'
//! "n/a"). `benches/compare.sh` (`CRITERION=1`) files the medians under the
//! library's name.

use std::time::Duration;

use criterion::{BenchmarkId, Criterion, Throughput};
use session_der::session_model::Dialect;
use session_der::Role;

use crate::corpus::bench_inputs;
use crate::ops::{converted, Op, Prepared, Refusal};

/// One input in the library's dialect, ready to be measured.
struct Input {
    label: &'static str,
    prepared: Prepared,
}

/// The bench inputs the library can hold, converted and checked.
fn inputs(dialect: Dialect) -> Vec<Input> {
    let (_, manifest) = sslsession_testkit::manifest();
    let role = |file: &str| {
        let side = manifest
            .iter()
            .find(|e| e["file"] == file)
            .and_then(|e| e["side"].as_str());
        if side == Some("client") {
            Role::Client
        } else {
            Role::Server
        }
    };
    let inputs = bench_inputs().unwrap_or_else(|e| panic!("{e}"));
    inputs
        .into_iter()
        .filter_map(|input| {
            match converted(&input.der, dialect, role(input.file)).and_then(Prepared::new) {
                Ok(prepared) => Some(Input {
                    label: input.label,
                    prepared,
                }),
                Err(e @ Refusal::CannotHold(_)) => {
                    eprintln!("{} ({}): left out, {e}", input.label, input.file);
                    None
                }
                Err(e @ Refusal::Failed(_)) => panic!("{} ({}): {e}", input.label, input.file),
            }
        })
        .collect()
}

fn group(c: &mut Criterion, name: &str, inputs: &[Input], wanted: impl Fn(Op) -> bool) {
    let mut g = c.benchmark_group(name);
    for input in inputs {
        g.throughput(Throughput::Bytes(input.prepared.der().len() as u64));
        for op in Op::ALL.into_iter().filter(|&op| wanted(op)) {
            let mut run = input.prepared.run(op);
            g.bench_function(BenchmarkId::new(op.name(), input.label), |b| {
                b.iter(&mut run);
            });
        }
    }
    g.finish();
}

/// Runs the bench for the library `crate::ffi` binds, whose dialect is
/// `dialect`.
pub fn main(dialect: Dialect) {
    let inputs = inputs(dialect);
    // The configuration of the main workspace's bench (a shared 2-core
    // machine: short runs, many of them), so that the medians compare.
    let mut c = Criterion::default()
        .warm_up_time(Duration::from_millis(500))
        .measurement_time(Duration::from_secs(2))
        .sample_size(50)
        .configure_from_args();
    group(&mut c, "decode", &inputs, Op::is_decode);
    group(&mut c, "encode", &inputs, |op| !op.is_decode());
    c.final_summary();
}
