//! How the process asks the system for memory.
//!
//! camnang's allocator (mimalloc) takes memory in large regions. Where
//! Linux backs such regions with transparent huge pages (2 MiB each: the
//! system setting `always`, or `madvise`, which mimalloc asks for), a
//! page counts in full as soon as one byte of it is touched. A 10,000-lesson
//! build then holds about 20 MB more at its peak, which took it past the
//! 400 MB that issue 8 allows, so the binary turns them off for itself at
//! start. The cost is time: smaller pages mean more page faults, about 6%
//! of such a build's wall time on the project's machine
//! (`bench/RESULTS.md`).

/// Turns transparent huge pages off for this process and the processes it
/// starts, on Linux (`prctl(PR_SET_THP_DISABLE)`); elsewhere does nothing.
/// Memory already mapped is covered too: the kernel checks the setting
/// whenever it backs a page. A failure (an old kernel) only costs memory,
/// so it is ignored.
pub fn avoid_huge_pages() {
    #[cfg(target_os = "linux")]
    let _ = rustix::thread::disable_transparent_huge_pages(true);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[cfg(target_os = "linux")]
    #[test]
    fn huge_pages_are_turned_off_for_the_process() {
        avoid_huge_pages();
        assert_eq!(
            rustix::thread::transparent_huge_pages_are_disabled().ok(),
            Some(true)
        );
        // The kernel's own account of the process agrees (Linux 5.0+).
        let status = std::fs::read_to_string("/proc/self/status").unwrap();
        assert!(status.lines().any(|l| l == "THP_enabled:\t0"), "{status}");
    }
}
