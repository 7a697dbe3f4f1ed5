package main

import "fmt"

// The "network" group: what the bridge network adds to `tent run --rm
// IMG /bin/true` (start to exit, including teardown) over --network none,
// and with a published port (DNAT rules added and deleted).
func init() {
	benches = append(benches,
		bench{name: "tent run --network none", group: "network", setup: setupTentNet("none", false)},
		bench{name: "tent run --network bridge", group: "network", setup: setupTentNet("bridge", false)},
		bench{name: "tent run -p (bridge)", group: "network", setup: setupTentNet("bridge", true)},
	)
	ratios = append(ratios,
		[2]string{"tent run --network bridge", "tent run --network none"},
		[2]string{"tent run -p (bridge)", "tent run --network none"},
	)
}

func setupTentNet(network string, publish bool) func(*env) (*runner, error) {
	return func(e *env) (*runner, error) {
		img, err := e.image()
		if err != nil {
			return nil, err
		}
		args := []string{"run", "--rm", "--network", network}
		if publish {
			args = append(args, "-p", fmt.Sprintf("%d:80", 18960))
		}
		args = append(args, img, "/bin/true")
		return &runner{run: func(int) error {
			cmd, err := e.tentCmd(args...)
			if err != nil {
				return err
			}
			return run(cmd)
		}}, nil
	}
}
