package main

import (
	"bytes"
	"testing"
	"time"

	"github.com/tent-dev/tent/internal/engine"
)

func TestWriteTop(t *testing.T) {
	var b bytes.Buffer
	writeTop(&b, []engine.Process{
		{PID: 4242, User: "root", CPU: 75*time.Second + 990*time.Millisecond, Cmd: "sleep 100"},
		{PID: 7, User: "1000", Cmd: "[kworker]"},
	})
	want := "PID      USER     TIME   COMMAND\n" +
		"4242     root     1:15   sleep 100\n" +
		"7        1000     0:00   [kworker]\n"
	if b.String() != want {
		t.Errorf("got\n%s\nwant\n%s", b.String(), want)
	}
}
