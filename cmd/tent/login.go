package main

func init() {
	register("login", helperCommand("login", "login [-u USER] [-p PASSWORD | --password-stdin] [SERVER]",
		"Log in to a registry (default: Docker Hub)"))
	register("logout", helperCommand("logout", "logout [SERVER]", "Log out from a registry (default: Docker Hub)"))
}
