package main

import (
	"strings"
	"testing"

	"github.com/spf13/pflag"
)

func parseUpdate(t *testing.T, args ...string) (*updateFlags, error) {
	t.Helper()
	var o updateFlags
	fs := pflag.NewFlagSet("update", pflag.ContinueOnError)
	o.register(fs)
	return &o, fs.Parse(args)
}

func TestUpdateResources(t *testing.T) {
	o, err := parseUpdate(t, "--memory", "64m", "--memory-swap=-1", "--cpu-quota", "50000", "--cpu-period=100000",
		"--cpuset-cpus", "0", "--pids-limit", "20", "--cpu-shares", "512")
	if err != nil {
		t.Fatal(err)
	}
	r, err := o.resources(strings.NewReader(""))
	if err != nil {
		t.Fatal(err)
	}
	switch {
	case *r.Memory.Limit != 64<<20 || *r.Memory.Swap != -1 || r.Memory.Reservation != nil:
		t.Errorf("memory %+v", r.Memory)
	case *r.CPU.Quota != 50000 || *r.CPU.Period != 100000 || *r.CPU.Shares != 512 || r.CPU.Cpus != "0" || r.CPU.Mems != "":
		t.Errorf("cpu %+v", r.CPU)
	case *r.Pids.Limit != 20:
		t.Errorf("pids %+v", r.Pids)
	}

	// --resources - from stdin, a flag on top.
	o, _ = parseUpdate(t, "--resources", "-", "--pids-limit", "5")
	r, err = o.resources(strings.NewReader(`{"memory":{"limit":1048576},"pids":{"limit":99}}`))
	if err != nil || *r.Memory.Limit != 1<<20 || *r.Pids.Limit != 5 || r.CPU != nil {
		t.Errorf("resources from stdin: %+v, %v", r, err)
	}

	for _, bad := range [][]string{{"--memory", "lots"}, {"--blkio-weight", "10"}, {"--kernel-memory", "1m"}, {"-r", "-"}} {
		o, _ := parseUpdate(t, bad...)
		if _, err := o.resources(strings.NewReader("{bad")); err == nil {
			t.Errorf("%v: no error", bad)
		}
	}
}

func TestParseBytes(t *testing.T) {
	for in, want := range map[string]int64{"100": 100, "64m": 64 << 20, "64M": 64 << 20, "1k": 1024, "2g": 2 << 30,
		"1.5GiB": 3 << 29, "10mb": 10 << 20, "-1": -1} {
		if got, err := parseBytes(in); err != nil || got != want {
			t.Errorf("parseBytes(%q) = %d, %v; want %d", in, got, err, want)
		}
	}
	for _, bad := range []string{"", "lots", "m", "-5", "1x", "1mm"} {
		if _, err := parseBytes(bad); err == nil {
			t.Errorf("parseBytes(%q): no error", bad)
		}
	}
}
