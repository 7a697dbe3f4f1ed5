package main

import (
	"encoding/json"
	"fmt"
	"text/tabwriter"

	"github.com/spf13/cobra"

	"github.com/tent-dev/tent/internal/logconf"
	"github.com/tent-dev/tent/network"
)

func netManager() (*network.Manager, error) {
	l := g.layout()
	return network.New(l.NetworkDir(), l.NetnsDir(), network.WithHostsPath(l.HostsFile),
		network.WithLogger(logconf.Debug(g.log, "network")))
}

func newNetworkCmd() *cobra.Command {
	cmd := &cobra.Command{Use: "network", Short: "Manage networks"}
	cmd.AddCommand(newNetworkCreateCmd(), newNetworkLsCmd(), newNetworkRmCmd(), newNetworkInspectCmd())
	return cmd
}

func newNetworkCreateCmd() *cobra.Command {
	var subnet string
	cmd := &cobra.Command{
		Use:   "create [--subnet CIDR] NAME",
		Short: "Create a bridge network; its containers find each other by name",
		Args:  cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			m, err := netManager()
			if err != nil {
				return err
			}
			n, err := m.CreateNetwork(args[0], subnet)
			if err != nil {
				return err
			}
			fmt.Fprintln(cmd.OutOrStdout(), n.Name)
			return nil
		},
	}
	cmd.Flags().StringVar(&subnet, "subnet", "", "IPv4 subnet in CIDR form (default: a free one)")
	return cmd
}

func newNetworkLsCmd() *cobra.Command {
	return &cobra.Command{
		Use:     "ls",
		Aliases: []string{"list"},
		Short:   "List networks",
		Args:    cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			m, err := netManager()
			if err != nil {
				return err
			}
			nets, err := m.Networks()
			if err != nil {
				return err
			}
			w := tabwriter.NewWriter(cmd.OutOrStdout(), 0, 8, 3, ' ', 0)
			fmt.Fprintln(w, "NAME\tDRIVER\tBRIDGE\tSUBNET\tGATEWAY")
			seen := map[string]bool{}
			for _, n := range nets {
				seen[n.Name] = true
				fmt.Fprintf(w, "%s\tbridge\t%s\t%s\t%s\n", n.Name, n.Bridge, n.Subnet, n.Gateway)
			}
			if !seen[network.DefaultNetwork] {
				fmt.Fprintf(w, "%s\tbridge\t(made on first use)\t\t\n", network.DefaultNetwork)
			}
			fmt.Fprintf(w, "%s\thost\t\t\t\n%s\tnull\t\t\t\n", network.HostNetwork, network.NoneNetwork)
			return w.Flush()
		},
	}
}

func newNetworkRmCmd() *cobra.Command {
	return &cobra.Command{
		Use:     "rm NAME [NAME...]",
		Aliases: []string{"remove"},
		Short:   "Remove networks",
		Args:    cobra.MinimumNArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			m, err := netManager()
			if err != nil {
				return err
			}
			for _, name := range args {
				switch name {
				case network.DefaultNetwork, network.HostNetwork, network.NoneNetwork:
					return fmt.Errorf("%s is a pre-defined network and cannot be removed", name)
				}
				if err := m.RemoveNetwork(name); err != nil {
					return err
				}
				fmt.Fprintln(cmd.OutOrStdout(), name)
			}
			return nil
		},
	}
}

func newNetworkInspectCmd() *cobra.Command {
	return &cobra.Command{
		Use:   "inspect NAME [NAME...]",
		Short: "Show networks and their containers as JSON",
		Args:  cobra.MinimumNArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			m, err := netManager()
			if err != nil {
				return err
			}
			type view struct {
				network.Network
				Containers map[string]network.Attachment `json:"Containers"`
			}
			var out []view
			for _, name := range args {
				n, members, err := m.Inspect(name)
				if err != nil {
					return err
				}
				out = append(out, view{*n, members})
			}
			enc := json.NewEncoder(cmd.OutOrStdout())
			enc.SetIndent("", "    ")
			return enc.Encode(out)
		},
	}
}
