//! Judging many inputs on several threads with the output in input order.

use std::collections::BTreeMap;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc;
use std::sync::{Condvar, Mutex, PoisonError};

/// How many consecutive inputs a worker takes at once: one lock of the feed,
/// one message and one wake-up of the writer per chunk rather than per input
/// (per input they cost as much as judging a session does).
const CHUNK: usize = 64;

/// How far (in chunks) the workers may run ahead of the oldest chunk not yet
/// passed to the sink, per worker: it bounds the results held waiting for a
/// slower one, so memory does not grow with the number of inputs.
const WINDOW_PER_JOB: usize = 4;

/// Maps every item of `items` through `f` on `jobs` scoped threads and hands
/// the results to `sink` in the items' order, whatever order the threads
/// finish in. `items` is advanced under a lock, one item at a time, so it is
/// read lazily (e.g. a directory walk), `CHUNK` items at a time; at most
/// `WINDOW_PER_JOB × jobs` chunks of results wait for an earlier one. `flush` is called whenever no result is
/// ready (so the sink can write what it has gathered) and at the end. The
/// first error of `sink` or `flush` stops the workers and is returned.
pub fn ordered_map<I, T, E>(
    items: impl Iterator<Item = I> + Send,
    jobs: usize,
    f: impl Fn(I) -> T + Sync,
    mut sink: impl FnMut(T) -> Result<(), E>,
    mut flush: impl FnMut() -> Result<(), E>,
) -> Result<(), E>
where
    I: Send,
    T: Send,
{
    if jobs <= 1 {
        for item in items {
            sink(f(item))?;
        }
        return flush();
    }
    let window = WINDOW_PER_JOB * jobs;
    // The inputs and the index of the next chunk.
    let feed = Mutex::new((items, 0usize));
    // How many chunks the sink has taken; workers wait on it.
    let taken = (Mutex::new(0usize), Condvar::new());
    let stop = AtomicBool::new(false);
    let (tx, rx) = mpsc::channel::<(usize, Vec<T>)>();
    std::thread::scope(|scope| {
        for _ in 0..jobs {
            let tx = tx.clone();
            let (feed, taken, stop, f) = (&feed, &taken, &stop, &f);
            scope.spawn(move || loop {
                let (index, chunk) = {
                    let mut feed = feed.lock().unwrap_or_else(PoisonError::into_inner);
                    let chunk: Vec<I> = feed.0.by_ref().take(CHUNK).collect();
                    if chunk.is_empty() {
                        return;
                    }
                    feed.1 += 1;
                    (feed.1 - 1, chunk)
                };
                // The worker holding the oldest index never waits here
                // (index == taken), so the others always get to run again.
                let mut done = taken.0.lock().unwrap_or_else(PoisonError::into_inner);
                while index >= *done + window && !stop.load(Ordering::Relaxed) {
                    done = taken.1.wait(done).unwrap_or_else(PoisonError::into_inner);
                }
                drop(done);
                if stop.load(Ordering::Relaxed) {
                    return;
                }
                let results = chunk.into_iter().map(f).collect();
                if tx.send((index, results)).is_err() {
                    return;
                }
            });
        }
        // Only the workers' senders remain: the channel closes when they end.
        drop(tx);
        let mut waiting = BTreeMap::new();
        let mut next = 0usize;
        let result = (|| {
            loop {
                let (index, values) = match rx.try_recv() {
                    Ok(r) => r,
                    Err(mpsc::TryRecvError::Empty) => {
                        flush()?;
                        match rx.recv() {
                            Ok(r) => r,
                            Err(_) => break,
                        }
                    }
                    Err(mpsc::TryRecvError::Disconnected) => break,
                };
                waiting.insert(index, values);
                let before = next;
                while let Some(values) = waiting.remove(&next) {
                    for value in values {
                        sink(value)?;
                    }
                    next += 1;
                }
                if next != before {
                    *taken.0.lock().unwrap_or_else(PoisonError::into_inner) = next;
                    taken.1.notify_all();
                }
            }
            flush()
        })();
        if result.is_err() {
            stop.store(true, Ordering::Relaxed);
            // Taken under the lock so no worker misses the wake-up.
            let _guard = taken.0.lock().unwrap_or_else(PoisonError::into_inner);
            taken.1.notify_all();
        }
        // Workers still sending see the receiver gone and stop.
        drop(rx);
        result
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Results come out in input order even when later inputs finish first
    /// (each worker sleeps a pseudo-random time), for every number of jobs.
    #[test]
    fn order_is_the_inputs_whatever_the_timing() {
        for jobs in [1, 2, 4, 7] {
            let mut out = Vec::new();
            let r: Result<(), ()> = ordered_map(
                0..3000u64,
                jobs,
                |i| {
                    if (i * 7919) % 13 == 0 {
                        std::thread::sleep(std::time::Duration::from_micros((i * 31) % 300));
                    }
                    i * 2
                },
                |v| {
                    out.push(v);
                    Ok(())
                },
                || Ok(()),
            );
            assert!(r.is_ok());
            assert_eq!(
                out,
                (0..3000u64).map(|i| i * 2).collect::<Vec<_>>(),
                "jobs {jobs}"
            );
        }
    }

    /// A failing sink stops the run (no hang) and its error is returned.
    #[test]
    fn a_sink_error_stops_the_workers() {
        let mut seen = 0;
        let r = ordered_map(
            0..1_000_000u64,
            4,
            |i| i,
            |_| {
                seen += 1;
                if seen == 100 {
                    Err("closed")
                } else {
                    Ok(())
                }
            },
            || Ok(()),
        );
        assert_eq!(r, Err("closed"));
        assert_eq!(seen, 100);
    }
}
