package vmbench

import (
	"bufio"
	"strconv"
	"strings"
)

// parsePSS is the Pss line of /proc/PID/smaps_rollup, in KiB.
func parsePSS(rollup string) (int, bool) {
	sc := bufio.NewScanner(strings.NewReader(rollup))
	for sc.Scan() {
		f := strings.Fields(sc.Text())
		if len(f) >= 2 && f[0] == "Pss:" {
			kb, err := strconv.Atoi(f[1])
			return kb, err == nil
		}
	}
	return 0, false
}

// tree is roots and every descendant of them, from a pid → ppid map.
func tree(ppid map[int]int, roots ...int) []int {
	children := map[int][]int{}
	for p, pp := range ppid {
		children[pp] = append(children[pp], p)
	}
	seen := map[int]bool{}
	var out []int
	var walk func(int)
	walk = func(p int) {
		if seen[p] || p <= 0 {
			return
		}
		seen[p] = true
		out = append(out, p)
		for _, c := range children[p] {
			walk(c)
		}
	}
	for _, r := range roots {
		walk(r)
	}
	return out
}
