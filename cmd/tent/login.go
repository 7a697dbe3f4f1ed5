package main

import "github.com/spf13/cobra"

func newLoginCmd() *cobra.Command {
	return helperCommand("login", "login [-u USER] [-p PASSWORD | --password-stdin] [SERVER]",
		"Log in to a registry (default: Docker Hub)")
}

func newLogoutCmd() *cobra.Command {
	return helperCommand("logout", "logout [SERVER]", "Log out from a registry (default: Docker Hub)")
}
