package engine

import (
	"errors"
	"testing"

	"github.com/tent-dev/tent/internal/exitcode"
)

type codeErr int

func (c codeErr) Error() string { return "inner" }
func (c codeErr) ExitCode() int { return int(c) }

func TestEngineErrKeepsInnerCode(t *testing.T) {
	for _, tc := range []struct {
		err  error
		want int
	}{
		{engineErr("start: %w", codeErr(127)), 127},
		{engineErr("start: %w", codeErr(126)), 126},
		{engineErr("create: %w", errors.New("boom")), 125},
		{errors.New("plain"), 125},
	} {
		if got := exitcode.Or(tc.err, exitcode.Engine); got != tc.want {
			t.Errorf("%v: code %d, want %d", tc.err, got, tc.want)
		}
	}
}
