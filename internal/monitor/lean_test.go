package monitor

import (
	"os"
	"strconv"
	"strings"
	"testing"
)

func rssFileKB(t *testing.T) int {
	b, err := os.ReadFile("/proc/self/status")
	if err != nil {
		t.Skip(err)
	}
	for _, l := range strings.Split(string(b), "\n") {
		if f := strings.Fields(l); len(f) > 1 && f[0] == "RssFile:" {
			n, _ := strconv.Atoi(f[1])
			return n
		}
	}
	t.Skip("no RssFile")
	return 0
}

func TestTrimDropsBinaryPages(t *testing.T) {
	tr := newTrimmer()
	if len(tr.spans) == 0 {
		t.Skip("no read-only mappings of the test binary found")
	}
	before := rssFileKB(t)
	tr.trim()
	after := rssFileKB(t)
	t.Logf("RssFile %d kB → %d kB (%d spans)", before, after, len(tr.spans))
	if after >= before {
		t.Errorf("trim did not drop file pages: %d → %d kB", before, after)
	}
}
