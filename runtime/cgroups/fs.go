package cgroups

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strconv"
	"strings"
)

// write is one planned cgroup file write. Plans are pure: they say which
// file gets which value; the managers execute them in order.
type write struct {
	ctrl     string // v1 controller dir (memory, cpu, ...); "" on v2
	file     string // e.g. memory.limit_in_bytes
	value    string
	optional bool // skip quietly when the file does not exist (memsw without swap accounting)
}

// writeFile writes value to dir/file the way the kernel wants it: one
// write(2), no create (open, write, close: see rawfile.go).
func writeFile(dir, file, value string) error {
	var w fileWriter
	err := w.write(dir, file, value)
	if cerr := w.close(); err == nil {
		err = cerr
	}
	return err
}

func readFile(dir, file string) (string, error) {
	b, err := readRaw(filepath.Join(dir, file))
	if err != nil {
		return "", fmt.Errorf("read %s: %w", filepath.Join(dir, file), err)
	}
	return strings.TrimSpace(string(b)), nil
}

// readUint reads a single number; "max" (and v1's huge "unlimited") is 0.
func readUint(dir, file string) (uint64, error) {
	s, err := readFile(dir, file)
	if err != nil {
		return 0, err
	}
	return parseUint(s, file)
}

func parseUint(s, file string) (uint64, error) {
	if s == "max" || s == "-1" {
		return 0, nil
	}
	v, err := strconv.ParseUint(s, 10, 64)
	if err != nil {
		return 0, fmt.Errorf("parse %s %q: %w", file, s, err)
	}
	if v >= unlimitedV1 {
		return 0, nil
	}
	return v, nil
}

// unlimitedV1: v1 reports "no limit" as PAGE_COUNTER_MAX pages (≈ 2^63).
const unlimitedV1 = 1 << 62

// readKey reads "key value" lines (memory.stat, cpu.stat, memory.events,
// memory.oom_control) and returns key's value; missing key is 0.
func readKey(dir, file, key string) (uint64, error) {
	s, err := readFile(dir, file)
	if err != nil {
		return 0, err
	}
	sc := bufio.NewScanner(strings.NewReader(s))
	for sc.Scan() {
		k, v, ok := strings.Cut(sc.Text(), " ")
		if ok && k == key {
			return parseUint(strings.TrimSpace(v), file+" "+key)
		}
	}
	return 0, nil
}

// readPids parses cgroup.procs.
func readPids(dir string) ([]int, error) {
	b, err := readRaw(filepath.Join(dir, "cgroup.procs"))
	if err != nil {
		return nil, fmt.Errorf("read %s: %w", filepath.Join(dir, "cgroup.procs"), err)
	}
	var pids []int
	for _, f := range bytes.Fields(b) {
		p, err := strconv.Atoi(string(f))
		if err != nil {
			return nil, fmt.Errorf("parse cgroup.procs %q: %w", f, err)
		}
		pids = append(pids, p)
	}
	return pids, nil
}

// exists reports whether path is there (errors other than not-exist count as there).
func exists(path string) bool {
	_, err := os.Stat(path)
	return !errors.Is(err, fs.ErrNotExist)
}

// oneLine is a written value for a trace step: the first line, cut at 40
// bytes (device rules are many lines).
func oneLine(v string) string {
	if i := strings.IndexByte(v, '\n'); i >= 0 {
		v = v[:i] + " …"
	}
	if len(v) > 40 {
		v = v[:40] + "…"
	}
	return v
}
