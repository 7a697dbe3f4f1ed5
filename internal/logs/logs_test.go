package logs

import (
	"bytes"
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"sync/atomic"
	"testing"
	"time"
)

var t0 = time.Date(2026, 11, 24, 23, 59, 1, 123456789, time.UTC)

func clock() func() time.Time { return func() time.Time { return t0 } }

func TestAppendEntryIsDockerJSON(t *testing.T) {
	tests := []string{"hello\n", "tab\tquote\"back\\slash\n", "\x00\x1b[31mred\n", "héllo ✓\n", "bad \xff utf8"}
	for _, in := range tests {
		b := appendEntry(nil, []byte(in), "stderr", t0)
		var e Entry
		if err := json.Unmarshal(b, &e); err != nil {
			t.Fatalf("%q: %s: %v", in, b, err)
		}
		want := strings.ToValidUTF8(in, "\ufffd")
		if e.Log != want || e.Stream != "stderr" || !e.Time.Equal(t0) || b[len(b)-1] != '\n' {
			t.Errorf("%q → %+v", in, e)
		}
	}
	if got := string(appendEntry(nil, []byte("x\n"), "stdout", t0)); got != `{"log":"x\n","stream":"stdout","time":"2026-11-24T23:59:01.123456789Z"}`+"\n" {
		t.Errorf("format: %s", got)
	}
}

func TestWriterRotation(t *testing.T) {
	tests := []struct {
		maxFiles, lines int
		wantFiles       int
	}{
		{3, 100, 3},
		{1, 100, 1},
		{3, 1, 1},
	}
	for _, tt := range tests {
		p := filepath.Join(t.TempDir(), "c-json.log")
		w, err := NewWriter(p, WithMaxSize(500), WithMaxFiles(tt.maxFiles), WithClock(clock()))
		if err != nil {
			t.Fatal(err)
		}
		for i := 0; i < tt.lines; i++ {
			w.Write("stdout", []byte("line\n"))
		}
		w.Close()
		got := rotated(p)
		if len(got) != tt.wantFiles {
			t.Errorf("maxFiles %d: files %v", tt.maxFiles, got)
		}
		for _, f := range got {
			if st, _ := os.Stat(f); st.Size() > 500 {
				t.Errorf("%s is %d bytes", f, st.Size())
			}
		}
	}
}

func TestPumpAndRead(t *testing.T) {
	p := filepath.Join(t.TempDir(), "c-json.log")
	w, _ := NewWriter(p, WithClock(clock()))
	Pump(w, "stdout", strings.NewReader("one\ntwo\nthree"))
	Pump(w, "stderr", strings.NewReader("err\n"))
	long := strings.Repeat("x", maxLine+10) + "\n"
	Pump(w, "stdout", strings.NewReader(long))
	w.Close()
	tests := []struct {
		o              ReadOptions
		stdout, stderr string
	}{
		{ReadOptions{Tail: -1}, "one\ntwo\nthree" + long, "err\n"},
		{ReadOptions{Tail: 2}, long, ""},
		{ReadOptions{Tail: 3}, long, "err\n"},
		{ReadOptions{Tail: 0}, "", ""},
		{ReadOptions{Tail: -1, Since: t0.Add(time.Second)}, "", ""},
	}
	for i, tt := range tests {
		var o, e bytes.Buffer
		if err := Read(context.Background(), p, tt.o, &o, &e); err != nil {
			t.Fatal(err)
		}
		if o.String() != tt.stdout || e.String() != tt.stderr {
			t.Errorf("%d: stdout %d bytes %.20q, stderr %q", i, o.Len(), o.String(), e.String())
		}
	}
	var o bytes.Buffer
	Read(context.Background(), p, ReadOptions{Tail: 1, Timestamps: true}, &o, &o)
	if !strings.HasPrefix(o.String(), "2026-11-24T23:59:01.123456789Z xxx") {
		t.Errorf("timestamps: %.40q", o.String())
	}
}

func TestFollowAcrossRotation(t *testing.T) {
	p := filepath.Join(t.TempDir(), "c-json.log")
	w, _ := NewWriter(p, WithMaxSize(300), WithClock(clock()))
	w.Write("stdout", []byte("before\n"))
	var done atomic.Bool
	var o bytes.Buffer
	finished := make(chan error)
	go func() {
		finished <- Read(context.Background(), p, ReadOptions{Tail: -1, Follow: true, Done: done.Load, Poll: 5 * time.Millisecond}, &o, &o)
	}()
	time.Sleep(30 * time.Millisecond)
	for i := 0; i < 10; i++ {
		w.Write("stdout", []byte("after\n"))
		time.Sleep(10 * time.Millisecond)
	}
	done.Store(true)
	if err := <-finished; err != nil {
		t.Fatal(err)
	}
	if got := strings.Count(o.String(), "after\n"); got != 10 || !strings.HasPrefix(o.String(), "before\n") {
		t.Fatalf("followed %q", o.String())
	}
}
