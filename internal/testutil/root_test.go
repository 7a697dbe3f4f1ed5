package testutil

import (
	"fmt"
	"testing"
)

// skipRecorder is a testing.TB whose Skip only records its message.
type skipRecorder struct {
	testing.TB
	skipped string
}

func (s *skipRecorder) Helper()          {}
func (s *skipRecorder) Skip(args ...any) { s.skipped = fmt.Sprint(args...) }

func TestRequireRoot(t *testing.T) {
	for _, tc := range []struct {
		euid int
		why  []string
		want string
	}{
		{0, nil, ""},
		{0, []string{"mounts"}, ""},
		{1000, nil, "needs root"},
		{65534, []string{"unpacking", "chowns"}, "needs root: unpacking chowns"},
	} {
		rec := &skipRecorder{TB: t}
		requireRoot(rec, tc.euid, tc.why)
		if rec.skipped != tc.want {
			t.Errorf("euid %d: skipped %q, want %q", tc.euid, rec.skipped, tc.want)
		}
	}
}
