package main

func startCmd() *command {
	return &command{
		name: "start", usage: "<container-id>", minArgs: 1, maxArgs: 1,
		short: "let a created container run its process",
		run: func(g *globals, args []string) error {
			_, c, err := loadContainer(g, args[0])
			if err != nil {
				return err
			}
			return c.Start()
		},
	}
}
