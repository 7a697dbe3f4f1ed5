package monitor

import (
	"errors"
	"os"
	"testing"

	"golang.org/x/sys/unix"
)

// TestAdoptClonedAhead: the init cloned ahead is the one handed to the CLI
// when it asks for that init, and is killed when the CLI asks for another
// or fails.
func TestAdoptClonedAhead(t *testing.T) {
	other := sleepInit
	other.Args = []string{"sleep", "31"}
	tests := []struct {
		name  string
		ask   InitCommand
		stdin bool
		taken string
	}{
		{"same init", sleepInit, false, "ahead"},
		{"another command", other, false, "ahead, not taken: another init command"},
		{"stdin pipe", sleepInit, true, "ahead, not taken: stdin is a pipe"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			tg, a, _ := adoptPair(t)
			tg.pre = clonePre(sleepInit)
			if tg.pre == nil {
				t.Fatal("nothing cloned ahead")
			}
			ahead := tg.pre.init.pid
			outR, outW, errR, errW, ok := tg.takePipes()
			if !ok {
				t.Fatal("no pipes of the init cloned ahead")
			}
			defer closeFiles([]*os.File{outR, outW, errR, errW})
			done := startAsync(tg, outW)
			pid := clone(t, a, tt.ask, tt.stdin)
			if err := a.Started(nil); err != nil {
				t.Fatal(err)
			}
			if err := <-done; err != nil {
				t.Fatal(err)
			}
			if tg.cloned != tt.taken || (pid == ahead) != (tt.taken == "ahead") {
				t.Errorf("cloned %q, pid %d (ahead %d), want %q", tg.cloned, pid, ahead, tt.taken)
			}
			if tt.taken != "ahead" && unix.Kill(ahead, 0) != unix.ESRCH {
				t.Errorf("the init cloned ahead (%d) was not reaped", ahead)
			}
		})
	}
	t.Run("cli fails", func(t *testing.T) {
		tg, a, out := adoptPair(t)
		tg.pre = clonePre(sleepInit)
		ahead := tg.pre.init.pid
		done := startAsync(tg, out)
		a.Failed(errors.New("bad image"))
		if err := <-done; err == nil {
			t.Fatal("the monitor started a run")
		}
		if unix.Kill(ahead, 0) != unix.ESRCH {
			t.Errorf("the init cloned ahead (%d) was not reaped", ahead)
		}
	})
}
