//! Start each helper thread on a CPU of its own, at once.
//!
//! A new thread is queued on the CPU of the thread that created it, and the kernel is expected
//! to move it to an idle CPU. Some guests do not, until the next scheduler tick: on a 2-vCPU
//! Firecracker VM (Linux 6.18) a helper spawned by a busy thread waited 2–4 ms before it first
//! ran, while the whole corpus lint on two cores takes about 30 ms. So after each spawn the
//! spawning thread steps aside: it pins itself to another CPU it is allowed on (which moves it
//! there at once), leaving its old CPU to the new thread, and then unpins itself. The threads
//! keep the CPUs they start on as long as they stay busy. This costs two system calls and one
//! migration per helper; where the kernel already spreads new threads, it changes nothing.

/// The calling thread's allowed CPUs and the ones it has not stepped aside to yet.
#[cfg(target_os = "linux")]
pub struct Spread {
    allowed: rustix::thread::CpuSet,
    next: Vec<usize>,
}

#[cfg(target_os = "linux")]
impl Spread {
    /// Where the calling thread may run; `None` if the system does not say.
    pub fn new() -> Option<Self> {
        use rustix::thread::{sched_getaffinity, sched_getcpu, CpuSet};
        let allowed = sched_getaffinity(None).ok()?;
        let here = sched_getcpu();
        let next = (0..CpuSet::MAX_CPU)
            .filter(|&cpu| cpu != here && allowed.is_set(cpu))
            .collect();
        Some(Spread { allowed, next })
    }

    /// Call right after spawning a thread: move the calling thread to a CPU that no thread
    /// started here has been left on, so that the new one runs where this one was.
    pub fn step_aside(&mut self) {
        use rustix::thread::{sched_setaffinity, CpuSet};
        if self.next.is_empty() {
            return;
        }
        let cpu = self.next.remove(0);
        let mut only = CpuSet::new();
        only.set(cpu);
        // Best effort: if either call fails, the thread is where it was or where it went.
        if sched_setaffinity(None, &only).is_ok() {
            let _ = sched_setaffinity(None, &self.allowed);
        }
    }
}

/// Elsewhere, threads start where the system puts them.
#[cfg(not(target_os = "linux"))]
pub struct Spread;

#[cfg(not(target_os = "linux"))]
impl Spread {
    pub fn new() -> Option<Self> {
        None
    }

    pub fn step_aside(&mut self) {}
}

#[cfg(all(test, target_os = "linux"))]
mod tests {
    use super::*;

    #[test]
    fn stepping_aside_leaves_the_thread_where_it_may_run() {
        let before = rustix::thread::sched_getaffinity(None).unwrap();
        let mut spread = Spread::new().unwrap();
        assert!(!spread.next.contains(&rustix::thread::sched_getcpu()));
        let others = spread.next.clone();
        for _ in 0..others.len() + 1 {
            spread.step_aside();
            assert_eq!(rustix::thread::sched_getaffinity(None).unwrap(), before);
        }
        assert!(spread.next.is_empty());
    }
}
