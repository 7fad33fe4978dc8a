//! Two hints to glibc's malloc that keep the kernel out of the lint's way. Neither writes the
//! memory it asks for, so neither costs any; with another allocator each is one allocation and
//! one free.

/// Ask the allocator to keep freed memory for the next card instead of handing it back to the
/// kernel. glibc's malloc returns the top of its heap as soon as 128 KiB of it are free, and
/// the next card faults the same pages in again: about 1,500 of the 2,650 page faults of a
/// corpus lint. Freeing a block larger than its mmap threshold (and at most 32 MiB) raises that
/// threshold to the block's size and the trim threshold to twice that (mallopt(3), "dynamic
/// mmap threshold"), for the whole process. The block is never written, so it costs two system
/// calls and no memory.
pub fn keep_freed_memory() {
    drop(std::hint::black_box(Vec::<u8>::with_capacity(KEEP_FREED)));
}

const KEEP_FREED: usize = 4 << 20;

/// Call first thing on a new worker thread (after [`keep_freed_memory`]): grow the thread's
/// heap once, to more than a worker needs, instead of a page or two at a time. glibc gives each
/// thread but the first a heap of its own (an "arena"), reserved without access and opened up
/// with one `mprotect` each time it grows past its high-water mark: about 230 calls over the
/// corpus on two cores, each taking the process's memory-map lock for writing while the other
/// thread faults pages in. A block under the mmap threshold that
/// [`keep_freed_memory`] raised comes from that heap; freed, it stays there as free space.
pub fn grow_thread_heap() {
    drop(std::hint::black_box(Vec::<u8>::with_capacity(THREAD_HEAP)));
}

const THREAD_HEAP: usize = 3 << 20;
