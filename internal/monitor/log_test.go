package monitor

import (
	"context"
	"strings"
	"testing"

	"github.com/tent-dev/tent/internal/container"
	"github.com/tent-dev/tent/internal/layout"
	"github.com/tent-dev/tent/internal/testutil"
)

func TestRunLogs(t *testing.T) {
	tests := []struct {
		name   string
		logger bool
		want   []string
	}{
		{"off by default", false, nil},
		{"decisions", true, []string{
			"running ID: pid ",
			"exited ID: code 3, oom false",
			"restart ID after ",
			"no restart of ID: policy on-failure:1, code 3, 1 restarts",
			"remove ID (--rm)",
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s, _ := container.Open(layout.New(t.TempDir(), ""))
			rec := &container.Record{}
			if err := s.Create(rec); err != nil {
				t.Fatal(err)
			}
			p, _ := ParsePolicy("on-failure:1")
			l, h := testutil.DebugLogger()
			c := Config{ID: rec.ID, Store: s, Target: &fakeTarget{code: 3}, Policy: p, Rm: true}
			if tt.logger {
				c.Logger = l
			}
			if err := Run(context.Background(), c); err != nil {
				t.Fatal(err)
			}
			out := testutil.Messages(h)
			if len(tt.want) == 0 && len(out) > 0 {
				t.Fatalf("logged without a Logger:\n%s", out)
			}
			for _, w := range tt.want {
				if w = strings.ReplaceAll(w, "ID", rec.ID); !strings.Contains(out, w) {
					t.Errorf("no line %q in\n%s", w, out)
				}
			}
		})
	}
}
