//! The app's resident memory after a large one-off pass (issue 15: ≤ 200 MB with the dashboard
//! shown). The trail's replay at sign-in holds per-record digests for the whole register while
//! it runs (docs/performance.md); freed afterwards, those pages stay with the process's heaps
//! (glibc keeps freed memory in its arenas) unless handed back to the kernel.

/// Hands the heap pages freed so far back to the kernel (glibc's `malloc_trim`); elsewhere nothing.
pub fn release_freed() {
    #[cfg(all(target_os = "linux", target_env = "gnu"))]
    {
        extern "C" {
            fn malloc_trim(pad: usize) -> std::os::raw::c_int;
        }
        // SAFETY: malloc_trim takes no pointer and only returns free pages of glibc's own heaps
        // (every arena) to the kernel; it is thread-safe (it locks each arena in turn).
        unsafe {
            malloc_trim(0);
        }
    }
}
