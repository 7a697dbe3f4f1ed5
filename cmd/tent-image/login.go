package main

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"strings"

	"github.com/spf13/cobra"
	"golang.org/x/term"

	"github.com/tent-dev/tent/image/registry"
	"github.com/tent-dev/tent/internal/logconf"
)

// loginFlags are docker login's.
type loginFlags struct {
	user, password string
	stdin          bool
}

func newLoginCmd() *cobra.Command {
	var f loginFlags
	cmd := &cobra.Command{
		Use:   "login [-u USER] [-p PASSWORD | --password-stdin] [SERVER]",
		Short: "Log in to a registry (default: Docker Hub)",
		Args:  cobra.MaximumNArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			return runLogin(cmd.Context(), firstArg(args), f, os.Stdin)
		},
	}
	cmd.Flags().StringVarP(&f.user, "username", "u", "", "username")
	cmd.Flags().StringVarP(&f.password, "password", "p", "", "password (insecure: prefer --password-stdin)")
	cmd.Flags().BoolVar(&f.stdin, "password-stdin", false, "read the password from stdin")
	return cmd
}

func newLogoutCmd() *cobra.Command {
	return &cobra.Command{
		Use:   "logout [SERVER]",
		Short: "Log out from a registry (default: Docker Hub)",
		Args:  cobra.MaximumNArgs(1),
		RunE: func(_ *cobra.Command, args []string) error {
			return runLogout(firstArg(args))
		},
	}
}

func runLogin(ctx context.Context, server string, f loginFlags, stdin *os.File) error {
	if ctx == nil {
		ctx = context.Background()
	}
	if err := readSecret(&f, stdin); err != nil {
		return err
	}
	c, err := registry.LoadCredentials("")
	if err != nil {
		return err
	}
	if _, err := registry.Login(ctx, c, server, f.user, f.password,
		registry.WithLogger(logconf.Debug(g.log, "registry"))); err != nil {
		return err
	}
	fmt.Println("Login Succeeded")
	return nil
}

// readSecret fills the password from stdin or a prompt, as docker login.
func readSecret(f *loginFlags, stdin *os.File) error {
	switch {
	case f.stdin && f.password != "":
		return errors.New("--password and --password-stdin are mutually exclusive")
	case f.stdin && f.user == "":
		return errors.New("must provide --username with --password-stdin")
	case f.stdin:
		b, err := io.ReadAll(io.LimitReader(stdin, 64<<10))
		if err != nil {
			return fmt.Errorf("read password from stdin: %w", err)
		}
		f.password = strings.TrimRight(string(b), "\r\n")
		return nil
	case f.password != "":
		fmt.Fprintln(os.Stderr, "WARNING! Using --password via the CLI is insecure. Use --password-stdin.")
		return nil
	}
	if !term.IsTerminal(int(stdin.Fd())) {
		return errors.New("cannot prompt for a password: stdin is not a terminal (use --password-stdin)")
	}
	if f.user == "" {
		fmt.Print("Username: ")
		line, err := bufio.NewReader(stdin).ReadString('\n')
		if err != nil {
			return fmt.Errorf("read username: %w", err)
		}
		f.user = strings.TrimSpace(line)
	}
	fmt.Print("Password: ")
	b, err := term.ReadPassword(int(stdin.Fd()))
	fmt.Println()
	if err != nil {
		return fmt.Errorf("read password: %w", err)
	}
	f.password = string(b)
	return nil
}

func runLogout(server string) error {
	key, _, err := registry.ServerKey(server)
	if err != nil {
		return err
	}
	c, err := registry.LoadCredentials("")
	if err != nil {
		return err
	}
	if err := c.Erase(key); errors.Is(err, registry.ErrNotLoggedIn) {
		fmt.Printf("Not logged in to %s\n", key)
		return nil
	} else if err != nil {
		return err
	}
	fmt.Printf("Removing login credentials for %s\n", key)
	return nil
}

func firstArg(args []string) string {
	if len(args) == 0 {
		return ""
	}
	return args[0]
}
