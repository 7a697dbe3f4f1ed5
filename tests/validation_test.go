package tests

import (
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

// validationFloor are the runtime-tools validation programs tent-runc
// passes on the CI host (docs/runc.md has the whole table, made with
// `go run ./tests/validation`): they must keep passing. Only these run,
// to keep the test short; the tool runs all 58.
var validationFloor = []string{"config_updates_without_affect", "create", "default", "delete", "delete_only_create_resources", "delete_resources", "hostname", "kill", "kill_no_effect", "killsig", "linux_cgroups_devices", "linux_cgroups_pids", "linux_cgroups_relative_cpus", "linux_cgroups_relative_devices", "linux_cgroups_relative_pids", "linux_devices", "linux_masked_paths", "linux_ns_path", "linux_ns_path_type", "linux_readonly_paths", "linux_rootfs_propagation", "linux_seccomp", "linux_sysctl", "mounts", "process", "process_oom_score_adj", "process_user", "root_readonly_true", "state"}

// validationSilent are programs that print no check, only a diagnostic when
// something failed, and then a 1..0 plan (the report counts that failed,
// prove skipped): tent-runc must give them nothing to report. poststop_fail:
// a failed poststop hook is a warning, delete goes on.
var validationSilent = []string{"poststop", "poststop_fail"}

// TestRuntimeToolsValidation runs the OCI runtime-tools v0.9.0 validation
// programs of the floor against tent-runc (or TENT_INTEROP_RUNTIME).
func TestRuntimeToolsValidation(t *testing.T) {
	rt := interopRuntime(t)
	gobin, err := exec.LookPath("go")
	if err != nil {
		gobin = "/usr/local/go/bin/go"
	}
	progs := append(slices.Clone(validationFloor), validationSilent...)
	cmd := exec.Command(gobin, "run", "./tests/validation", "-json", "-j", "4",
		"-runtime", "rt="+rt, "-run", "^("+strings.Join(progs, "|")+")$")
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
			Exit     int
			Planned  int
			Ran      int
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
	for _, name := range validationSilent {
		o, ok := res.Outcomes[name]["rt"]
		if !ok || o.Exit != 0 || o.Planned != 0 || o.Ran != 0 || len(o.Errors) > 0 || o.Note != "" {
			t.Errorf("%s: want a 1..0 plan and nothing to report, got %+v (ran: %v)", name, o, ok)
		}
	}
	t.Logf("%s passed %d of the %d validation programs of the floor", filepath.Base(rt), passed, len(validationFloor))
}
