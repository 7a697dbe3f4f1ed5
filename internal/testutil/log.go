package testutil

import (
	"strings"

	"github.com/sirupsen/logrus"
	logtest "github.com/sirupsen/logrus/hooks/test"
)

// DebugLogger is a logrus logger at debug level that writes nowhere; the
// hook keeps every entry, for Messages.
func DebugLogger() (*logrus.Logger, *logtest.Hook) {
	l, h := logtest.NewNullLogger()
	l.SetLevel(logrus.DebugLevel)
	return l, h
}

// Messages is every message the hook saw, one a line.
func Messages(h *logtest.Hook) string {
	var b strings.Builder
	for _, e := range h.AllEntries() {
		b.WriteString(e.Message + "\n")
	}
	return b.String()
}
