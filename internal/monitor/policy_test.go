package monitor

import (
	"testing"
	"time"

	"github.com/tent-dev/tent/internal/exitcode"
)

func TestParsePolicyAndRestart(t *testing.T) {
	tests := []struct {
		in         string
		code, n    int
		byUser     bool
		want, fail bool
	}{
		{in: "", code: 1},
		{in: "no", code: 1},
		{in: "always", code: 0, want: true},
		{in: "always", code: 0, byUser: true},
		{in: "unless-stopped", code: 3, n: 50, want: true},
		{in: "on-failure", code: 0},
		{in: "on-failure", code: 1, n: 99, want: true},
		{in: "on-failure:2", code: 1, n: 1, want: true},
		{in: "on-failure:2", code: 1, n: 2},
		{in: "on-failure:x", fail: true},
		{in: "always:3", fail: true},
		{in: "sometimes", fail: true},
	}
	for _, tt := range tests {
		p, err := ParsePolicy(tt.in)
		if (err != nil) != tt.fail {
			t.Errorf("ParsePolicy(%q) err %v", tt.in, err)
			continue
		}
		if got := p.Restart(tt.code, tt.n, tt.byUser); !tt.fail && got != tt.want {
			t.Errorf("%q.Restart(%d, %d, %v) = %v", tt.in, tt.code, tt.n, tt.byUser, got)
		}
	}
	if p, _ := ParsePolicy("on-failure:5"); p.String() != "on-failure:5" {
		t.Errorf("String = %q", p.String())
	}
}

func TestBackoff(t *testing.T) {
	b := &Backoff{Initial: 100 * time.Millisecond, Max: 500 * time.Millisecond, Reset: 10 * time.Second}
	var got []time.Duration
	for _, ran := range []time.Duration{0, 0, 0, 0, 0, time.Minute, 0} {
		got = append(got, b.Next(ran))
	}
	ms := time.Millisecond
	want := []time.Duration{100 * ms, 200 * ms, 400 * ms, 500 * ms, 500 * ms, 100 * ms, 200 * ms}
	for i := range want {
		if got[i] != want[i] {
			t.Fatalf("backoff %v, want %v", got, want)
		}
	}
}

func TestParseNotify(t *testing.T) {
	tests := []struct {
		line string
		code int
		msg  string
	}{
		{"ok\n", 0, ""},
		{"error 127 exec: \"nope\": not found\n", 127, "exec: \"nope\": not found"},
		{"error x bad\n", 125, "bad"},
		{"", 125, "monitor died before the container started: "},
	}
	for _, tt := range tests {
		err := parseNotify(tt.line, "/nonexistent")
		if tt.code == 0 {
			if err != nil {
				t.Errorf("%q: %v", tt.line, err)
			}
			continue
		}
		se, ok := err.(*exitcode.Error)
		if !ok || se.Code != tt.code || se.Error() != tt.msg {
			t.Errorf("%q: %#v", tt.line, err)
		}
	}
}

func TestParseMapsLine(t *testing.T) {
	tests := []struct {
		line string
		ok   bool
		size uintptr
	}{
		{"00400000-0099b000 r-xp 00000000 fe:01 123 /usr/bin/tent", true, 0x59b000},
		{"0099b000-00fc3000 r--p 0059b000 fe:01 123 /usr/bin/tent", true, 0x628000},
		{"00fc3000-01038000 rw-p 00bc3000 fe:01 123 /usr/bin/tent", false, 0},
		{"01038000-032a4000 rw-p 00000000 00:00 0", false, 0},
		{"7f0000-7f1000 r-xp 00000000 fe:01 9 /usr/lib/libc.so.6", false, 0},
	}
	for _, tt := range tests {
		s, ok := parseMapsLine(tt.line, "/usr/bin/tent")
		if ok != tt.ok || s.size != tt.size {
			t.Errorf("%q: %+v %v", tt.line, s, ok)
		}
	}
}
