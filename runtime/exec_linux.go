package runtime

import (
	"os"

	specs "github.com/opencontainers/runtime-spec/specs-go"
)

func (c *container) Exec(p *specs.Process, stdio Stdio, console func(*os.File) error) (Process, error) {
	return nil, ErrNotImplemented
}

func execStage2(cfg *initConfig, sync *syncConn) error { return ErrNotImplemented }
