package engine

import (
	"bytes"
	"encoding/json"
	"strings"
	"testing"
	"time"

	specs "github.com/opencontainers/runtime-spec/specs-go"

	"github.com/tent-dev/tent/internal/container"
	"github.com/tent-dev/tent/network"
)

var now = time.Date(2026, 11, 25, 12, 0, 0, 0, time.UTC)

func TestHumanDuration(t *testing.T) {
	tests := []struct {
		d    time.Duration
		want string
	}{
		{500 * time.Millisecond, "Less than a second"},
		{time.Second, "1 second"},
		{45 * time.Second, "45 seconds"},
		{90 * time.Second, "About a minute"},
		{3 * time.Minute, "3 minutes"},
		{time.Hour, "About an hour"},
		{5 * time.Hour, "5 hours"},
		{72 * time.Hour, "3 days"},
		{21 * 24 * time.Hour, "3 weeks"},
		{90 * 24 * time.Hour, "3 months"},
		{3 * 365 * 24 * time.Hour, "3 years"},
	}
	for _, tt := range tests {
		if got := HumanDuration(tt.d); got != tt.want {
			t.Errorf("HumanDuration(%v) = %q, want %q", tt.d, got, tt.want)
		}
	}
}

func TestStatusString(t *testing.T) {
	tests := []struct {
		s    container.State
		want string
	}{
		{container.State{Status: container.StatusCreated}, "Created"},
		{container.State{Status: container.StatusRunning, StartedAt: now.Add(-3 * time.Minute)}, "Up 3 minutes"},
		{container.State{Status: container.StatusRunning, StartedAt: now.Add(-2 * time.Minute), Health: &container.Health{Status: "healthy"}}, "Up 2 minutes (healthy)"},
		{container.State{Status: container.StatusRunning, StartedAt: now.Add(-time.Second), Health: &container.Health{Status: "starting"}}, "Up 1 second (health: starting)"},
		{container.State{Status: container.StatusExited, ExitCode: 0, FinishedAt: now.Add(-5 * time.Second)}, "Exited (0) 5 seconds ago"},
		{container.State{Status: container.StatusExited, ExitCode: 137}, "Exited (137)"},
		{container.State{Status: container.StatusRestarting, ExitCode: 1, FinishedAt: now.Add(-2 * time.Second)}, "Restarting (1) 2 seconds ago"},
		{container.State{Status: container.StatusRemoving}, "Removal In Progress"},
	}
	for _, tt := range tests {
		if got := StatusString(tt.s, now); got != tt.want {
			t.Errorf("StatusString(%+v) = %q, want %q", tt.s, got, tt.want)
		}
	}
}

func TestPsRowAndWritePs(t *testing.T) {
	att, _ := json.Marshal(network.Attachment{Ports: []network.PortMapping{
		{HostIP: "0.0.0.0", HostPort: 8080, ContainerPort: 80, Proto: "tcp"},
		{HostPort: 5353, ContainerPort: 53, Proto: "udp"},
	}})
	id := strings.Repeat("ab", 32)
	rec := &container.Record{
		ID: id, Name: "web", Image: "busybox", Path: "sh", Args: []string{"-c", "while true; do sleep 1; done"},
		Created: now.Add(-3 * time.Minute), Network: att,
		State: container.State{Status: container.StatusRunning, StartedAt: now.Add(-3 * time.Minute)},
	}
	r := psRow(rec, now, false)
	want := PsRow{ID: id[:12], Image: "busybox", Command: `"sh -c while true; d…"`, RunningFor: "3 minutes ago",
		Ports: "0.0.0.0:8080->80/tcp, 0.0.0.0:5353->53/udp", Status: "Up 3 minutes", State: "running", Names: "web"}
	r.CreatedAt = ""
	if r != want {
		t.Fatalf("psRow:\n got %+v\nwant %+v", r, want)
	}
	if full := psRow(rec, now, true); full.ID != id || !strings.Contains(full.Command, "sleep 1; done") {
		t.Fatalf("--no-trunc: %+v", full)
	}
	tests := []struct {
		format string
		quiet  bool
		want   string
	}{
		{"", false, "CONTAINER ID   IMAGE     COMMAND                  CREATED         STATUS         PORTS                                        NAMES\n" +
			id[:12] + "   busybox   \"sh -c while true; d…\"   3 minutes ago   Up 3 minutes   0.0.0.0:8080->80/tcp, 0.0.0.0:5353->53/udp   web\n"},
		{"", true, id[:12] + "\n"},
		{"{{.Names}} {{.Status}}", false, "web Up 3 minutes\n"},
		{"table {{.ID}}\t{{.Names}}", false, "CONTAINER ID   NAMES\n" + id[:12] + "   web\n"},
		{`table {{.ID}}\t{{.Names}}`, false, "CONTAINER ID   NAMES\n" + id[:12] + "   web\n"},
	}
	for _, tt := range tests {
		var b bytes.Buffer
		if err := WritePs(&b, []PsRow{r}, tt.format, tt.quiet); err != nil {
			t.Fatal(err)
		}
		if b.String() != tt.want {
			t.Errorf("format %q:\n got %q\nwant %q", tt.format, b.String(), tt.want)
		}
	}
	var b bytes.Buffer
	WritePs(&b, []PsRow{r}, "json", false)
	var back PsRow
	if err := json.Unmarshal(b.Bytes(), &back); err != nil || back.Names != "web" {
		t.Fatalf("json: %s %v", b.String(), err)
	}
}

func TestEllipsis(t *testing.T) {
	for in, want := range map[string]string{"short": "short", "exactly twenty chars": "exactly twenty chars", "twenty-one characters": "twenty-one characte…", "héllo wörld ünïcode ok": "héllo wörld ünïcode…"} {
		if got := ellipsis(in, 20); got != want {
			t.Errorf("ellipsis(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestParseSignal(t *testing.T) {
	for in, want := range map[string]int{"KILL": 9, "SIGTERM": 15, "sigusr1": 10, "9": 9, "hup": 1} {
		if got, err := ParseSignal(in); err != nil || int(got) != want {
			t.Errorf("ParseSignal(%q) = %d, %v", in, got, err)
		}
	}
	for _, bad := range []string{"NOPE", "0", "99", ""} {
		if _, err := ParseSignal(bad); err == nil {
			t.Errorf("ParseSignal(%q) accepted", bad)
		}
	}
}

func TestExecProcess(t *testing.T) {
	base := &specs.Process{Args: []string{"sleep", "1"}, Env: []string{"PATH=/bin", "A=1"}, Cwd: "/",
		Capabilities: &specs.LinuxCapabilities{Bounding: []string{"CAP_KILL"}}}
	lookup := func(k string) (string, bool) { return map[string]string{"FROM_HOST": "h"}[k], k == "FROM_HOST" }
	p, err := execProcess(base, ExecOptions{Cmd: []string{"env"}, Env: []string{"A=2", "B=3", "FROM_HOST", "UNSET"}, Workdir: "/tmp", TTY: true}, 0, lookup)
	if err != nil {
		t.Fatal(err)
	}
	wantEnv := "PATH=/bin A=2 B=3 FROM_HOST=h TERM=xterm"
	if strings.Join(p.Env, " ") != wantEnv || p.Cwd != "/tmp" || !p.Terminal || p.Args[0] != "env" || p.Capabilities != base.Capabilities {
		t.Fatalf("exec process: %+v", p)
	}
	if base.Args[0] != "sleep" || len(base.Env) != 2 {
		t.Fatalf("base changed: %+v", base)
	}
	if _, err := execProcess(base, ExecOptions{}, 0, lookup); err == nil {
		t.Fatal("no command accepted")
	}
}

func TestHealthFromOptions(t *testing.T) {
	h, err := healthFromOptions(nil, RunOptions{HealthCmd: "curl -f localhost", HealthInterval: "2s", HealthRetries: 5})
	if err != nil || strings.Join(h.Test, "|") != "/bin/sh|-c|curl -f localhost" || h.Interval != 2*time.Second || h.Retries != 5 {
		t.Fatalf("health: %+v, %v", h, err)
	}
	if h, _ := healthFromOptions(nil, RunOptions{}); h != nil {
		t.Fatalf("no health check expected: %+v", h)
	}
	if _, err := healthFromOptions(nil, RunOptions{HealthCmd: "x", HealthInterval: "soon"}); err == nil {
		t.Fatal("bad interval accepted")
	}
	for in, want := range map[string]string{"CMD|a|b": "a|b", "CMD-SHELL|x y": "/bin/sh|-c|x y", "NONE": ""} {
		if got := strings.Join(healthTest(strings.Split(in, "|")), "|"); got != want {
			t.Errorf("healthTest(%s) = %s", in, got)
		}
	}
}

func TestStatsRowsAndBytes(t *testing.T) {
	t0 := now
	prev := []StatSample{{ID: strings.Repeat("c", 64), At: t0}}
	cur := []StatSample{{ID: strings.Repeat("c", 64), Name: "db", At: t0.Add(time.Second),
		Stats: statsOf(500_000_000, 1536*1024, 0, 3)}}
	rows := StatsRows(prev, cur, 8<<30)
	want := StatsRow{ID: "cccccccccccc", Name: "db", CPUPerc: "50.00%", MemUsage: "1.5MiB / 8GiB", MemPerc: "0.02%", PIDs: "3"}
	if len(rows) != 1 || rows[0] != want {
		t.Fatalf("rows %+v", rows)
	}
}
