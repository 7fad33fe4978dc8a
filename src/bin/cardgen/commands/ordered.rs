//! Ordered parallel map: run `work` over the items on every available core and hand the results
//! to `sink` in input order, as soon as each one's predecessors are done.
//!
//! Items are claimed in order from a shared counter and a worker never runs more than
//! [`WINDOW_PER_THREAD`] × threads items ahead of the sink, so the reorder buffer — and with it
//! memory — stays flat however many items there are, and no core idles at batch boundaries.
//! With one core (e.g. `taskset -c 0`) or one item, everything runs on the calling thread.

use std::collections::BTreeMap;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::{mpsc, Condvar, Mutex};

/// How far (in items per worker) workers may run ahead of the sink.
const WINDOW_PER_THREAD: usize = 32;

/// Threads to use: the cores this process may run on (`sched_getaffinity`, cgroup quota).
pub fn threads() -> usize {
    std::thread::available_parallelism().map_or(1, |n| n.get())
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
    // How many results the sink has taken; workers wait while they are a window ahead of it.
    let delivered = Mutex::new(0usize);
    let advanced = Condvar::new();
    let (tx, rx) = mpsc::channel::<(usize, R)>();
    std::thread::scope(|s| {
        for _ in 0..threads {
            let tx = tx.clone();
            let (work, next, stop, delivered, advanced) =
                (&work, &next, &stop, &delivered, &advanced);
            s.spawn(move || loop {
                let i = next.fetch_add(1, Ordering::Relaxed);
                if i >= items.len() {
                    break;
                }
                let mut d = delivered.lock().unwrap_or_else(|e| e.into_inner());
                while i >= *d + window && !stop.load(Ordering::Relaxed) {
                    d = advanced.wait(d).unwrap_or_else(|e| e.into_inner());
                }
                drop(d);
                if stop.load(Ordering::Relaxed) || tx.send((i, work(&items[i]))).is_err() {
                    break;
                }
            });
        }
        drop(tx);
        let mut pending = BTreeMap::new();
        let mut want = 0;
        let mut result = Ok(());
        for (i, r) in rx.iter() {
            pending.insert(i, r);
            while let Some(r) = pending.remove(&want) {
                want += 1;
                result = sink(r);
                if result.is_err() {
                    break;
                }
            }
            let mut d = delivered.lock().unwrap_or_else(|e| e.into_inner());
            *d = want;
            if result.is_err() {
                stop.store(true, Ordering::Relaxed);
            }
            drop(d);
            advanced.notify_all();
            if result.is_err() {
                break;
            }
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
        let items: Vec<u64> = (0..2000).collect();
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
