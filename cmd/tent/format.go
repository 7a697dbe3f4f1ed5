package main

import (
	"encoding/json"
	"fmt"
	"io"
	"strings"
	"text/tabwriter"
	"text/template"
	"unicode/utf8"
)

// writeTemplate renders rows with a Go template, as docker's --format: a
// "table " prefix adds a header row (header rendered with the same
// template) and aligns the columns; in a table CREATED is RunningFor.
func writeTemplate[T any](w io.Writer, rows []T, format string, header T) error {
	// As docker: "\t" and "\n" typed in a shell argument are a tab and a newline.
	format = strings.NewReplacer(`\t`, "\t", `\n`, "\n").Replace(format)
	table := strings.HasPrefix(format, "table ")
	format = strings.TrimPrefix(format, "table ")
	if table {
		format = strings.ReplaceAll(format, "{{.CreatedAt}}", "{{.RunningFor}}")
	}
	tmpl, err := template.New("format").Funcs(template.FuncMap{"json": toJSON}).Parse(format + "\n")
	if err != nil {
		return fmt.Errorf("invalid format: %w", err)
	}
	out := w
	var tw *tabwriter.Writer
	if table {
		tw = tabwriter.NewWriter(w, 10, 1, 3, ' ', 0)
		out = tw
		if err := tmpl.Execute(out, header); err != nil {
			return err
		}
	}
	for _, r := range rows {
		if err := tmpl.Execute(out, r); err != nil {
			return fmt.Errorf("format: %w", err)
		}
	}
	if tw != nil {
		return tw.Flush()
	}
	return nil
}

func toJSON(v any) (string, error) {
	b, err := json.Marshal(v)
	return string(b), err
}

// ellipsis cuts s to n runes, the last one "…".
func ellipsis(s string, n int) string {
	if utf8.RuneCountInString(s) <= n {
		return s
	}
	r := []rune(s)
	return string(r[:n-1]) + "…"
}

// writeJSONLines writes each row as one JSON line, as docker's --format json.
func writeJSONLines[T any](w io.Writer, rows []T) error {
	enc := json.NewEncoder(w)
	for _, r := range rows {
		if err := enc.Encode(r); err != nil {
			return err
		}
	}
	return nil
}
