package testutil

import (
	"os"
	"strings"
	"testing"
)

// RequireRoot skips the test unless it runs as root (effective uid 0);
// why, when given, says what needs root.
func RequireRoot(t testing.TB, why ...string) {
	t.Helper()
	requireRoot(t, os.Geteuid(), why)
}

func requireRoot(t testing.TB, euid int, why []string) {
	t.Helper()
	if euid == 0 {
		return
	}
	msg := "needs root"
	if len(why) > 0 {
		msg += ": " + strings.Join(why, " ")
	}
	t.Skip(msg)
}
