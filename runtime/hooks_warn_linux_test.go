package runtime

import (
	"encoding/json"
	"os"
	"path/filepath"
	"testing"

	specs "github.com/opencontainers/runtime-spec/specs-go"
)

// TestRunHooksWarn: a failing poststop hook is handed to warn and the next
// one still runs with the state on stdin (runtime-tools' poststop_fail).
func TestRunHooksWarn(t *testing.T) {
	out := filepath.Join(t.TempDir(), "out")
	h := &specs.Hooks{Poststop: []specs.Hook{
		{Path: "/bin/false"},
		{Path: "/bin/sh", Args: []string{"sh", "-c", "cat > " + out}},
	}}
	var warned []string
	runHooksWarn(h, hookPoststop, &specs.State{ID: "c1", Status: specs.StateStopped}, func(err error) {
		warned = append(warned, err.Error())
	})
	if len(warned) != 1 || warned[0] != "poststop hook /bin/false: exit status 1" {
		t.Errorf("warnings %q, want one naming the poststop hook /bin/false and its exit (no output to add)", warned)
	}
	b, err := os.ReadFile(out)
	if err != nil {
		t.Fatalf("the hook after the failed one did not run: %v", err)
	}
	var st specs.State
	if err := json.Unmarshal(b, &st); err != nil || st.ID != "c1" || st.Status != specs.StateStopped {
		t.Errorf("second hook got %s (%v)", b, err)
	}
	runHooksWarn(nil, hookPoststop, &specs.State{}, func(err error) { t.Errorf("no hooks, warned %v", err) })
}
