package tests

import (
	"strings"
	"testing"
	"time"
)

// `run -di` then attach without a tty: what attach reads on its stdin
// reaches the container's stdin through the monitor (which keeps it open
// between clients, as Docker does), the detach keys leave it running, and
// a second attach gets the exit code.
func TestAttachInteractiveNoTTY(t *testing.T) {
	name := uniq("ai")
	runD(t, "-i", "--name", name, busyboxImage(t), "sh", "-c",
		`while read l; do [ "$l" = quit ] && exit 5; echo got-$l; done; echo stdin-closed`)
	cmd := tentCmd(t, "attach", name)
	in, err := cmd.StdinPipe()
	if err != nil {
		t.Fatal(err)
	}
	out := &syncBuffer{}
	cmd.Stdout, cmd.Stderr = out, out
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	time.Sleep(300 * time.Millisecond) // connected
	in.Write([]byte("one\n"))
	waitFor(t, 5*time.Second, "the container's answer through attach", func() bool {
		return strings.Contains(out.String(), "got-one")
	})
	in.Write([]byte{0x10, 0x11}) // ctrl-p ctrl-q
	done := make(chan error, 1)
	go func() { done <- cmd.Wait() }()
	if code := waitExit(t, done, out); code != 0 {
		t.Fatalf("attach after the detach keys: exit %d\n%s", code, out.String())
	}
	if l := psLine(t, name); !strings.Contains(l, "|Up ") {
		t.Fatalf("after detach: %q, want the container still up (its stdin kept open)", l)
	}
	r := runCmdIn(t, envWith(testRoot, testState), strings.NewReader("two\nquit\n"), bin(t, "tent"), "attach", name)
	if r.Code != 5 || !strings.Contains(r.Stdout, "got-two") {
		t.Errorf("second attach: want got-two and the container's exit code 5\n%s", r)
	}
	if logs := tent(t, "logs", name); !strings.Contains(logs.Stdout, "got-one") || !strings.Contains(logs.Stdout, "got-two") {
		t.Errorf("logs: want both answers\n%s", logs)
	}
	if r := tent(t, "attach", "no-such-container-"+name); r.Code == 0 || !strings.Contains(strings.ToLower(r.Stderr), "no such container") {
		t.Errorf("attach to a missing container:\n%s", r)
	}
}

// run -d without -i: the container's stdin is /dev/null (it reads EOF at
// once), and what an attach client types goes nowhere.
func TestAttachNoStdinWithoutI(t *testing.T) {
	name := uniq("an")
	runD(t, "--name", name, busyboxImage(t), "sh", "-c", `cat; echo cat-done; sleep 30`)
	waitFor(t, 5*time.Second, "cat to see EOF", func() bool {
		return strings.Contains(tent(t, "logs", name).Stdout, "cat-done")
	})
}

// run -a: only the named streams are shown, the others are not; -i gives
// the container stdin whatever -a says; bad streams and -a with -d are
// refused with 125 before anything is made.
func TestRunAttachStreams(t *testing.T) {
	img := busyboxImage(t)
	script := "echo to-out; echo to-err >&2"
	for _, c := range []struct {
		attach           []string
		wantOut, wantErr bool
	}{
		{nil, true, true},
		{[]string{"-a", "stdout"}, true, false},
		{[]string{"-a", "STDERR"}, false, true},
		{[]string{"-a", "stdout", "--attach", "stderr"}, true, true},
		{[]string{"-a", "stdin"}, false, false},
	} {
		r := tent(t, append(append([]string{"run", "--rm", "--network", "none"}, c.attach...), img, "sh", "-c", script)...)
		if r.Code != 0 || strings.Contains(r.Stdout, "to-out") != c.wantOut || strings.Contains(r.Stderr, "to-err") != c.wantErr {
			t.Errorf("run %v: want stdout shown %v, stderr shown %v\n%s", c.attach, c.wantOut, c.wantErr, r)
		}
	}
	r := runCmdIn(t, envWith(testRoot, testState), strings.NewReader("typed\n"), bin(t, "tent"),
		"run", "--rm", "-i", "-a", "stdout", "--network", "none", img, "sh", "-c", "read l; echo got-$l; echo e >&2; exit 3")
	if r.Code != 3 || strings.TrimSpace(r.Stdout) != "got-typed" || r.Stderr != "" {
		t.Errorf("run -i -a stdout: want got-typed on stdout, nothing on stderr, exit 3\n%s", r)
	}
	before := tent(t, "ps", "-a", "-q").Stdout
	for _, c := range []struct {
		args []string
		want string
	}{
		{[]string{"-a", "stdfoo"}, "valid streams are STDIN, STDOUT and STDERR"},
		{[]string{"-d", "-a", "stdout"}, "conflicting options: -a and -d"},
	} {
		r := tent(t, append(append([]string{"run", "--network", "none"}, c.args...), img, "true")...)
		if r.Code != 125 || !strings.Contains(r.Stderr, c.want) {
			t.Errorf("run %v: want exit 125 and %q\n%s", c.args, c.want, r)
		}
	}
	if after := tent(t, "ps", "-a", "-q").Stdout; after != before {
		t.Errorf("a refused run left a container: before %q, after %q", before, after)
	}
}
