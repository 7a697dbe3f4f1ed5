package monitor

import (
	"bufio"
	"os"
	"strconv"
	"strings"
	"time"

	"golang.org/x/sys/unix"
)

// span is one read-only, file-backed mapping of the tent binary.
type span struct{ addr, size uintptr }

// trimmer gives back memory the monitor no longer needs once a container
// runs. The monitor is the whole tent binary: setting a container up touches
// megabytes of its code (image, rootfs, network, runtime), which then stay
// mapped although the monitor only waits and copies logs.
type trimmer struct {
	spans []span
}

// newTrimmer finds the binary's read-only mappings (text and rodata) in
// /proc/self/maps. Writable mappings (data, bss) are never touched.
func newTrimmer() *trimmer {
	t := &trimmer{}
	exe, err := os.Readlink("/proc/self/exe")
	if err != nil {
		return t
	}
	f, err := os.Open("/proc/self/maps")
	if err != nil {
		return t
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		if s, ok := parseMapsLine(sc.Text(), exe); ok {
			t.spans = append(t.spans, s)
		}
	}
	return t
}

// parseMapsLine accepts "start-end perms offset dev inode path" lines of
// path whose perms are not writable.
func parseMapsLine(line, path string) (span, bool) {
	f := strings.Fields(line)
	if len(f) < 6 || f[5] != path || len(f[1]) < 2 || f[1][1] == 'w' {
		return span{}, false
	}
	lo, hi, ok := strings.Cut(f[0], "-")
	if !ok {
		return span{}, false
	}
	a, err1 := strconv.ParseUint(lo, 16, 64)
	b, err2 := strconv.ParseUint(hi, 16, 64)
	if err1 != nil || err2 != nil || b <= a {
		return span{}, false
	}
	return span{uintptr(a), uintptr(b - a)}, true
}

// trim drops the binary's clean pages from this process with
// madvise(MADV_DONTNEED): they stay in the page cache (shared with every tent
// process) and fault back in if the monitor runs that code again.
//
// It forces no GC (debug.FreeOSMemory): setup allocates a few hundred KiB,
// far below the heap goal, and every GC cycle clears a fresh 64 KiB of mark
// bits and touches work buffers, metadata the runtime never gives back. Two
// forced GCs cost each monitor more (about 0.6 MiB) than all of setup's
// garbage (docs/benchmarks.md).
func (t *trimmer) trim() {
	for _, s := range t.spans {
		_, _, _ = unix.Syscall(unix.SYS_MADVISE, s.addr, s.size, unix.MADV_DONTNEED)
	}
}

// later trims again once the run has settled (its goroutines parked): the
// first trim is followed by the last steps of setup faulting pages back.
func (t *trimmer) later(d time.Duration) {
	time.Sleep(d)
	t.trim()
}
