package main

import (
	"fmt"
	"strings"

	"github.com/spf13/cobra"

	"github.com/tent-dev/tent/internal/engine"
	"github.com/tent-dev/tent/network"
)

func newPortCmd() *cobra.Command {
	return &cobra.Command{
		Use:   "port CONTAINER [PRIVATE_PORT[/PROTO]]",
		Short: "List port mappings or a specific mapping for the container",
		Args:  cobra.RangeArgs(1, 2),
		RunE: func(cmd *cobra.Command, args []string) error {
			e, err := openEngine()
			if err != nil {
				return err
			}
			id, ports, err := e.Ports(args[0])
			if err != nil {
				return err
			}
			lines, err := portLines(ports, args[1:])
			if err != nil {
				return fmt.Errorf("container %s: %w", engine.ShortID(id), err)
			}
			for _, l := range lines {
				fmt.Fprintln(cmd.OutOrStdout(), l)
			}
			return nil
		},
	}
}

// portLines formats mappings as Docker does: "80/tcp -> 0.0.0.0:8080", or
// only "0.0.0.0:8080" when one private port is asked for.
func portLines(ps []network.PortMapping, filter []string) ([]string, error) {
	var out []string
	for _, p := range ps {
		priv := fmt.Sprintf("%d/%s", p.ContainerPort, p.Proto)
		pub := fmt.Sprintf("%s:%d", orAny(p.HostIP), p.HostPort)
		switch {
		case len(filter) == 0:
			out = append(out, priv+" -> "+pub)
		case filter[0] == priv || (!strings.Contains(filter[0], "/") && filter[0]+"/tcp" == priv):
			out = append(out, pub)
		}
	}
	if len(filter) > 0 && len(out) == 0 {
		return nil, fmt.Errorf("no public port '%s' published", filter[0])
	}
	return out, nil
}

func orAny(ip string) string {
	if ip == "" {
		return "0.0.0.0"
	}
	return ip
}
