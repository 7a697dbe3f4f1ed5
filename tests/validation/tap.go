package main

import (
	"strconv"
	"strings"
)

// outcome is what one validation program reported in TAP.
type outcome struct {
	Pass     bool     `json:"pass"`
	Planned  int      `json:"planned"`  // the plan's N (1..N)
	Ran      int      `json:"ran"`      // ok and not ok lines
	Skipped  int      `json:"skipped"`  // ok lines with a # SKIP directive
	Failures []string `json:"failures"` // descriptions of the not ok lines
	Exit     int      `json:"exit"`     // the program's exit code
	// Errors are the diagnostics' "error" values: why a program that
	// planned nothing (1..0, which prove counts as skipped) gave up.
	Errors  []string `json:"errors,omitempty"`
	Note    string   `json:"note,omitempty"`
	Seconds float64  `json:"seconds"` // how long the program ran
}

// parseTAP reads a program's TAP output: it passes when it exited 0, ran as
// many checks as it planned and none failed (skips pass, as with prove).
func parseTAP(out string, exit int) outcome {
	o := outcome{Exit: exit}
	for _, line := range strings.Split(out, "\n") {
		line = strings.TrimSpace(line)
		switch {
		case strings.HasPrefix(line, "1.."):
			n, err := strconv.Atoi(strings.Fields(strings.TrimPrefix(line, "1.."))[0])
			if err == nil {
				o.Planned = n
			}
		case strings.HasPrefix(line, `"error": "`):
			e, _, _ := strings.Cut(strings.TrimPrefix(line, `"error": "`), `\n`)
			o.Errors = append(o.Errors, strings.TrimSuffix(strings.TrimSuffix(e, ","), `"`))
		case strings.HasPrefix(line, "not ok"):
			o.Ran++
			o.Failures = append(o.Failures, tapDesc(line))
		case strings.HasPrefix(line, "ok"):
			o.Ran++
			if strings.Contains(strings.ToLower(line), "# skip") {
				o.Skipped++
			}
		}
	}
	o.Pass = exit == 0 && o.Planned > 0 && o.Ran == o.Planned && len(o.Failures) == 0
	if o.Planned > 0 && o.Ran != o.Planned {
		o.Note = "ran " + strconv.Itoa(o.Ran) + " of " + strconv.Itoa(o.Planned) + " planned"
	}
	return o
}

// tapDesc is the description of a test line: "not ok 3 - desc" -> "desc".
func tapDesc(line string) string {
	line = strings.TrimSpace(strings.TrimPrefix(line, "not ok"))
	if i := strings.IndexByte(line, ' '); i >= 0 {
		if _, err := strconv.Atoi(line[:i]); err == nil {
			line = line[i+1:]
		}
	}
	return strings.TrimSpace(strings.TrimPrefix(line, "- "))
}

// gaveUp reports a program that exited 0 having planned nothing (1..0):
// prove counts it as skipped, we as failed (it says why in Errors).
func (o outcome) gaveUp() bool {
	return !o.Pass && o.Exit == 0 && o.Planned == 0 && o.Ran == 0
}
