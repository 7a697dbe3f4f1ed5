package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"strings"

	"github.com/spf13/cobra"

	"github.com/tent-dev/tent/internal/engine"
)

func newInspectCmd() *cobra.Command {
	var format string
	cmd := &cobra.Command{
		Use:   "inspect [OPTIONS] CONTAINER...",
		Short: "Display detailed information on containers (JSON, like docker inspect)",
		Args:  cobra.MinimumNArgs(1),
		RunE: func(_ *cobra.Command, args []string) error {
			e, err := openEngine()
			if err != nil {
				return err
			}
			var all []*engine.Inspect
			err = eachRef(args, func(ref string) error {
				in, err := e.Inspect(ref)
				if err != nil {
					return err
				}
				if format != "" {
					s, err := formatInspect(in, format)
					if err != nil {
						return err
					}
					fmt.Print(s)
					return nil
				}
				all = append(all, in)
				return nil
			})
			if format == "" {
				if all == nil {
					all = []*engine.Inspect{}
				}
				b, merr := json.MarshalIndent(all, "", "    ")
				if merr != nil {
					return merr
				}
				os.Stdout.Write(append(b, '\n'))
			}
			return err
		},
	}
	cmd.Flags().StringVarP(&format, "format", "f", "", "format the output with a Go template")
	return cmd
}

// formatInspect renders one inspect result with a Go template (-f). As
// docker's, the template sees the JSON document ({{.Id}}, {{.State.Status}}).
func formatInspect(in *engine.Inspect, format string) (string, error) {
	b, err := json.Marshal(in)
	if err != nil {
		return "", err
	}
	var doc any
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.UseNumber() // 1073741824, not 1.073741824e+09
	if err := dec.Decode(&doc); err != nil {
		return "", err
	}
	var buf strings.Builder
	if err := writeTemplate(&buf, []any{doc}, format, nil); err != nil {
		return "", fmt.Errorf("inspect format: %w", err)
	}
	return buf.String(), nil
}
