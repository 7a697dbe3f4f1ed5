package tests

import (
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// validationFloor are the runtime-tools validation programs tent-runc
// passes on the CI host (docs/runc.md has the whole table, made with
// `go run ./tests/validation`): they must keep passing. Only these run,
// to keep the test short; the tool runs all 58.
var validationFloor = []string{"config_updates_without_affect", "create", "default", "delete_only_create_resources", "delete_resources", "hostname", "kill", "kill_no_effect", "linux_cgroups_devices", "linux_cgroups_pids", "linux_cgroups_relative_cpus", "linux_cgroups_relative_devices", "linux_cgroups_relative_pids", "linux_devices", "linux_masked_paths", "linux_ns_path", "linux_ns_path_type", "linux_readonly_paths", "linux_rootfs_propagation", "linux_seccomp", "linux_sysctl", "mounts", "process", "process_oom_score_adj", "process_user", "root_readonly_true", "state"}

// TestRuntimeToolsValidation runs the OCI runtime-tools v0.9.0 validation
// programs of the floor against tent-runc (or TENT_INTEROP_RUNTIME).
func TestRuntimeToolsValidation(t *testing.T) {
	rt := interopRuntime(t)
	gobin, err := exec.LookPath("go")
	if err != nil {
		gobin = "/usr/local/go/bin/go"
	}
	cmd := exec.Command(gobin, "run", "./tests/validation", "-json", "-j", "4",
		"-runtime", "rt="+rt, "-run", "^("+strings.Join(validationFloor, "|")+")$")
	cmd.Dir = ".."
	cmd.Env = append(os.Environ(), "CGO_ENABLED=0")
	var stderr strings.Builder
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("go run ./tests/validation: %v\n%s", err, stderr.String())
	}
	var res struct {
		Outcomes map[string]map[string]struct {
			Pass     bool
			Failures []string
			Errors   []string
			Note     string
		}
	}
	if err := json.Unmarshal(out, &res); err != nil {
		t.Fatalf("validation output: %v\n%s", err, out)
	}
	passed := 0
	for _, name := range validationFloor {
		o, ok := res.Outcomes[name]["rt"]
		if !ok {
			t.Errorf("%s did not run", name)
			continue
		}
		if !o.Pass {
			t.Errorf("%s failed (twice): %v %v %s", name, o.Failures, o.Errors, o.Note)
			continue
		}
		passed++
	}
	t.Logf("%s passed %d of the %d validation programs of the floor", filepath.Base(rt), passed, len(validationFloor))
}
