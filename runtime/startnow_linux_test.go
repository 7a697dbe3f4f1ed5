package runtime

import (
	"fmt"
	"os"
	"path/filepath"
	"testing"
	"time"

	specs "github.com/opencontainers/runtime-spec/specs-go"

	"github.com/tent-dev/tent/internal/testutil"
)

// TestCreateStartNow: with StartNow, Create returns the container running
// (no exec fifo, Start a no-op) and its exit status is the process's; with
// a pid file or hooks it stays created, waiting for Start, as without it.
func TestCreateStartNow(t *testing.T) {
	testutil.RequireRoot(t)
	r, bundle := newTestRuntime(t), busyboxBundle(t)
	withHook := testSpec("sh", "-c", "exit 3")
	withHook.Hooks = &specs.Hooks{Poststop: []specs.Hook{{Path: "/bin/true"}}}
	for _, tt := range []struct {
		name    string
		spec    *specs.Spec
		pidFile bool
		want    specs.ContainerState
	}{
		{"plain", testSpec("sh", "-c", "exit 3"), false, specs.StateRunning},
		{"pid file", testSpec("sh", "-c", "exit 3"), true, specs.StateCreated},
		{"hooks", withHook, false, specs.StateCreated},
	} {
		t.Run(tt.name, func(t *testing.T) {
			o := CreateOpts{Bundle: bundle, Spec: tt.spec, StartNow: true}
			if tt.pidFile {
				o.PidFile = filepath.Join(t.TempDir(), "pid")
			}
			id := fmt.Sprintf("sn%d", time.Now().UnixNano())
			c, err := r.Create(id, o)
			if err != nil {
				t.Fatal(err)
			}
			defer func() { _ = c.Delete(true) }()
			st, _ := c.State()
			_, fifoErr := os.Lstat(filepath.Join(r.root, id, fifoName))
			// "plain" may already have exited (stopped): anything but created.
			if (tt.want == specs.StateCreated) != (st.Status == specs.StateCreated) || (tt.want == specs.StateCreated) != (fifoErr == nil) {
				t.Fatalf("after Create: status %s, exec fifo %v; want %s", st.Status, fifoErr, tt.want)
			}
			if err := c.Start(); err != nil {
				t.Fatal(err)
			}
			if es, err := c.Wait(); err != nil || es.Code != 3 {
				t.Fatalf("wait: %+v, %v; want code 3", es, err)
			}
		})
	}
}
