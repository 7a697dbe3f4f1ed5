package runtime

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	specs "github.com/opencontainers/runtime-spec/specs-go"

	"github.com/tent-dev/tent/internal/testutil"
)

func TestHooks(t *testing.T) {
	testutil.RequireRoot(t)
	r := newTestRuntime(t)
	bundle := busyboxBundle(t)
	dir := t.TempDir()
	hook := func(name string) []specs.Hook {
		// busybox sh on the host: the state arrives on stdin.
		return []specs.Hook{{Path: "/bin/busybox", Args: []string{"sh", "-c", "cat > " + filepath.Join(dir, name)}}}
	}
	spec := testSpec("true")
	spec.Hooks = &specs.Hooks{CreateRuntime: hook("createRuntime"), Poststart: hook("poststart"), Poststop: hook("poststop")}
	res := runContainer(t, r, bundle, spec)
	if res.err != nil {
		t.Fatal(res.err)
	}
	for name, status := range map[string]specs.ContainerState{
		"createRuntime": specs.StateCreated, "poststart": specs.StateRunning, "poststop": specs.StateStopped} {
		b, err := os.ReadFile(filepath.Join(dir, name))
		if err != nil {
			t.Errorf("%s hook did not run: %v", name, err)
			continue
		}
		var st specs.State
		if err := json.Unmarshal(b, &st); err != nil || st.Status != status || !strings.HasPrefix(st.ID, "t") {
			t.Errorf("%s hook got state %s (%v), want status %s", name, b, err, status)
		}
	}
	spec.Hooks = &specs.Hooks{CreateRuntime: []specs.Hook{{Path: "/bin/false"}}}
	if res := runContainer(t, r, bundle, spec); res.err == nil || !strings.Contains(res.err.Error(), "createRuntime hook") {
		t.Errorf("a failing createRuntime hook: %v", res.err)
	}
	// A failed poststop hook is a warning: the delete succeeds.
	var warned []string
	r.opts.warn = func(f string, a ...any) { warned = append(warned, fmt.Sprintf(f, a...)) }
	spec.Hooks = &specs.Hooks{Poststop: []specs.Hook{{Path: "/bin/false"}}}
	if res := runContainer(t, r, bundle, spec); res.err != nil || len(warned) != 1 || !strings.Contains(warned[0], "poststop hook /bin/false") {
		t.Errorf("a failing poststop hook: %v, warnings %q", res.err, warned)
	}
}
