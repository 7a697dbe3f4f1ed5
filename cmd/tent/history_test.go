package main

import (
	"bytes"
	"strings"
	"testing"
	"time"

	"github.com/tent-dev/tent/image"
)

func TestPrintHistory(t *testing.T) {
	id := "sha256:" + strings.Repeat("ab", 32)
	long := "/bin/sh -c apk add --no-cache python3 py3-pip\tgcc musl-dev"
	h := []image.HistoryEntry{
		{ID: id, Created: time.Now().Add(-3 * time.Hour), CreatedBy: "CMD [\"sh\"]"},
		{ID: "<missing>", Created: time.Now().Add(-3 * time.Hour), CreatedBy: long, Size: 4_260_000, Comment: "buildkit"},
	}
	tests := []struct {
		name string
		f    historyFlags
		want []string
	}{
		{"table", historyFlags{human: true}, []string{
			"IMAGE          CREATED       CREATED BY                                      SIZE     COMMENT",
			"abababababab   3 hours ago   CMD [\"sh\"]                                      0B       ",
			"<missing>      3 hours ago   /bin/sh -c apk add --no-cache python3 py3-pi…   4.26MB   buildkit"}},
		{"quiet", historyFlags{quiet: true}, []string{"abababababab", "<missing>"}},
		{"no-trunc", historyFlags{quiet: true, noTrunc: true}, []string{id, "<missing>"}},
		{"format", historyFlags{human: true, format: "{{.ID}}|{{.Size}}|{{.Comment}}"}, []string{"abababababab|0B|", "<missing>|4.26MB|buildkit"}},
		{"bytes", historyFlags{format: "{{.Size}}"}, []string{"0", "4260000"}},
	}
	for _, tt := range tests {
		var b bytes.Buffer
		if err := printHistory(&b, h, tt.f); err != nil {
			t.Fatal(err)
		}
		got := strings.Split(strings.TrimRight(b.String(), "\n"), "\n")
		if strings.Join(got, "\n") != strings.Join(tt.want, "\n") {
			t.Errorf("%s:\n%s\nwant:\n%s", tt.name, strings.Join(got, "\n"), strings.Join(tt.want, "\n"))
		}
	}
}
