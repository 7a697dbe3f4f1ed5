package main

import (
	"bytes"
	"encoding/json"
	"strings"
	"testing"
	"time"

	units "github.com/docker/go-units"

	"github.com/tent-dev/tent/internal/engine"
	"github.com/tent-dev/tent/network"
)

var now = time.Date(2026, 11, 25, 12, 0, 0, 0, time.UTC)

// TestHumanDuration pins the durations ps shows (go-units', as Docker's).
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
		if got := units.HumanDuration(tt.d); got != tt.want {
			t.Errorf("HumanDuration(%v) = %q, want %q", tt.d, got, tt.want)
		}
	}
}

func TestStatusString(t *testing.T) {
	tests := []struct {
		s    engine.InspectState
		want string
	}{
		{engine.InspectState{Status: engine.StatusCreated}, "Created"},
		{engine.InspectState{Status: engine.StatusRunning, StartedAt: now.Add(-3 * time.Minute)}, "Up 3 minutes"},
		{engine.InspectState{Status: engine.StatusRunning, StartedAt: now.Add(-2 * time.Minute), Health: &engine.Health{Status: "healthy"}}, "Up 2 minutes (healthy)"},
		{engine.InspectState{Status: engine.StatusRunning, StartedAt: now.Add(-time.Second), Health: &engine.Health{Status: "starting"}}, "Up 1 second (health: starting)"},
		{engine.InspectState{Status: engine.StatusExited, ExitCode: 0, FinishedAt: now.Add(-5 * time.Second)}, "Exited (0) 5 seconds ago"},
		{engine.InspectState{Status: engine.StatusExited, ExitCode: 137}, "Exited (137)"},
		{engine.InspectState{Status: engine.StatusRestarting, ExitCode: 1, FinishedAt: now.Add(-2 * time.Second)}, "Restarting (1) 2 seconds ago"},
		{engine.InspectState{Status: engine.StatusRemoving}, "Removal In Progress"},
	}
	for _, tt := range tests {
		if got := statusString(tt.s, now); got != tt.want {
			t.Errorf("statusString(%+v) = %q, want %q", tt.s, got, tt.want)
		}
	}
}

func TestPsRowAndWritePs(t *testing.T) {
	id := strings.Repeat("ab", 32)
	s := engine.Summary{
		ID: id, Name: "web", Image: "busybox", Command: []string{"sh", "-c", "while true; do sleep 1; done"},
		Created: now.Add(-3 * time.Minute),
		State:   engine.InspectState{Status: engine.StatusRunning, Running: true, StartedAt: now.Add(-3 * time.Minute)},
		Ports: []network.PortMapping{
			{HostIP: "0.0.0.0", HostPort: 8080, ContainerPort: 80, Proto: "tcp"},
			{HostPort: 5353, ContainerPort: 53, Proto: "udp"},
		},
	}
	r := newPsRow(s, now, false)
	want := psRow{ID: id[:12], Image: "busybox", Command: `"sh -c while true; d…"`, RunningFor: "3 minutes ago",
		Ports: "0.0.0.0:8080->80/tcp, 0.0.0.0:5353->53/udp", Status: "Up 3 minutes", State: "running", Names: "web"}
	r.CreatedAt = ""
	if r != want {
		t.Fatalf("psRow:\n got %+v\nwant %+v", r, want)
	}
	if full := newPsRow(s, now, true); full.ID != id || !strings.Contains(full.Command, "sleep 1; done") {
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
		if err := writePs(&b, []psRow{r}, tt.format, tt.quiet); err != nil {
			t.Fatal(err)
		}
		if b.String() != tt.want {
			t.Errorf("format %q:\n got %q\nwant %q", tt.format, b.String(), tt.want)
		}
	}
	// The default table is Docker's table format, without the template.
	rows := []psRow{r, newPsRow(engine.Summary{ID: id, Name: "x", Image: "i", Command: []string{"true"}, Created: now,
		State: engine.InspectState{Status: engine.StatusExited, ExitCode: 1, FinishedAt: now}}, now, false)}
	var direct, tmpl bytes.Buffer
	if err := writePs(&direct, rows, "table", false); err != nil {
		t.Fatal(err)
	}
	if err := writeTemplate(&tmpl, rows, psTableFormat, psHeader); err != nil {
		t.Fatal(err)
	}
	if direct.String() != tmpl.String() {
		t.Errorf("default table:\n%s\ntemplate %q:\n%s", direct.String(), psTableFormat, tmpl.String())
	}
	var b bytes.Buffer
	writePs(&b, []psRow{r}, "json", false)
	var back psRow
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

func TestFormatInspect(t *testing.T) {
	in := &engine.Inspect{ID: "abc", State: engine.InspectState{Status: engine.StatusRunning},
		HostConfig: engine.HostConfig{Memory: 1 << 30}}
	got, err := formatInspect(in, "{{.Id}} {{.State.Status}} {{.HostConfig.Memory}}")
	if err != nil || got != "abc running 1073741824\n" {
		t.Fatalf("formatInspect = %q, %v", got, err)
	}
}
