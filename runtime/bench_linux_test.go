package runtime

import (
	"fmt"
	"testing"

	"github.com/tent-dev/tent/internal/trace"
)

// BenchmarkRun is create+start+wait+delete of /bin/true, in process.
func BenchmarkRun(b *testing.B) {
	if testing.Short() {
		b.Skip("short")
	}
	r, _ := New(b.TempDir(), WithCgroupParent("/tenttest"))
	b.Cleanup(func() { _ = r.RemoveInitBinary() })
	bundle := busyboxBundleB(b)
	spec := testSpec("true")
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		var tr *trace.Tracer
		if i == b.N-1 {
			tr = trace.New(nil)
		}
		c, err := r.Create(fmt.Sprint("b", i), CreateOpts{Bundle: bundle, Spec: spec, Trace: tr})
		if err != nil {
			b.Fatal(err)
		}
		for _, s := range tr.Steps() {
			b.Logf("%-30s %v", s.Name, s.Dur)
		}
		if err := c.Start(); err != nil {
			b.Fatal(err)
		}
		if _, err := c.Wait(); err != nil {
			b.Fatal(err)
		}
		if err := c.Delete(false); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkExec is Exec+Wait of /bin/true in a running container.
func BenchmarkExec(b *testing.B) {
	r, _ := New(b.TempDir(), WithCgroupParent("/tenttest"))
	b.Cleanup(func() { _ = r.RemoveInitBinary() })
	bundle := busyboxBundleB(b)
	c, err := r.Create("bexec", CreateOpts{Bundle: bundle, Spec: testSpec("sleep", "1000")})
	if err != nil {
		b.Fatal(err)
	}
	defer c.Delete(true)
	if err := c.Start(); err != nil {
		b.Fatal(err)
	}
	p := testSpec("true").Process
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		proc, err := c.Exec(p, Stdio{}, nil)
		if err != nil {
			b.Fatal(err)
		}
		if st, err := proc.Wait(); err != nil || st.Code != 0 {
			b.Fatal(st, err)
		}
	}
}
