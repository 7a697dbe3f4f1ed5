package vmbench

import (
	"os"
	"path/filepath"
	"strconv"

	"github.com/tent-dev/tent/internal/procfs"
)

// pssMiB is the summed PSS of roots and all their descendants, in MiB.
func pssMiB(roots ...int) float64 {
	kb := 0
	for _, p := range tree(ppids(), roots...) {
		b, err := os.ReadFile(filepath.Join("/proc", strconv.Itoa(p), "smaps_rollup"))
		if err != nil {
			continue // gone, or a kernel thread
		}
		if v, ok := parsePSS(string(b)); ok {
			kb += v
		}
	}
	return float64(kb) / 1024
}

// ppids maps every process to its parent.
func ppids() map[int]int {
	m := map[int]int{}
	ents, _ := os.ReadDir("/proc")
	for _, e := range ents {
		pid, err := strconv.Atoi(e.Name())
		if err != nil {
			continue
		}
		if st, err := procfs.ReadStat(pid); err == nil {
			m[pid] = st.PPID
		}
	}
	return m
}
