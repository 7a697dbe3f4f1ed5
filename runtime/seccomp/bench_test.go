package seccomp

import (
	"testing"
)

// BenchmarkDefaultProfile: resolving Docker's profile for a cap set.
func BenchmarkDefaultProfile(b *testing.B) {
	for b.Loop() {
		if _, err := DefaultProfile(dockerCaps); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkCompileDefault: what a run without the cache pays.
func BenchmarkCompileDefault(b *testing.B) {
	var n int
	for b.Loop() {
		p, err := DefaultProfile(dockerCaps)
		if err != nil {
			b.Fatal(err)
		}
		prog, err := Compile(p)
		if err != nil {
			b.Fatal(err)
		}
		n = len(prog.Filter)
	}
	b.ReportMetric(float64(n), "insns")
}

// BenchmarkCacheHit: what a run with a warm cache pays.
func BenchmarkCacheHit(b *testing.B) {
	c := NewCache(b.TempDir())
	if _, err := c.Default(dockerCaps); err != nil {
		b.Fatal(err)
	}
	for b.Loop() {
		if _, err := c.Default(dockerCaps); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkFilterRun: the default program in x/net/bpf's VM for getpid (a
// relative measure of the path length, not the kernel's cost).
func BenchmarkFilterRun(b *testing.B) {
	p, _ := DefaultProfile(dockerCaps)
	vm := newVM(b, mustCompile(b, p))
	in := seccompData(auditArchX86_64, 39)
	for b.Loop() {
		runVM(b, vm, in)
	}
}
