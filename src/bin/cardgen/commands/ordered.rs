//! Ordered parallel map: run `work` over the items on every available core and hand the results
//! to `sink` in input order, as soon as each one's predecessors are done.
//!
//! The calling thread is one of the workers, and the only one that calls `sink`: between its
//! own chunks it takes whatever the other workers have finished and delivers what is next in
//! order, so it is rarely asleep and nobody has to wake it. (With a separate sink thread, one
//! more thread than cores, the sink was woken once per chunk and preempted a worker each time:
//! about 740 context switches and 30% more CPU time over the corpus on two cores.)
//!
//! Workers claim [`CHUNK`] consecutive items at a time from a shared counter and send their
//! results as one message. No worker runs more than [`WINDOW_PER_THREAD`] × threads items
//! ahead of what has been delivered, so the reorder buffer — and with it memory — stays flat
//! however many items there are. With one core (e.g. `taskset -c 0`) or one item, everything
//! runs on the calling thread.

use std::collections::BTreeMap;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::{mpsc, Condvar, Mutex};

use cardgen::files;

use super::spread::Spread;

/// How far (in items per worker) workers may run ahead of the sink.
const WINDOW_PER_THREAD: usize = 32;

/// Items a worker claims at once. Small enough that the last chunks still spread over the cores
/// and the sink prints steadily; large enough that the threads meet once per few cards, not once
/// per card.
const CHUNK: usize = 8;

/// Threads set by `--jobs`; 0 until it is given.
static JOBS: AtomicUsize = AtomicUsize::new(0);

/// Use `n` threads from now on (`--jobs`), instead of one per core.
pub fn set_threads(n: usize) {
    JOBS.store(n, Ordering::Relaxed);
}

/// The threads `--jobs` asked for, if it was given.
pub fn jobs() -> Option<usize> {
    match JOBS.load(Ordering::Relaxed) {
        0 => None,
        n => Some(n),
    }
}

/// Threads to use: as many as `--jobs` says, else the cores this process may run on
/// (`sched_getaffinity`, cgroup quota).
pub fn threads() -> usize {
    jobs().unwrap_or_else(files::threads)
}

/// How far the sink has got, and how many workers are waiting for it to get further.
#[derive(Default)]
struct Progress {
    delivered: usize,
    waiting: usize,
}

/// What the workers share.
struct Shared<'a, T> {
    items: &'a [T],
    next: AtomicUsize,
    stop: AtomicBool,
    window: usize,
    progress: Mutex<Progress>,
    advanced: Condvar,
}

impl<T> Shared<'_, T> {
    /// Claim the next chunk: its first index and its end, or `None` when there are no more.
    fn claim(&self) -> Option<(usize, usize)> {
        let first = self.next.fetch_add(CHUNK, Ordering::Relaxed);
        (first < self.items.len()).then(|| (first, (first + CHUNK).min(self.items.len())))
    }

    /// Wait (a helper thread) until the chunk at `first` is within the window; `false` if the
    /// sink has stopped.
    fn wait_for_window(&self, first: usize) -> bool {
        let mut p = self.progress.lock().unwrap_or_else(|e| e.into_inner());
        if first >= p.delivered + self.window && !self.stop.load(Ordering::Relaxed) {
            p.waiting += 1;
            while first >= p.delivered + self.window && !self.stop.load(Ordering::Relaxed) {
                p = self.advanced.wait(p).unwrap_or_else(|e| e.into_inner());
            }
            p.waiting -= 1;
        }
        drop(p);
        !self.stop.load(Ordering::Relaxed)
    }

    /// Record that the sink has delivered everything before `delivered`; wake waiting helpers.
    fn advance(&self, delivered: usize) {
        let mut p = self.progress.lock().unwrap_or_else(|e| e.into_inner());
        p.delivered = delivered;
        let waiting = p.waiting > 0;
        drop(p);
        // A notification is a system call even when nobody waits: skip it then.
        if waiting {
            self.advanced.notify_all();
        }
    }

    /// Tell the helpers to stop.
    fn stop(&self) {
        let p = self.progress.lock().unwrap_or_else(|e| e.into_inner());
        self.stop.store(true, Ordering::Relaxed);
        drop(p);
        self.advanced.notify_all();
    }
}

/// The results not delivered yet, by the index of their chunk's first item, and the sink.
struct Reorder<R, S> {
    pending: BTreeMap<usize, Vec<R>>,
    /// The index of the next item to deliver.
    want: usize,
    sink: S,
}

impl<R, E, S: FnMut(R) -> Result<(), E>> Reorder<R, S> {
    /// Keep a chunk's results and deliver every result that is now next in order.
    fn add(&mut self, first: usize, results: Vec<R>) -> Result<(), E> {
        self.pending.insert(first, results);
        while let Some(results) = self.pending.remove(&self.want) {
            self.want += results.len();
            for r in results {
                (self.sink)(r)?;
            }
        }
        Ok(())
    }
}

/// Map `work` over `items` in parallel; call `sink` on each result in input order. Stops early
/// (and returns the error) the first time `sink` fails.
pub fn for_each<T, R, E>(
    items: &[T],
    work: impl Fn(&T) -> R + Sync,
    sink: impl FnMut(R) -> Result<(), E>,
) -> Result<(), E>
where
    T: Sync,
    R: Send,
{
    // One item needs no helper, so no look at the cores either (`available_parallelism` reads
    // the cgroup's files: a dozen system calls that one small card would wait for).
    let threads = if items.len() <= 1 { 1 } else { threads() };
    for_each_on(threads, items, work, sink)
}

/// [`for_each`] on `threads` threads (the calling one included).
fn for_each_on<T, R, E>(
    threads: usize,
    items: &[T],
    work: impl Fn(&T) -> R + Sync,
    mut sink: impl FnMut(R) -> Result<(), E>,
) -> Result<(), E>
where
    T: Sync,
    R: Send,
{
    let threads = threads.min(items.len());
    if threads <= 1 {
        return items.iter().try_for_each(|item| sink(work(item)));
    }
    let shared = Shared {
        items,
        next: AtomicUsize::new(0),
        stop: AtomicBool::new(false),
        window: threads * WINDOW_PER_THREAD,
        progress: Mutex::new(Progress::default()),
        advanced: Condvar::new(),
    };
    let (tx, rx) = mpsc::channel::<(usize, Vec<R>)>();
    std::thread::scope(|s| {
        let mut spread = Spread::new();
        for _ in 1..threads {
            let tx = tx.clone();
            let (work, shared) = (&work, &shared);
            let unpin = spread.as_mut().map(Spread::before_spawn);
            s.spawn(move || {
                if let Some(unpin) = unpin {
                    unpin.apply();
                }
                while let Some((first, last)) = shared.claim() {
                    if !shared.wait_for_window(first) {
                        break;
                    }
                    let results = shared.items[first..last].iter().map(work).collect();
                    if tx.send((first, results)).is_err() {
                        break;
                    }
                }
            });
        }
        if let Some(spread) = spread {
            spread.finish();
        }
        drop(tx);
        let mut order = Reorder {
            pending: BTreeMap::new(),
            want: 0,
            sink: &mut sink,
        };
        let result = work_and_deliver(&shared, &work, &rx, &mut order);
        if result.is_err() {
            shared.stop();
        }
        drop(rx);
        result
    })
}

/// The calling thread's part: work on chunks like the helpers, and between them deliver what
/// the helpers have sent; then wait for the helpers' last chunks.
fn work_and_deliver<T, R, E>(
    shared: &Shared<'_, T>,
    work: &impl Fn(&T) -> R,
    rx: &mpsc::Receiver<(usize, Vec<R>)>,
    order: &mut Reorder<R, impl FnMut(R) -> Result<(), E>>,
) -> Result<(), E> {
    let take = |order: &mut Reorder<R, _>, first, results| {
        let before = order.want;
        order.add(first, results)?;
        if order.want != before {
            shared.advance(order.want);
        }
        Ok(())
    };
    while let Some((first, last)) = shared.claim() {
        while let Ok((f, results)) = rx.try_recv() {
            take(order, f, results)?;
        }
        // Too far ahead of what can be delivered: the chunks missing before this one are the
        // helpers', so wait for them.
        while first >= order.want + shared.window {
            match rx.recv() {
                Ok((f, results)) => take(order, f, results)?,
                Err(_) => break,
            }
        }
        let results = shared.items[first..last].iter().map(work).collect();
        take(order, first, results)?;
    }
    for (first, results) in rx {
        take(order, first, results)?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Uneven work, so that completion order differs from input order.
    fn uneven(i: u64) -> u64 {
        let spin = (i * 7919) % 97;
        (0..spin).fold(i, |a, b| a.wrapping_add(b)) - (0..spin).sum::<u64>()
    }

    /// What the sink receives, in order, when `work` runs over `items` on `threads` threads.
    fn delivered(threads: usize, items: &[u64], work: impl Fn(&u64) -> u64 + Sync) -> Vec<u64> {
        let mut seen = Vec::new();
        let r: Result<(), ()> = for_each_on(threads, items, work, |v| {
            seen.push(v);
            Ok(())
        });
        assert!(r.is_ok());
        seen
    }

    #[test]
    fn results_come_in_input_order() {
        let items: Vec<u64> = (0..2003).collect();
        for threads in [1, 2, 3, 8] {
            let seen = delivered(threads, &items, |&i| uneven(i));
            assert_eq!(seen, items, "{threads} threads");
        }
    }

    #[test]
    fn a_slow_item_holds_the_others_back_within_the_window() {
        // Whoever takes item 5 is slow: the others run ahead as far as the window lets them
        // (the calling thread waits for the helpers' results, the helpers for the sink), and
        // then all of it is delivered in order.
        let items: Vec<u64> = (0..1000).collect();
        for threads in [2, 4] {
            let seen = delivered(threads, &items, |&i| {
                if i == 5 {
                    std::thread::sleep(std::time::Duration::from_millis(50));
                }
                i
            });
            assert_eq!(seen, items, "{threads} threads");
        }
    }

    #[test]
    fn sink_error_stops_early() {
        let items: Vec<u32> = (0..10_000).collect();
        for threads in [1, 2, 4] {
            let mut n = 0;
            let r = for_each_on(
                threads,
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
}
