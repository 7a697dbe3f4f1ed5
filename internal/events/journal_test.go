package events

import (
	"context"
	"fmt"
	"os"
	"os/exec"
	"strconv"
	"sync"
	"testing"
	"time"
)

// A child process of the test binary appends events when this is set
// (TestConcurrentWriters).
const writerEnv = "TENT_EVENTS_TEST_WRITER"

func TestMain(m *testing.M) {
	if v := os.Getenv(writerEnv); v != "" {
		var dir, name string
		var n, size int
		fmt.Sscanf(v, "%s %s %d %d", &dir, &name, &n, &size)
		j := &Journal{Dir: dir, SegmentSize: int64(size), Keep: 1000}
		for i := range n {
			if err := j.Append(Container("start", name, fmt.Sprintf("%s-%d", name, i), "img")); err != nil {
				fmt.Fprintln(os.Stderr, err)
				os.Exit(1)
			}
		}
		os.Exit(0)
	}
	os.Exit(m.Run())
}

func readAll(t *testing.T, j *Journal) []Event {
	t.Helper()
	var out []Event
	if _, err := j.Reader().Poll(func(ev Event) bool { out = append(out, ev); return true }); err != nil {
		t.Fatal(err)
	}
	return out
}

func TestAppendRead(t *testing.T) {
	dir := t.TempDir() + "/events"
	if got := readAll(t, Open(dir)); len(got) != 0 {
		t.Fatalf("empty journal: %d events", len(got))
	}
	for _, a := range []string{"create", "start", "die"} {
		if err := Append(dir, Container(a, "abc", "web", "alpine", "exitCode", "0")); err != nil {
			t.Fatal(err)
		}
	}
	got := readAll(t, Open(dir))
	if len(got) != 3 || got[0].Action != "create" || got[2].Action != "die" {
		t.Fatalf("events: %+v", got)
	}
	ev := got[2]
	if ev.Status != "die" || ev.ID != "abc" || ev.From != "alpine" || ev.Scope != "local" ||
		ev.Actor.Attributes["name"] != "web" || ev.Actor.Attributes["exitCode"] != "0" || ev.TimeNano == 0 {
		t.Errorf("event shape: %+v", ev)
	}
}

func TestRotationKeepsBound(t *testing.T) {
	j := &Journal{Dir: t.TempDir(), SegmentSize: 1024, Keep: 3}
	for i := range 200 {
		if err := j.Append(Container("start", strconv.Itoa(i), "n", "i")); err != nil {
			t.Fatal(err)
		}
	}
	seqs, err := j.segments()
	if err != nil {
		t.Fatal(err)
	}
	if len(seqs) != 3 {
		t.Fatalf("segments kept: %v, want 3", seqs)
	}
	for _, s := range seqs {
		st, err := os.Stat(j.segmentPath(s))
		if err != nil {
			t.Fatal(err)
		}
		if st.Size() > 1024+300 {
			t.Errorf("segment %d is %d bytes, bound 1024", s, st.Size())
		}
	}
	got := readAll(t, j)
	if len(got) == 0 || got[len(got)-1].Actor.ID != "199" {
		t.Fatalf("last event kept: %+v", got[len(got)-1:])
	}
	for i := 1; i < len(got); i++ { // in order, none missing in what is kept
		a, _ := strconv.Atoi(got[i-1].Actor.ID)
		b, _ := strconv.Atoi(got[i].Actor.ID)
		if b != a+1 {
			t.Fatalf("event %d after %d", b, a)
		}
	}
}

func TestConcurrentWriters(t *testing.T) {
	dir := t.TempDir()
	const goroutines, procs, each, size = 8, 4, 50, 4096
	j := &Journal{Dir: dir, SegmentSize: size, Keep: 1000}
	var wg sync.WaitGroup
	errs := make(chan error, goroutines+procs)
	for g := range goroutines {
		wg.Go(func() {
			for i := range each {
				if err := j.Append(Container("start", fmt.Sprintf("g%d", g), fmt.Sprintf("g%d-%d", g, i), "img")); err != nil {
					errs <- err
					return
				}
			}
		})
	}
	exe, err := os.Executable()
	if err != nil {
		t.Fatal(err)
	}
	for p := range procs {
		wg.Go(func() {
			cmd := exec.Command(exe, "-test.run=^$")
			cmd.Env = append(os.Environ(), fmt.Sprintf("%s=%s p%d %d %d", writerEnv, dir, p, each, size))
			if out, err := cmd.CombinedOutput(); err != nil {
				errs <- fmt.Errorf("writer process: %v: %s", err, out)
			}
		})
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Fatal(err)
	}
	got := readAll(t, j)
	if len(got) != (goroutines+procs)*each {
		t.Fatalf("read %d events, want %d", len(got), (goroutines+procs)*each)
	}
	next := map[string]int{} // each writer's events in its order
	for _, ev := range got {
		w := ev.Actor.ID
		if want := fmt.Sprintf("%s-%d", w, next[w]); ev.Actor.Attributes["name"] != want {
			t.Fatalf("writer %s: got %s, want %s", w, ev.Actor.Attributes["name"], want)
		}
		next[w]++
	}
	if seqs, _ := j.segments(); len(seqs) < 2 {
		t.Errorf("no rotation under concurrent writers: %v", seqs)
	}
}

// A writer that died in the middle of its line leaves a cut line: readers
// skip it, and the next append still reads back whole.
func TestTornWrite(t *testing.T) {
	j := Open(t.TempDir())
	if err := j.Append(Container("create", "a", "n", "i")); err != nil {
		t.Fatal(err)
	}
	f, err := os.OpenFile(j.segmentPath(1), os.O_WRONLY|os.O_APPEND, 0)
	if err != nil {
		t.Fatal(err)
	}
	f.WriteString(`{"status":"start","id":"a","Ty`) // the crash
	f.Close()
	if got := readAll(t, j); len(got) != 1 {
		t.Fatalf("with a torn tail: %d events, want 1", len(got))
	}
	if err := j.Append(Container("die", "a", "n", "i")); err != nil {
		t.Fatal(err)
	}
	got := readAll(t, j)
	if len(got) != 2 || got[1].Action != "die" {
		t.Fatalf("after the torn line: %+v", got)
	}
}

func TestFollow(t *testing.T) {
	j := &Journal{Dir: t.TempDir(), SegmentSize: 512, Keep: 100}
	j.Append(Container("create", "a", "n", "i"))
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	go func() {
		for i := range 20 { // across rotations
			time.Sleep(5 * time.Millisecond)
			j.Append(Container("start", strconv.Itoa(i), "n", "i"))
		}
	}()
	var got []string
	err := j.Follow(ctx, func(ev Event) bool {
		got = append(got, ev.Actor.ID)
		return ev.Actor.ID != "19"
	})
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != 21 || got[0] != "a" {
		t.Fatalf("followed %v", got)
	}
}
