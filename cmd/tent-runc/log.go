package main

import (
	"encoding/json"
	"fmt"
	"io"
	"os"
	"strconv"
	"time"
)

// logger writes runc's log lines to --log (stderr without it): in json,
// {"level":"error","msg":"...","time":"..."} per line, which containerd's
// shim and conmon read back (the last error line) when a command fails;
// in text, logrus's time="..." level=... msg="...". With --log set, an
// error also goes to stderr, as runc prints it.
type logger struct {
	w      io.Writer
	file   *os.File // --log, nil on stderr
	stderr io.Writer
	json   bool
	debug  bool
	now    func() time.Time
}

func newLogger(path, format string, debug bool, stderr io.Writer) (*logger, error) {
	l := &logger{w: stderr, stderr: stderr, json: format == "json", debug: debug, now: time.Now}
	if path == "" {
		return l, nil
	}
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_APPEND, 0o644)
	if err != nil {
		return nil, fmt.Errorf("open log file: %w", err)
	}
	l.w, l.file = f, f
	return l, nil
}

func (l *logger) close() {
	if l.file != nil {
		l.file.Close()
	}
}

// line formats one log line.
func (l *logger) line(level, msg string) []byte {
	t := l.now().Format(time.RFC3339Nano)
	if l.json {
		b, _ := json.Marshal(struct {
			Level string `json:"level"`
			Msg   string `json:"msg"`
			Time  string `json:"time"`
		}{level, msg, t})
		return append(b, '\n')
	}
	return fmt.Appendf(nil, "time=%q level=%s msg=%s\n", t, level, strconv.Quote(msg))
}

// errorf logs an error: to --log (then also as plain text on stderr, as
// runc prints it); without --log, on stderr as a json line with
// --log-format json, else as plain text.
func (l *logger) errorf(format string, args ...any) {
	msg := fmt.Sprintf(format, args...)
	if l.file != nil || l.json {
		_, _ = l.w.Write(l.line("error", msg))
	}
	if l.file != nil || !l.json {
		fmt.Fprintln(l.stderr, msg)
	}
}

func (l *logger) warnf(format string, args ...any) {
	_, _ = l.w.Write(l.line("warning", fmt.Sprintf(format, args...)))
}

// Debugf is the runtime's debug logger (runtime.WithLogger), on with --debug.
func (l *logger) Debugf(format string, args ...any) {
	if l.debug {
		_, _ = l.w.Write(l.line("debug", fmt.Sprintf(format, args...)))
	}
}
