//! Ordered parallel map: run `work` over the items on every available core and hand the results
//! to `sink` in input order, as soon as each one's predecessors are done.
//!
//! Workers claim [`CHUNK`] consecutive items at a time from a shared counter and send their
//! results as one message, so that the threads meet (and the kernel is asked to wake one) once
//! per chunk rather than once per item. A worker never runs more than [`WINDOW_PER_THREAD`] ×
//! threads items ahead of the sink, so the reorder buffer — and with it memory — stays flat
//! however many items there are. With one core (e.g. `taskset -c 0`) or one item, everything
//! runs on the calling thread.

use std::collections::BTreeMap;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::{mpsc, Condvar, Mutex};

/// How far (in items per worker) workers may run ahead of the sink.
const WINDOW_PER_THREAD: usize = 32;

/// Items a worker claims at once. Small enough that the last chunks still spread over the cores
/// and the sink prints steadily; large enough that a corpus lint of 2,009 cards made about 5,400
/// futex calls and 1,400 context switches with one item per claim, and a few hundred with 8.
const CHUNK: usize = 8;

/// Threads to use: the cores this process may run on (`sched_getaffinity`, cgroup quota).
pub fn threads() -> usize {
    std::thread::available_parallelism().map_or(1, |n| n.get())
}

/// How far the sink has got, and how many workers are waiting for it to get further.
#[derive(Default)]
struct Progress {
    delivered: usize,
    waiting: usize,
}

/// Map `work` over `items` in parallel; call `sink` on each result in input order. Stops early
/// (and returns the error) the first time `sink` fails.
pub fn for_each<T, R, E>(
    items: &[T],
    work: impl Fn(&T) -> R + Sync,
    mut sink: impl FnMut(R) -> Result<(), E>,
) -> Result<(), E>
where
    T: Sync,
    R: Send,
{
    let threads = threads().min(items.len());
    if threads <= 1 {
        return items.iter().try_for_each(|item| sink(work(item)));
    }
    let window = threads * WINDOW_PER_THREAD;
    let next = AtomicUsize::new(0);
    let stop = AtomicBool::new(false);
    let progress = Mutex::new(Progress::default());
    let advanced = Condvar::new();
    let (tx, rx) = mpsc::channel::<(usize, Vec<R>)>();
    std::thread::scope(|s| {
        for _ in 0..threads {
            let tx = tx.clone();
            let (work, next, stop, progress, advanced) =
                (&work, &next, &stop, &progress, &advanced);
            s.spawn(move || loop {
                let first = next.fetch_add(CHUNK, Ordering::Relaxed);
                if first >= items.len() {
                    break;
                }
                let last = (first + CHUNK).min(items.len());
                let mut p = progress.lock().unwrap_or_else(|e| e.into_inner());
                if first >= p.delivered + window && !stop.load(Ordering::Relaxed) {
                    p.waiting += 1;
                    while first >= p.delivered + window && !stop.load(Ordering::Relaxed) {
                        p = advanced.wait(p).unwrap_or_else(|e| e.into_inner());
                    }
                    p.waiting -= 1;
                }
                drop(p);
                if stop.load(Ordering::Relaxed) {
                    break;
                }
                let results = items[first..last].iter().map(work).collect();
                if tx.send((first, results)).is_err() {
                    break;
                }
            });
        }
        drop(tx);
        let mut pending = BTreeMap::new();
        let mut want = 0;
        let mut result = Ok(());
        'recv: for (first, results) in rx.iter() {
            pending.insert(first, results);
            while let Some(results) = pending.remove(&want) {
                want += results.len();
                for r in results {
                    result = sink(r);
                    if result.is_err() {
                        break 'recv;
                    }
                }
            }
            let mut p = progress.lock().unwrap_or_else(|e| e.into_inner());
            p.delivered = want;
            let waiting = p.waiting > 0;
            drop(p);
            // A notification is a system call even when nobody waits: skip it then.
            if waiting {
                advanced.notify_all();
            }
        }
        if result.is_err() {
            let p = progress.lock().unwrap_or_else(|e| e.into_inner());
            stop.store(true, Ordering::Relaxed);
            drop(p);
            advanced.notify_all();
        }
        drop(rx);
        result
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn results_come_in_input_order() {
        let items: Vec<u64> = (0..2003).collect();
        let mut seen = Vec::new();
        let r: Result<(), ()> = for_each(
            &items,
            |&i| {
                // Uneven work so that completion order differs from input order.
                let spin = (i * 7919) % 97;
                (0..spin).fold(i, |a, b| a.wrapping_add(b)) - (0..spin).sum::<u64>()
            },
            |v| {
                seen.push(v);
                Ok(())
            },
        );
        assert!(r.is_ok());
        assert_eq!(seen, items);
    }

    #[test]
    fn sink_error_stops_early() {
        let items: Vec<u32> = (0..10_000).collect();
        let mut n = 0;
        let r = for_each(
            &items,
            |&i| i,
            |v| {
                n += 1;
                if v == 10 {
                    Err(v)
                } else {
                    Ok(())
                }
            },
        );
        assert_eq!(r, Err(10));
        assert_eq!(n, 11);
    }
}
