//! Start each helper thread on a CPU of its own, at once.
//!
//! A new thread is queued on the CPU of the thread that created it, and the kernel is expected
//! to move it to an idle CPU. Some guests do not, until the next scheduler tick: on a 2-vCPU
//! Firecracker VM (Linux 6.18) a helper spawned by a busy thread waited 2–4 ms before it first
//! ran, while the whole corpus lint on two cores takes about 30 ms. So the spawning thread
//! pins itself to one allowed CPU before each spawn (the new thread inherits the pin, so it is
//! queued there), then to the next one, which moves it away at once and leaves the CPU to the
//! new thread; at the end it unpins itself, and each new thread unpins itself first thing.
//! The threads keep the CPUs they start on as long as they stay busy. This costs a few system
//! calls and a migration or two; where the kernel already spreads new threads, it changes
//! nothing. (Asking which CPU the thread is on would save one pin, but rustix's `sched_getcpu`
//! reads the vDSO, which crashes under valgrind: rustix issue #1559.)

/// The allowed CPUs, and which one the calling thread pins itself to next.
#[cfg(target_os = "linux")]
pub struct Spread {
    allowed: rustix::thread::CpuSet,
    cpus: Vec<usize>,
    next: usize,
}

/// What a new thread unpins itself to: everything its spawner was allowed.
#[cfg(target_os = "linux")]
#[derive(Clone, Copy)]
pub struct Unpin(rustix::thread::CpuSet);

#[cfg(target_os = "linux")]
impl Spread {
    /// Where the calling thread may run; `None` if the system does not say or there is only
    /// one CPU.
    pub fn new() -> Option<Self> {
        use rustix::thread::{sched_getaffinity, CpuSet};
        let allowed = sched_getaffinity(None).ok()?;
        let cpus: Vec<usize> = (0..CpuSet::MAX_CPU)
            .filter(|&cpu| allowed.is_set(cpu))
            .collect();
        (cpus.len() > 1).then_some(Spread {
            allowed,
            cpus,
            next: 0,
        })
    }

    /// Call right before spawning a thread, which then calls [`Unpin::apply`] first: pin the
    /// calling thread to the next CPU (the new thread will be queued there), moving it away
    /// from the CPU the previous new thread was left on.
    pub fn before_spawn(&mut self) -> Unpin {
        self.pin_next();
        Unpin(self.allowed)
    }

    /// Call after the last spawn: move away from the last new thread, and unpin.
    pub fn finish(mut self) {
        if self.pin_next() {
            let _ = rustix::thread::sched_setaffinity(None, &self.allowed);
        }
    }

    /// Pin to the next allowed CPU, round the list; `false` if that failed (then nothing was
    /// pinned: the threads start where the system puts them).
    fn pin_next(&mut self) -> bool {
        let cpu = self.cpus[self.next % self.cpus.len()];
        self.next += 1;
        let mut only = rustix::thread::CpuSet::new();
        only.set(cpu);
        rustix::thread::sched_setaffinity(None, &only).is_ok()
    }
}

#[cfg(target_os = "linux")]
impl Unpin {
    /// Let the calling (new) thread run on any CPU its spawner was allowed.
    pub fn apply(self) {
        let _ = rustix::thread::sched_setaffinity(None, &self.0);
    }
}

/// Elsewhere, threads start where the system puts them.
#[cfg(not(target_os = "linux"))]
pub struct Spread;

#[cfg(not(target_os = "linux"))]
#[derive(Clone, Copy)]
pub struct Unpin;

#[cfg(not(target_os = "linux"))]
impl Spread {
    pub fn new() -> Option<Self> {
        None
    }

    pub fn before_spawn(&mut self) -> Unpin {
        Unpin
    }

    pub fn finish(self) {}
}

#[cfg(not(target_os = "linux"))]
impl Unpin {
    pub fn apply(self) {}
}

#[cfg(all(test, target_os = "linux"))]
mod tests {
    use super::*;
    use rustix::thread::sched_getaffinity;

    #[test]
    fn every_thread_ends_up_where_it_may_run() {
        let before = sched_getaffinity(None).unwrap();
        let Some(mut spread) = Spread::new() else {
            return; // one CPU: nothing to spread
        };
        let helpers: Vec<_> = (0..3)
            .map(|_| {
                let unpin = spread.before_spawn();
                std::thread::spawn(move || {
                    unpin.apply();
                    sched_getaffinity(None).unwrap()
                })
            })
            .collect();
        spread.finish();
        assert_eq!(sched_getaffinity(None).unwrap(), before);
        for helper in helpers {
            assert_eq!(helper.join().unwrap(), before);
        }
    }
}
