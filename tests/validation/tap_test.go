package main

import (
	"reflect"
	"testing"
)

func TestParseTAP(t *testing.T) {
	for _, tc := range []struct {
		name string
		out  string
		exit int
		want outcome
	}{
		{"all ok", "TAP version 13\nok 1 - a\nok 2 - b\n1..2\n", 0,
			outcome{Pass: true, Planned: 2, Ran: 2}},
		{"skip passes", "TAP version 13\n1..1\nok 1 # SKIP no apparmor\n", 0,
			outcome{Pass: true, Planned: 1, Ran: 1, Skipped: 1}},
		{"a failure", "ok 1 - a\nnot ok 2 - hooks run in order\n  ---\n  error: x\n  ...\n1..2\n", 0,
			outcome{Planned: 2, Ran: 2, Failures: []string{"hooks run in order"}}},
		{"crashed midway", "1..3\nok 1 - a\n", 2,
			outcome{Planned: 3, Ran: 1, Exit: 2, Note: "ran 1 of 3 planned"}},
		{"gave up", "TAP version 13\n  ---\n  {\n    \"error\": \"Hooks MUST be called in order\\nRefer to: x\"\n  }\n  ...\n1..0\n", 0,
			outcome{Errors: []string{"Hooks MUST be called in order"}}},
		{"no plan", "error: runtime not found\n", 1, outcome{Exit: 1}},
		{"exit code fails", "1..1\nok 1 - a\n", 1, outcome{Planned: 1, Ran: 1, Exit: 1}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := parseTAP(tc.out, tc.exit); !reflect.DeepEqual(got, tc.want) {
				t.Errorf("parseTAP = %+v, want %+v", got, tc.want)
			}
		})
	}
}
