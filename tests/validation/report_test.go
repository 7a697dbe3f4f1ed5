package main

import (
	"bytes"
	"strings"
	"testing"
)

func TestWriteTable(t *testing.T) {
	r := &results{
		Runtimes: []string{"a", "b"},
		Tests:    []string{"create", "hooks", "poststart"},
		Outcomes: map[string]map[string]outcome{
			"create":    {"a": {Pass: true, Planned: 1, Ran: 1}, "b": {Pass: true, Planned: 1, Ran: 1, Skipped: 1}},
			"hooks":     {"a": {Pass: true, Planned: 2, Ran: 2}, "b": {Planned: 2, Ran: 2, Failures: []string{"poststart order"}}},
			"poststart": {"a": {Pass: true, Planned: 1, Ran: 1}, "b": {Errors: []string{"Hooks MUST be called in order"}}},
		},
	}
	var b bytes.Buffer
	writeTable(&b, r)
	for _, want := range []string{
		"| test | a | b |\n|---|---|---|\n",
		"| create | ok | skip |\n",
		"| hooks | ok | FAIL |\n",
		"| poststart | ok | FAIL (1..0) |\n",
		"| passed | **3/3** | **1/3** |\n",
		"| passed or 1..0 (as prove counts) | 3 | 2 |\n",
		"- poststart: Hooks MUST be called in order\n",
		"b failures:\n- hooks: 1 of 2 checks failed: poststart order\n",
	} {
		if !strings.Contains(b.String(), want) {
			t.Errorf("table lacks %q:\n%s", want, b.String())
		}
	}
}
