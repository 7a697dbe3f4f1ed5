package main

import (
	"fmt"
	"io"
	"os"
	"strings"

	"github.com/spf13/cobra"

	"github.com/tent-dev/tent/internal/version"
)

// versionData is what `tent version --format` templates see, as docker
// version's: {{.Client.Version}}, {{json .}}.
type versionData struct {
	Client version.Info
}

func newVersionCmd() *cobra.Command {
	var format string
	cmd := &cobra.Command{
		Use:   "version [OPTIONS]",
		Short: "Show the tent version information",
		Args:  cobra.NoArgs,
		RunE: func(*cobra.Command, []string) error {
			return writeVersion(os.Stdout, versionData{Client: version.Get()}, format)
		},
	}
	cmd.Flags().StringVarP(&format, "format", "f", "", "format the output with a Go template ('{{json .}}')")
	return cmd
}

func writeVersion(w io.Writer, d versionData, format string) error {
	if format != "" {
		return writeTemplate(w, []versionData{d}, format, versionData{})
	}
	_, err := io.WriteString(w, formatVersion(d.Client))
	return err
}

// formatVersion lays the information out as docker version's Client section.
func formatVersion(v version.Info) string {
	var b strings.Builder
	p := func(k, v string) { fmt.Fprintf(&b, " %-19s %s\n", k+":", v) }
	b.WriteString("Client:\n")
	p("Version", v.Version)
	p("Go version", v.GoVersion)
	p("Git commit", v.GitCommit)
	p("Built", v.Built)
	p("OS/Arch", v.Os+"/"+v.Arch)
	p("Runtime spec", v.RuntimeSpec)
	return b.String()
}
